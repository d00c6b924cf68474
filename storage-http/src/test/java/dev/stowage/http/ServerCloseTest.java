package dev.stowage.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.stowage.api.Storage;
import dev.stowage.api.UploadDir;
import dev.stowage.local.LocalStorage;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Closing the standalone server closes its backend only after every request has left, even one still writing to
 * the backend when the stop timeout runs out.
 */
class ServerCloseTest {
    /** How long a save keeps its request thread after writing: longer than the stop timeout. */
    private static final Duration SLOW_SAVE = Duration.ofSeconds(2);

    @TempDir
    Path workDir;

    private final AtomicInteger savesRunning = new AtomicInteger();
    private final AtomicBoolean closedDuringSave = new AtomicBoolean();
    private final CountDownLatch saveBegun = new CountDownLatch(1);

    @Test
    void theBackendClosesOnlyAfterARequestOutlivingTheStopTimeoutHasLeft() throws Exception {
        TestServer server = TestServer.serving(slowSaving(LocalStorage.open(workDir)),
                Map.of(StowageServer.SHUTDOWN_TIMEOUT, "200ms"));
        MultipartBody body = new MultipartBody().file("files", "a.txt", "text/plain",
                "bytes".getBytes(StandardCharsets.UTF_8));
        Thread client = new Thread(() -> {
            try {
                server.send(HttpRequest.newBuilder(server.uri("/_upload"))
                        .header("Content-Type", body.contentType()).POST(body.publisher()));
            } catch (RuntimeException e) {
                // the connection is closed by the stop: what matters is when the backend closes
            }
        });
        client.start();
        saveBegun.await();

        server.close();
        client.join();

        assertFalse(closedDuringSave.get(), "the backend was closed while a request was still saving into it");
        assertEquals(0, savesRunning.get());
    }

    /** {@code storage} whose saves hold their thread for {@link #SLOW_SAVE}, whatever interrupts them. */
    private Storage slowSaving(Storage storage) {
        UploadDir dir = storage.dir();
        UploadDir slowDir = proxy(UploadDir.class, (self, method, args) -> {
            if (!method.getName().startsWith("save")) {
                return invoke(dir, method, args);
            }
            savesRunning.incrementAndGet();
            try {
                saveBegun.countDown();
                Object saved = invoke(dir, method, args);
                holdUninterruptibly(SLOW_SAVE);
                return saved;
            } finally {
                savesRunning.decrementAndGet();
            }
        });
        return proxy(Storage.class, (self, method, args) -> {
            if (method.getName().equals("dir")) {
                return slowDir;
            }
            if (method.getName().equals("close") && savesRunning.get() > 0) {
                closedDuringSave.set(true);
            }
            return invoke(storage, method, args);
        });
    }

    private static <T> T proxy(Class<T> type, InvocationHandler handler) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** Like a blocking socket write: an interrupt does not end it. */
    private static void holdUninterruptibly(Duration duration) {
        Instant until = Instant.now().plus(duration);
        boolean interrupted = false;
        for (Duration left = duration; !left.isNegative() && !left.isZero();
                left = Duration.between(Instant.now(), until)) {
            try {
                Thread.sleep(left.toMillis() + 1);
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
