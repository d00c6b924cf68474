package dev.stowage.s3;

import dev.stowage.testkit.ServerBinary;
import dev.stowage.testkit.ServerProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The two real S3 servers the tests run against, each started once per JVM on a loopback port and stopped
 * when the JVM exits: S3Proxy (a child JVM from its jar, filesystem backend, checking V2 and V4 signatures)
 * and MinIO (the binary {@code .ci/install-test-servers} builds). A missing server fails with the command that
 * installs it. A child JVM reaches the server its parent started through the system property
 * {@code stowage.test.<server>.endpoint}.
 */
final class S3TestServers {
    static final String ACCESS_KEY = "stowage-test";
    static final String SECRET_KEY = "stowage-test-secret";

    private static String s3proxy;
    private static String minio;

    private S3TestServers() {
    }

    /** The endpoint of the S3Proxy server. */
    static synchronized String s3proxy() {
        if (s3proxy == null) {
            s3proxy = inherited("s3proxy").orElseGet(S3TestServers::startS3Proxy);
        }
        return s3proxy;
    }

    /** The endpoint of the MinIO server. */
    static synchronized String minio() {
        if (minio == null) {
            minio = inherited("minio").orElseGet(S3TestServers::startMinio);
        }
        return minio;
    }

    /** The system property that hands {@code server}'s endpoint to a child JVM. */
    static String property(String server) {
        return "stowage.test." + server + ".endpoint";
    }

    private static java.util.Optional<String> inherited(String server) {
        return java.util.Optional.ofNullable(System.getProperty(property(server)));
    }

    private static String startS3Proxy() {
        String jar = System.getProperty("stowage.s3proxy-jar");
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("The S3Proxy jar is missing (" + jar + "); build through Maven:"
                    + " mvn -B -pl storage-s3 -am verify (maven-dependency-plugin copies it to target/test-servers)");
        }
        try {
            Path home = Files.createTempDirectory("stowage-s3proxy-");
            Files.createDirectories(home.resolve("data"));
            int port = ServerProcess.freePort();
            Path properties = home.resolve("s3proxy.properties");
            Files.writeString(properties, String.join("\n",
                    "s3proxy.endpoint=http://127.0.0.1:" + port,
                    "s3proxy.authorization=aws-v2-or-v4",
                    "s3proxy.identity=" + ACCESS_KEY,
                    "s3proxy.credential=" + SECRET_KEY,
                    "jclouds.provider=filesystem-nio2",
                    "jclouds.filesystem.basedir=" + home.resolve("data"), ""));
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            ServerProcess server = ServerProcess.start("S3Proxy", List.of(java, "-Xmx256m", "-jar", jar,
                    "--properties", properties.toString()), Map.of(), port, home.resolve("s3proxy.log"),
                    Duration.ofSeconds(60));
            stopOnExit(server, home);
            return server.httpUrl();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String startMinio() {
        Path binary = ServerBinary.require("minio");
        try {
            Path home = Files.createTempDirectory("stowage-minio-");
            int port = ServerProcess.freePort();
            int console = ServerProcess.freePort();
            ServerProcess server = ServerProcess.start("MinIO", List.of(binary.toString(), "server", "--quiet",
                    "--address", "127.0.0.1:" + port, "--console-address", "127.0.0.1:" + console,
                    home.resolve("data").toString()), Map.of("MINIO_ROOT_USER", ACCESS_KEY, "MINIO_ROOT_PASSWORD",
                    SECRET_KEY, "MINIO_BROWSER", "off"), port, home.resolve("minio.log"), Duration.ofSeconds(60));
            stopOnExit(server, home);
            return server.httpUrl();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void stopOnExit(ServerProcess server, Path home) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            try (var files = Files.walk(home)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
            } catch (IOException | UncheckedIOException e) {
                // a temp folder; the OS reclaims it
            }
        }));
    }
}
