package dev.stowage.http;

import dev.stowage.api.Storage;
import dev.stowage.local.LocalStorage;
import dev.stowage.testkit.StorageFactory;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/** The backends the tus tests run against: one line per backend. */
final class TusBackends {
    private TusBackends() {
    }

    /** Local disk in the test's directory. */
    public static final class Local implements StorageFactory {
        @Override
        public Storage open(Path workDir) {
            return LocalStorage.open(workDir);
        }

        @Override
        public String toString() {
            return "local";
        }
    }

    /** Every backend, as JUnit arguments. */
    static Stream<Arguments> all() {
        return Stream.of(Arguments.of(new Local()));
    }
}
