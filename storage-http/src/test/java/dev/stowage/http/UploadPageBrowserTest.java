package dev.stowage.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
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
 * Drives the upload page in headless Chromium: select and drop files, see refusals, cancel one, upload with
 * progress to 100 %, preview an image, download under a new name, and see the error when the server is gone.
 */
class UploadPageBrowserTest {
    @TempDir
    Path tmp;
    TestServer server;
    ChromeDriver browser;
    Path downloads;

    @BeforeEach
    void start() throws IOException {
        server = TestServer.start(tmp.resolve("uploads"), Map.of(HttpSettings.MAX_FILE_SIZE, "100000",
                HttpSettings.ALLOWED_TYPES, "image/*,text/plain"));
        downloads = Files.createDirectories(tmp.resolve("downloads"));
        browser = HeadlessChromium.start(tmp, downloads);
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
    void selectDropCancelUploadPreviewAndDownloadAsANewName() throws IOException {
        Path text = Files.writeString(tmp.resolve("notes.txt"), "some notes", StandardCharsets.UTF_8);
        Path image = tmp.resolve("dot.png");
        ImageIO.write(new BufferedImage(24, 16, BufferedImage.TYPE_INT_RGB), "png", image.toFile());
        Path extra = Files.writeString(tmp.resolve("extra.txt"), "to be cancelled");
        Path big = Files.write(tmp.resolve("big.txt"), new byte[100001]);
        Path html = Files.writeString(tmp.resolve("page.html"), "<b>hi</b>");
        browser.get(server.server.url());

        WebElement input = browser.findElement(By.id("file-input"));
        input.sendKeys(String.join("\n", List.of(text.toString(), image.toString(), extra.toString(), big.toString(),
                html.toString())));
        ((JavascriptExecutor) browser).executeScript(
                "const data = new DataTransfer();"
                + "data.items.add(new File(['dropped by test'], 'dropped.txt', {type: 'text/plain'}));"
                + "document.getElementById('drop-zone').dispatchEvent("
                + "  new DragEvent('drop', {dataTransfer: data, bubbles: true, cancelable: true}));");
        assertEquals(6, browser.findElements(By.cssSelector("#selected li")).size());
        assertTrue(status("big.txt").startsWith("Too large"), status("big.txt"));
        assertTrue(status("page.html").startsWith("Refused type"), status("page.html"));
        assertEquals("Ready", status("dropped.txt"));

        row("extra.txt").findElement(By.className("cancel")).click();
        assertEquals(5, browser.findElements(By.cssSelector("#selected li")).size());

        browser.findElement(By.id("upload-all")).click();
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        wait.until(b -> b.findElements(By.cssSelector("#uploaded li")).size() == 3);
        for (String name : List.of("notes.txt", "dot.png", "dropped.txt")) {
            assertEquals("100", row(name).findElement(By.tagName("progress")).getDomProperty("value"), name);
            assertEquals("100 %", status(name), name);
        }
        assertEquals(3, server.server.storage().dir().list("").count());

        WebElement preview = browser.findElement(By.cssSelector("#uploaded img.preview"));
        wait.until(b -> ((Number) ((JavascriptExecutor) b).executeScript(
                "return arguments[0].naturalWidth", preview)).intValue() == 24);

        WebElement notes = uploadedRow("notes.txt");
        WebElement newName = notes.findElement(By.className("new-name"));
        newName.clear();
        newName.sendKeys("renamed ü.txt");
        String href = notes.findElement(By.className("download-as")).getDomProperty("href");
        assertTrue(href.contains("?download=renamed%20%C3%BC.txt"), href);
        notes.findElement(By.className("download-as")).click();
        // Compared in NFC: the file system keeps the bytes Chromium chose.
        new WebDriverWait(browser, Duration.ofSeconds(30))
                .withMessage(() -> "no 'renamed ü.txt' with the notes among " + listQuietly(downloads))
                .until(b -> listQuietly(downloads).stream().anyMatch(file -> Normalizer.normalize(
                        file.getFileName().toString(), Normalizer.Form.NFC).equals("renamed ü.txt")
                        && readQuietly(file).equals("some notes")));

        byte[] screenshot = browser.getScreenshotAs(OutputType.BYTES);
        Path target = Files.createDirectories(Path.of("target"));
        Files.write(target.resolve("upload-page.png"), screenshot);

        server.close();
        server = null;
        input.sendKeys(Files.writeString(tmp.resolve("later.txt"), "server gone").toString());
        browser.findElement(By.id("upload-all")).click();
        wait.until(b -> status("later.txt").contains("cannot be reached"));
    }

    private WebElement row(String name) {
        return browser.findElement(By.cssSelector("#selected li[data-name='" + name + "']"));
    }

    private String status(String name) {
        return row(name).findElement(By.className("status")).getText();
    }

    private WebElement uploadedRow(String filename) {
        return browser.findElements(By.cssSelector("#uploaded li")).stream()
                .filter(li -> li.findElement(By.className("open")).getText().equals(filename))
                .findFirst().orElseThrow();
    }

    private static List<Path> listQuietly(Path dir) {
        try (var files = Files.list(dir)) {
            return files.toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }

}
