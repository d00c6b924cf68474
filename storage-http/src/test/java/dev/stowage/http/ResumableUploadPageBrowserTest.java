package dev.stowage.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The upload page's resumable path in headless Chromium: a file at or above the resumable threshold goes
 * through tus in several chunks, with progress to 100 %, and is listed and downloadable; a resumable upload
 * cancelled midway (on a throttled connection) leaves nothing stored or unfinished.
 */
class ResumableUploadPageBrowserTest {
    /** Three tus chunks of at most 5 MiB. */
    private static final int LARGE = 12 << 20;

    @TempDir
    Path tmp;
    TestServer server;
    ChromeDriver browser;

    @BeforeEach
    void start() throws IOException {
        server = TestServer.start(tmp.resolve("uploads"), Map.of(HttpSettings.MAX_FILE_SIZE, "32MiB",
                HttpSettings.RESUMABLE_THRESHOLD, "1MiB"));
        browser = HeadlessChromium.start(tmp, Files.createDirectories(tmp.resolve("downloads")));
        browser.get(server.server.url());
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aLargeFileGoesThroughTusAndIsListedAndDownloadable() throws IOException {
        byte[] bytes = randomBytes(LARGE);
        Path large = Files.write(tmp.resolve("large.bin"), bytes);

        browser.findElement(By.id("file-input")).sendKeys(large.toString());
        browser.findElement(By.id("upload-all")).click();
        new WebDriverWait(browser, Duration.ofSeconds(60))
                .until(b -> b.findElements(By.cssSelector("#uploaded li")).size() == 1);

        WebElement row = browser.findElement(By.cssSelector("#selected li[data-name='large.bin']"));
        assertEquals("100", row.findElement(By.tagName("progress")).getDomProperty("value"));
        assertEquals("100 %", row.findElement(By.className("status")).getText());
        Number patches = (Number) ((JavascriptExecutor) browser).executeScript("return performance"
                + ".getEntriesByType('resource').filter(e => e.initiatorType === 'xmlhttprequest'"
                + " && e.name.includes('" + StowageServlets.TUS_PATH + "/')).length");
        assertEquals(3, patches.intValue(), "PATCH requests to the tus endpoint");
        String href = browser.findElement(By.cssSelector("#uploaded a.open")).getDomProperty("href");
        assertTrue(URI.create(href).getPath().startsWith("/_upload/"), href);
        HttpResponse<byte[]> download = server.sendForBytes(HttpRequest.newBuilder(URI.create(href)));
        assertEquals(200, download.statusCode());
        assertArrayEquals(bytes, download.body());
        assertEquals(0, server.server.storage().dir().abortUnfinishedUploads(Duration.ZERO));
        assertEquals(0L, ((Number) ((JavascriptExecutor) browser).executeScript("return localStorage.length"))
                .longValue(), "a finished upload is forgotten");

        Path target = Files.createDirectories(Path.of("target"));
        Files.write(target.resolve("upload-page-resumable.png"), browser.getScreenshotAs(OutputType.BYTES));
    }

    @Test
    void cancellingAResumableUploadLeavesNothingBehind() throws IOException {
        Path large = Files.write(tmp.resolve("cancelled.bin"), randomBytes(8 << 20));
        browser.executeCdpCommand("Network.enable", Map.of());
        browser.executeCdpCommand("Network.emulateNetworkConditions", Map.of("offline", false, "latency", 0,
                "downloadThroughput", -1, "uploadThroughput", 256 * 1024));

        browser.findElement(By.id("file-input")).sendKeys(large.toString());
        browser.findElement(By.id("upload-all")).click();
        WebElement row = browser.findElement(By.cssSelector("#selected li[data-name='cancelled.bin']"));
        WebElement bar = row.findElement(By.tagName("progress"));
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
        wait.until(b -> Integer.parseInt(bar.getDomProperty("value")) > 0);
        assertEquals(1L, ((Number) ((JavascriptExecutor) browser).executeScript("return localStorage.length"))
                .longValue(), "the upload in flight is remembered for a resume");
        row.findElement(By.className("cancel")).click();
        wait.until(b -> row.findElement(By.className("status")).getText().equals("Cancelled"));

        assertEquals(0, server.server.storage().dir().list("").count());
        assertEquals(0, server.server.storage().dir().abortUnfinishedUploads(Duration.ZERO));
        assertEquals(0L, ((Number) ((JavascriptExecutor) browser).executeScript("return localStorage.length"))
                .longValue(), "a cancelled upload is forgotten");
    }

    private static byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        new SplittableRandom(length).nextBytes(bytes);
        return bytes;
    }
}
