package dev.stowage.api;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class StowageConfigTest {
    private static final String KEY = "stowage.test-value";

    /** A configuration from explicit layers only: never this process's environment or system properties. */
    private static StowageConfig config(Map<String, String> env, Map<String, String> system, Map<String, String> code) {
        Properties properties = new Properties();
        properties.putAll(system);
        return StowageConfig.from(env, properties, code, new URLClassLoader(new URL[0], null));
    }

    private static StowageConfig code(Map<String, String> code) {
        return config(Map.of(), Map.of(), code);
    }

    private static Path write(Path file, String content) throws IOException {
        return Files.writeString(file, content, StandardCharsets.UTF_8);
    }

    @Nested
    class Layers {
        @Test
        void defaultsApplyWhenNothingIsSet() {
            StowageConfig config = code(Map.of());
            assertAll(
                    () -> assertEquals("local", config.backend()),
                    () -> assertEquals("./uploaded_files", config.get("stowage.upload-dir").orElseThrow()),
                    () -> assertEquals("/_upload", config.get("stowage.base-url").orElseThrow()),
                    () -> assertEquals(Optional.of("default"), config.sourceOf("stowage.backend")),
                    () -> assertEquals(Optional.empty(), config.get("stowage.s3.bucket")),
                    () -> assertEquals("fallback", config.get("stowage.s3.bucket", "fallback")));
        }

        @Test
        void envNamesAreUpperCaseWithUnderscores() {
            assertEquals("STOWAGE_S3_BUCKET", StowageConfig.envName("stowage.s3.bucket"));
            assertEquals("STOWAGE_UPLOAD_DIR", StowageConfig.envName("stowage.upload-dir"));
            assertEquals("STOWAGE_S3_SECRET_ACCESS_KEY", StowageConfig.envName("stowage.s3.secret-access-key"));
        }

        @Test
        void environmentIsLookedUpByEnvName() {
            StowageConfig config = config(Map.of("STOWAGE_UPLOAD_DIR", "/from/env", "STOWAGE_S3_PATH_STYLE", "true",
                    "stowage.base-url", "/not-an-env-name"), Map.of(), Map.of());
            assertEquals("/from/env", config.get("stowage.upload-dir").orElseThrow());
            assertEquals(Optional.of("environment variable STOWAGE_UPLOAD_DIR"), config.sourceOf("stowage.upload-dir"));
            assertTrue(config.getBoolean("stowage.s3.path-style", false));
            assertEquals("/_upload", config.get("stowage.base-url").orElseThrow());
        }

        @ParameterizedTest(name = "{0} alone is read")
        @ValueSource(strings = {"file", "environment", "system", "code"})
        void eachLayerIsRead(String layer, @TempDir Path dir) throws IOException {
            StowageConfig config = baseUrlIn(dir, Map.of(layer, "/" + layer));
            assertEquals("/" + layer, config.get("stowage.base-url").orElseThrow());
            assertEquals(sourceOf(layer, dir), config.sourceOf("stowage.base-url").orElseThrow());
        }

        @ParameterizedTest(name = "{1} beats {0}")
        @CsvSource({"default,file", "default,environment", "default,system", "default,code",
                "file,environment", "file,system", "file,code",
                "environment,system", "environment,code", "system,code"})
        void higherLayerBeatsLower(String lower, String higher, @TempDir Path dir) throws IOException {
            StowageConfig config = baseUrlIn(dir, Map.of(lower, "/lower", higher, "/higher"));
            assertEquals("/higher", config.get("stowage.base-url").orElseThrow());
            assertEquals(sourceOf(higher, dir), config.sourceOf("stowage.base-url").orElseThrow());
        }

        /** Sets stowage.base-url to a value in each named layer; "default" is always there. */
        private StowageConfig baseUrlIn(Path dir, Map<String, String> valueByLayer) throws IOException {
            Map<String, String> env = new HashMap<>();
            Map<String, String> system = new HashMap<>();
            Map<String, String> code = new HashMap<>();
            valueByLayer.forEach((layer, value) -> {
                switch (layer) {
                    case "environment" -> env.put("STOWAGE_BASE_URL", value);
                    case "system" -> system.put("stowage.base-url", value);
                    case "code" -> code.put("stowage.base-url", value);
                    default -> { }
                }
            });
            if (valueByLayer.containsKey("file")) {
                Path file = write(dir.resolve("stowage.properties"), "stowage.base-url=" + valueByLayer.get("file"));
                code.put("stowage.config-file", file.toString());
            }
            return config(env, system, code);
        }

        private String sourceOf(String layer, Path dir) {
            return switch (layer) {
                case "file" -> "file " + dir.resolve("stowage.properties").toAbsolutePath();
                case "environment" -> "environment variable STOWAGE_BASE_URL";
                case "system" -> "system property stowage.base-url";
                default -> layer;
            };
        }

        @Test
        void blankValueCountsAsNotSet() {
            StowageConfig config = config(Map.of("STOWAGE_BASE_URL", "/env"), Map.of("stowage.base-url", "  "),
                    Map.of("stowage.upload-dir", ""));
            assertEquals("/env", config.get("stowage.base-url").orElseThrow());
            assertEquals("./uploaded_files", config.get("stowage.upload-dir").orElseThrow());
        }

        @Test
        void ofReadsOnlyItsMapAndTheDefaults() {
            String before = System.setProperty("stowage.base-url", "/from-system");
            try {
                StowageConfig config = StowageConfig.of(Map.of("stowage.upload-dir", "/code"));
                assertEquals("/_upload", config.get("stowage.base-url").orElseThrow());
                assertEquals("/code", config.get("stowage.upload-dir").orElseThrow());
                assertEquals("local", config.backend());
            } finally {
                restore("stowage.base-url", before);
            }
        }

        @Test
        void loadReadsSystemPropertiesUnderTheCodeMap() {
            String before = System.setProperty("stowage.test-load", "system");
            try {
                assertEquals("system", StowageConfig.load().get("stowage.test-load").orElseThrow());
                assertEquals("code", StowageConfig.load(Map.of("stowage.test-load", "code"))
                        .get("stowage.test-load").orElseThrow());
            } finally {
                restore("stowage.test-load", before);
            }
        }

        private void restore(String key, String before) {
            if (before == null) {
                System.clearProperty(key);
            } else {
                System.setProperty(key, before);
            }
        }

        @Test
        void requireReturnsTheValueOrNamesKeyEnvNameAndFix() {
            StowageConfig config = code(Map.of("stowage.s3.region", "eu-west-1"));
            assertEquals("eu-west-1", config.require("stowage.s3.region", "set it"));
            ConfigurationException e = assertThrows(ConfigurationException.class,
                    () -> config.require("stowage.s3.bucket", "set the bucket to upload to"));
            assertEquals("stowage.s3.bucket", e.key());
            assertTrue(e.getMessage().contains("STOWAGE_S3_BUCKET"), e.getMessage());
            assertTrue(e.getMessage().contains("set the bucket to upload to"), e.getMessage());
        }

        @Test
        void asMapListsResolvedStowageKeysButNotEnvironmentOnlyOnes() {
            StowageConfig config = config(Map.of("STOWAGE_S3_REGION", "env-region", "STOWAGE_BASE_URL", "/env"),
                    Map.of("java.version", "17", "stowage.s3.endpoint", "http://localhost:9000"),
                    Map.of("stowage.uri", "s3://bucket", "other.key", "x"));
            Map<String, String> map = config.asMap();
            assertEquals(List.of("stowage.backend", "stowage.base-url", "stowage.s3.bucket", "stowage.s3.endpoint",
                    "stowage.s3.prefix", "stowage.upload-dir", "stowage.uri"), List.copyOf(map.keySet()));
            assertEquals("/env", map.get("stowage.base-url"));
            assertEquals("s3", map.get("stowage.backend"));
            assertEquals("env-region", config.get("stowage.s3.region").orElseThrow());
        }
    }

    @Nested
    class Uri {
        @Test
        void fileUriSelectsLocalAndItsDirectory() {
            StowageConfig config = code(Map.of("stowage.uri", "file:///srv/my%20uploads"));
            assertEquals("local", config.backend());
            assertEquals("/srv/my uploads", config.get("stowage.upload-dir").orElseThrow());
            assertEquals(Optional.of("stowage.uri from code"), config.sourceOf("stowage.upload-dir"));
        }

        @Test
        void s3UriGivesBucketPrefixAndEachQueryParameter() {
            StowageConfig config = code(Map.of("stowage.uri",
                    "s3://bucket/some/prefix?region=eu-west-1&endpoint=http://127.0.0.1:9000&path-style=true"));
            assertAll(
                    () -> assertEquals("s3", config.backend()),
                    () -> assertEquals("bucket", config.get("stowage.s3.bucket").orElseThrow()),
                    () -> assertEquals("some/prefix", config.get("stowage.s3.prefix").orElseThrow()),
                    () -> assertEquals("eu-west-1", config.get("stowage.s3.region").orElseThrow()),
                    () -> assertEquals("http://127.0.0.1:9000", config.get("stowage.s3.endpoint").orElseThrow()),
                    () -> assertTrue(config.getBoolean("stowage.s3.path-style", false)));
        }

        @Test
        void percentEscapesAreDecodedAndPlusIsKept() {
            StowageConfig config = code(Map.of("stowage.uri",
                    "s3://my_bucket/caf%C3%A9/a%2Bb%20c/?endpoint=http%3A%2F%2Fhost%3A9000&secret-access-key=ab+cd%2Fef"));
            assertEquals("my_bucket", config.get("stowage.s3.bucket").orElseThrow());
            assertEquals("café/a+b c/", config.get("stowage.s3.prefix").orElseThrow());
            assertEquals("http://host:9000", config.get("stowage.s3.endpoint").orElseThrow());
            assertEquals("ab+cd/ef", config.get("stowage.s3.secret-access-key").orElseThrow());
        }

        @Test
        void bucketWithoutPathHasEmptyPrefix() {
            StowageConfig config = code(Map.of("stowage.uri", "S3://bucket"));
            assertEquals("s3", config.backend());
            assertEquals("", config.get("stowage.s3.prefix").orElseThrow());
        }

        @Test
        void gsUriSelectsGcs() {
            StowageConfig config = code(Map.of("stowage.uri", "gs://media/tenant%2F1?project-id=demo&x-y=1"));
            assertEquals("gcs", config.backend());
            assertEquals("media", config.get("stowage.gcs.bucket").orElseThrow());
            assertEquals("tenant/1", config.get("stowage.gcs.prefix").orElseThrow());
            assertEquals("demo", config.get("stowage.gcs.project-id").orElseThrow());
            assertEquals("1", config.get("stowage.gcs.x-y").orElseThrow());
        }

        @Test
        void memoryUriSelectsMemory() {
            assertEquals("memory", code(Map.of("stowage.uri", "memory:")).backend());
        }

        @Test
        void explicitKeyBeatsUriOfTheSameLayer() {
            StowageConfig config = config(Map.of("STOWAGE_URI", "s3://bucket/p?region=a", "STOWAGE_S3_REGION", "b"),
                    Map.of(), Map.of());
            assertEquals("b", config.get("stowage.s3.region").orElseThrow());
            assertEquals("p", config.get("stowage.s3.prefix").orElseThrow());
            assertEquals(Optional.of("stowage.uri from environment variable STOWAGE_URI"),
                    config.sourceOf("stowage.s3.prefix"));
        }

        @Test
        void higherExplicitKeyBeatsLowerUri() {
            StowageConfig config = config(Map.of("STOWAGE_URI", "s3://b?region=from-uri"),
                    Map.of("stowage.s3.region", "x"), Map.of());
            assertEquals("x", config.get("stowage.s3.region").orElseThrow());
            assertEquals("b", config.get("stowage.s3.bucket").orElseThrow());
        }

        @Test
        void higherUriBeatsLowerExplicitKey() {
            StowageConfig config = config(Map.of("STOWAGE_BACKEND", "s3", "STOWAGE_GCS_PREFIX", "old"),
                    Map.of("stowage.uri", "gs://b"), Map.of());
            assertEquals("gcs", config.backend());
            assertEquals(Optional.of("stowage.uri from system property stowage.uri"), config.sourceOf("stowage.backend"));
            assertEquals("", config.get("stowage.gcs.prefix").orElseThrow());
        }

        @ParameterizedTest
        @ValueSource(strings = {"ftp://host/x", "/srv/uploads", "not a uri", "s3:///prefix", "s3:bucket",
                "s3://b?region", "s3://b?Region=x", "s3://b?bucket=other", "s3://b?region=a&region=b",
                "s3://b:9000/p", "s3://b/p#part", "s3://b%zz", "gs://", "file://host/srv", "file:///srv?x=1",
                "file:relative/dir", "memory:extra"})
        void malformedOrUnknownUriIsInvalid(String uri) {
            ConfigurationException e = assertThrows(ConfigurationException.class,
                    () -> code(Map.of("stowage.uri", uri)));
            assertEquals("stowage.uri", e.key());
            assertTrue(e.getMessage().contains("stowage.uri='" + uri + "' (set by code)"), e.getMessage());
            assertTrue(e.getMessage().contains("expected file:///path"), e.getMessage());
        }

        @Test
        void uriErrorMasksCredentialsAndSecretParameters() {
            ConfigurationException e = assertThrows(ConfigurationException.class, () -> config(Map.of("STOWAGE_URI",
                    "s3://AKIA:hunter2@bucket?secret-access-key=swordfish"), Map.of(), Map.of()));
            assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
            assertFalse(e.getMessage().contains("swordfish"), e.getMessage());
            assertTrue(e.getMessage().contains("environment variable STOWAGE_URI"), e.getMessage());
        }
    }

    @Nested
    class PropertiesFile {
        @TempDir
        Path dir;

        @Test
        void fileNamedInCodeIsReadAsUtf8() throws IOException {
            Path file = write(dir.resolve("app.properties"), "stowage.greeting=café ü €\nstowage.upload-dir=/data\n");
            StowageConfig config = code(Map.of("stowage.config-file", file.toString()));
            assertEquals("café ü €", config.get("stowage.greeting").orElseThrow());
            assertEquals(Optional.of("file " + file.toAbsolutePath()), config.sourceOf("stowage.upload-dir"));
        }

        @Test
        void fileCanBeNamedBySystemPropertyOrEnvironment() throws IOException {
            Path bySystem = write(dir.resolve("system.properties"), "stowage.test-value=system-file");
            Path byEnv = write(dir.resolve("env.properties"), "stowage.test-value=env-file");
            assertEquals("env-file", config(Map.of("STOWAGE_CONFIG_FILE", byEnv.toString()), Map.of(), Map.of())
                    .get(KEY).orElseThrow());
            assertEquals("system-file", config(Map.of("STOWAGE_CONFIG_FILE", byEnv.toString()),
                    Map.of("stowage.config-file", bySystem.toString()), Map.of()).get(KEY).orElseThrow());
        }

        @Test
        void fileUriExpandsAndLosesToItsOwnKeysAndToHigherLayers() throws IOException {
            Path file = write(dir.resolve("a.properties"),
                    "stowage.uri=s3://file-bucket/files?region=uri-region\nstowage.s3.region=file-region\n");
            StowageConfig config = config(Map.of("STOWAGE_CONFIG_FILE", file.toString(), "STOWAGE_S3_BUCKET", "env"),
                    Map.of(), Map.of());
            assertEquals("s3", config.backend());
            assertEquals("file-region", config.get("stowage.s3.region").orElseThrow());
            assertEquals("env", config.get("stowage.s3.bucket").orElseThrow());
            assertEquals(Optional.of("stowage.uri from file " + file.toAbsolutePath()),
                    config.sourceOf("stowage.s3.prefix"));
        }

        @Test
        void missingFileNamesTheKeyAndWhereItWasSet() {
            Path missing = dir.resolve("missing.properties");
            ConfigurationException e = assertThrows(ConfigurationException.class,
                    () -> config(Map.of(), Map.of("stowage.config-file", missing.toString()), Map.of()));
            assertEquals("stowage.config-file", e.key());
            assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
            assertTrue(e.getMessage().contains("no such file"), e.getMessage());
            assertTrue(e.getMessage().contains("system property stowage.config-file"), e.getMessage());
        }

        @Test
        void fileThatIsNotUtf8IsUnreadable() throws IOException {
            Path file = Files.write(dir.resolve("latin1.properties"),
                    "stowage.test-value=caf\u00e9".getBytes(StandardCharsets.ISO_8859_1));
            ConfigurationException e = assertThrows(ConfigurationException.class,
                    () -> code(Map.of("stowage.config-file", file.toString())));
            assertEquals("stowage.config-file", e.key());
            assertTrue(e.getMessage().contains("UTF-8"), e.getMessage());
        }

        @Test
        void classpathFileIsUsedOnlyWhenNoFileIsNamed() throws IOException {
            write(dir.resolve("stowage.properties"), "stowage.test-value=classpath\nstowage.base-url=/cp\n");
            Path named = write(dir.resolve("named.properties"), "stowage.test-value=named");
            try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, null)) {
                StowageConfig fromClasspath = StowageConfig.from(Map.of(), new Properties(), Map.of(), loader);
                assertEquals("classpath", fromClasspath.get(KEY).orElseThrow());
                assertEquals(Optional.of("classpath resource stowage.properties"), fromClasspath.sourceOf(KEY));
                StowageConfig fromNamed = StowageConfig.from(Map.of(), new Properties(),
                        Map.of("stowage.config-file", named.toString()), loader);
                assertEquals("named", fromNamed.get(KEY).orElseThrow());
                assertEquals("/_upload", fromNamed.get("stowage.base-url").orElseThrow());
            }
        }
    }

    @Nested
    class TypedGetters {
        private StowageConfig withSystem(String value) {
            return config(Map.of(), Map.of(KEY, value), Map.of());
        }

        private void assertInvalid(String value, Runnable get) {
            ConfigurationException e = assertThrows(ConfigurationException.class, get::run);
            assertEquals(KEY, e.key());
            assertTrue(e.getMessage().contains(KEY + "='" + value + "'"), e.getMessage());
            assertTrue(e.getMessage().contains("(set by system property " + KEY + ")"), e.getMessage());
            assertTrue(e.getMessage().contains("expected"), e.getMessage());
        }

        @Test
        void unsetKeysGiveTheDefault() {
            StowageConfig config = code(Map.of());
            assertAll(
                    () -> assertTrue(config.getBoolean(KEY, true)),
                    () -> assertEquals(7, config.getInt(KEY, 7)),
                    () -> assertEquals(7L, config.getLong(KEY, 7L)),
                    () -> assertEquals(Duration.ofSeconds(7), config.getDuration(KEY, Duration.ofSeconds(7))),
                    () -> assertEquals(7L, config.getSize(KEY, 7L)),
                    () -> assertEquals(Path.of("x"), config.getPath(KEY, Path.of("x"))));
        }

        @ParameterizedTest
        @CsvSource({"true,true", "TRUE,true", "yes,true", "Yes,true", "1,true", "' true ',true",
                "false,false", "No,false", "no,false", "0,false", "FALSE,false"})
        void booleans(String value, boolean expected) {
            assertEquals(expected, withSystem(value).getBoolean(KEY, !expected));
        }

        @ParameterizedTest
        @ValueSource(strings = {"maybe", "2", "on", "t"})
        void badBooleans(String value) {
            assertInvalid(value, () -> withSystem(value).getBoolean(KEY, false));
        }

        @Test
        void numbers() {
            assertEquals(42, withSystem("42").getInt(KEY, 0));
            assertEquals(-7, withSystem(" -7 ").getInt(KEY, 0));
            assertEquals(9_000_000_000L, withSystem("9000000000").getLong(KEY, 0));
        }

        @ParameterizedTest
        @ValueSource(strings = {"4.2", "2147483648", "ten", "1e3"})
        void badInts(String value) {
            assertInvalid(value, () -> withSystem(value).getInt(KEY, 0));
        }

        @ParameterizedTest
        @ValueSource(strings = {"9223372036854775808", "1_000", "0x10"})
        void badLongs(String value) {
            assertInvalid(value, () -> withSystem(value).getLong(KEY, 0));
        }

        @ParameterizedTest
        @CsvSource({"500ms,PT0.5S", "30s,PT30S", "5m,PT5M", "1h,PT1H", "7d,PT168H", "10 S,PT10S", "0s,PT0S",
                "PT1H,PT1H", "pt1h30m,PT1H30M", "P2D,PT48H"})
        void durations(String value, String expected) {
            assertEquals(Duration.parse(expected), withSystem(value).getDuration(KEY, Duration.ZERO));
        }

        @ParameterizedTest
        @ValueSource(strings = {"5", "-5s", "PT-1H", "5w", "1.5h", "abc", "99999999999999999999d",
                "106751991167301d"})
        void badDurations(String value) {
            assertInvalid(value, () -> withSystem(value).getDuration(KEY, Duration.ZERO));
        }

        @ParameterizedTest
        @CsvSource({"1024,1024", "0,0", "10KB,10000", "10KiB,10240", "10 kb,10000", "5MB,5000000",
                "5MiB,5242880", "1GB,1000000000", "1GiB,1073741824", "1.5GB,1500000000", "0.5KiB,512",
                "2TiB,2199023255552", "7B,7"})
        void sizes(String value, long expected) {
            assertEquals(expected, withSystem(value).getSize(KEY, -1));
        }

        @ParameterizedTest
        @ValueSource(strings = {"-1", "10XB", "0.5", "1.0001KB", "MB", "9999999TiB", "1 000"})
        void badSizes(String value) {
            assertInvalid(value, () -> withSystem(value).getSize(KEY, 0));
        }

        @Test
        void paths() {
            assertEquals(Path.of("/srv/uploads"), withSystem("/srv/uploads").getPath(KEY, null));
            assertInvalid("a\0b", () -> withSystem("a\0b").getPath(KEY, null));
        }

        @Test
        void badValueFromEnvironmentNamesTheVariable() {
            ConfigurationException e = assertThrows(ConfigurationException.class,
                    () -> config(Map.of("STOWAGE_TEST_VALUE", "lots"), Map.of(), Map.of()).getSize(KEY, 0));
            assertTrue(e.getMessage().contains("(set by environment variable STOWAGE_TEST_VALUE)"), e.getMessage());
        }
    }

    @Nested
    class Secrets {
        @ParameterizedTest
        @ValueSource(strings = {"stowage.signing-key", "stowage.s3.secret-access-key", "stowage.db-password",
                "stowage.gcs.access-token", "STOWAGE.API-KEY"})
        void secretKeys(String key) {
            assertTrue(StowageConfig.isSecret(key));
        }

        @ParameterizedTest
        @ValueSource(strings = {"stowage.s3.access-key-id", "stowage.s3.bucket", "stowage.uri", "stowage.keys-dir"})
        void ordinaryKeys(String key) {
            assertFalse(StowageConfig.isSecret(key));
        }

        @Test
        void toStringMasksSecretsAndShowsTheRestWithSources() {
            StowageConfig config = config(Map.of("STOWAGE_S3_SECRET_ACCESS_KEY", "env-secret-value"),
                    Map.of("stowage.s3.secret-access-key", "system-secret-value", "stowage.db-password", "pw-value"),
                    Map.of("stowage.signing-key", "signing-value", "stowage.uri",
                            "s3://bucket/p?region=eu&session-token=token-value"));
            String text = config.toString();
            for (String secret : List.of("env-secret-value", "system-secret-value", "pw-value", "signing-value",
                    "token-value")) {
                assertFalse(text.contains(secret), text);
            }
            assertTrue(text.contains("stowage.signing-key=(secret) (code)"), text);
            assertTrue(text.contains("stowage.s3.secret-access-key=(secret) (system property"), text);
            assertTrue(text.contains("stowage.uri='s3://bucket/p?region=eu&session-token=****' (code)"), text);
            assertTrue(text.contains("stowage.s3.region='eu' (stowage.uri from code)"), text);
            assertEquals("token-value", config.get("stowage.s3.session-token").orElseThrow());
        }

        @Test
        void invalidSecretValuesAreNotEchoed() {
            StowageConfig config = code(Map.of("stowage.session-token-ttl", "secret-ish-value",
                    "stowage.s3.secret-access-key", "short"));
            ConfigurationException bad = assertThrows(ConfigurationException.class,
                    () -> config.getDuration("stowage.session-token-ttl", Duration.ZERO));
            assertFalse(bad.getMessage().contains("secret-ish-value"), bad.getMessage());
            assertTrue(bad.getMessage().contains("(secret) (set by code)"), bad.getMessage());
            ConfigurationException checked = config.invalid("stowage.s3.secret-access-key", "must be 40 characters");
            assertFalse(checked.getMessage().contains("short"), checked.getMessage());
            assertTrue(checked.getMessage().contains("must be 40 characters"), checked.getMessage());
        }
    }
}
