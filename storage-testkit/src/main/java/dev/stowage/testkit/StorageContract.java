package dev.stowage.testkit;

import dev.stowage.api.Storage;
import dev.stowage.api.UploadDir;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The base of every contract class: opens a fresh backend from {@link #factory()} before each test and
 * closes it after. A backend's test extends each contract class once, naming its factory.
 */
public abstract class StorageContract {
    /** A directory the backend may use, empty at the start of each test. */
    @TempDir
    protected Path workDir;

    /** The backend under test, fresh for each test. */
    protected Storage storage;

    /** The backend under test's factory; a public class with a public no-argument constructor. */
    protected abstract StorageFactory factory();

    @BeforeEach
    final void openStorage() throws Exception {
        storage = factory().open(workDir);
    }

    @AfterEach
    final void closeStorage() {
        if (storage != null) {
            storage.close();
        }
    }

    /** The upload directory of the backend under test. */
    protected UploadDir dir() {
        return storage.dir();
    }

    /** {@code size} bytes that are the same for the same seed. */
    protected static byte[] bytes(int size, long seed) {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        return data;
    }

    /** A stream over {@code data}. */
    protected static InputStream stream(byte[] data) {
        return new ByteArrayInputStream(data);
    }

    /** Lowercase hex SHA-256 of {@code data}. */
    protected static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Everything stored under {@code name}. */
    protected byte[] read(String name) {
        try (InputStream in = dir().open(name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs {@code task(i)} for i in 0..n-1 at once; each result is the value returned or the exception. */
    protected static List<Object> race(int n, IntFunction<Object> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Object>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                Callable<Object> call = () -> {
                    start.await();
                    try {
                        return task.apply(index);
                    } catch (RuntimeException e) {
                        return e;
                    }
                };
                futures.add(pool.submit(call));
            }
            start.countDown();
            List<Object> results = new ArrayList<>();
            for (Future<Object> f : futures) {
                results.add(f.get(2, TimeUnit.MINUTES));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

}
