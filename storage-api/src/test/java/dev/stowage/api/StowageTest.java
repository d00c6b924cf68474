package dev.stowage.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stowage.api.spi.StorageProvider;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StowageTest {

    private static ConfigurationException failToOpen(String backend) {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> Stowage.open(StowageConfig.of(Map.of("stowage.backend", backend))));
        assertEquals("stowage.backend", e.key());
        return e;
    }

    @Test
    void availableBackendsListsRegisteredProviders() {
        assertEquals(Set.of("test-backend", "twin"), Stowage.availableBackends());
    }

    @Test
    void opensTheProviderNamedByTheBackendAndPassesTheConfiguration() {
        try (Storage storage = Stowage.open(StowageConfig.of(Map.of("stowage.backend", "test-backend",
                "stowage.test-backend.label", "hello")))) {
            assertEquals("test-backend", storage.backend());
            TestBackendProvider.Opened opened = assertInstanceOf(TestBackendProvider.Opened.class, storage);
            assertEquals("hello", opened.config().get("stowage.test-backend.label").orElseThrow());
        }
    }

    @Test
    void openWithSettingsPutsThemOnTop() {
        try (Storage storage = Stowage.open(Map.of("stowage.uri", "file:///ignored", "stowage.backend", "test-backend",
                "stowage.test-backend.label", "x"))) {
            assertEquals("test-backend", storage.backend());
        }
    }

    @Test
    void providerErrorsPassThrough() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> Stowage.open(StowageConfig.of(Map.of("stowage.backend", "test-backend"))));
        assertEquals("stowage.test-backend.label", e.key());
    }

    @Test
    void fallsBackToItsOwnClassLoaderWithoutAContextLoader() {
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        thread.setContextClassLoader(null);
        try {
            assertTrue(Stowage.availableBackends().contains("test-backend"));
        } finally {
            thread.setContextClassLoader(before);
        }
    }

    @ParameterizedTest
    @CsvSource({"s3,storage-s3", "gcs,storage-gcs", "local,storage-local", "memory,storage-testkit"})
    void knownBackendMissingFromClasspathNamesItsArtifact(String backend, String artifact) {
        ConfigurationException e = failToOpen(backend);
        assertTrue(e.getMessage().contains("dev.stowage:" + artifact), e.getMessage());
        assertTrue(e.getMessage().contains("test-backend, twin"), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"lcoal,local", "S3,s3", "gcp,gcs", "memroy,memory", "test-bakend,test-backend", "s4,s3"})
    void misspeltBackendGetsADidYouMean(String typed, String meant) {
        ConfigurationException e = failToOpen(typed);
        assertTrue(e.getMessage().contains("did you mean '" + meant + "'?"), e.getMessage());
        assertTrue(e.getMessage().contains("'" + typed + "'"), e.getMessage());
        assertTrue(e.getMessage().contains("set by code"), e.getMessage());
    }

    @Test
    void unrelatedBackendNameGetsNoSuggestion() {
        ConfigurationException e = failToOpen("azure-blob");
        assertFalse(e.getMessage().contains("did you mean"), e.getMessage());
        assertTrue(e.getMessage().contains("check the spelling"), e.getMessage());
    }

    @Test
    void twoProvidersWithOneNameAreRefusedNamingBothClasses() {
        ConfigurationException e = failToOpen("twin");
        assertTrue(e.getMessage().contains(TwinA.class.getName()), e.getMessage());
        assertTrue(e.getMessage().contains(TwinB.class.getName()), e.getMessage());
    }

    /** One of two providers registered under the same name. */
    public static final class TwinA implements StorageProvider {
        @Override
        public String name() {
            return "twin";
        }

        @Override
        public Storage open(StowageConfig config) {
            throw new AssertionError("a duplicate backend must not be opened");
        }
    }

    /** The other of two providers registered under the same name. */
    public static final class TwinB implements StorageProvider {
        @Override
        public String name() {
            return "twin";
        }

        @Override
        public Storage open(StowageConfig config) {
            throw new AssertionError("a duplicate backend must not be opened");
        }
    }
}
