package dev.stowage.bench;

import dev.stowage.testkit.ServerProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** S3Proxy (jar in {@code bench.s3proxy-jar}) on a free loopback port, keeping its objects on disk in {@code home}. */
final class S3ProxyProcess {
    static final String JAR = "bench.s3proxy-jar";

    private S3ProxyProcess() {
    }

    static ServerProcess start(Path home) {
        try {
            int port = ServerProcess.freePort();
            Path properties = home.resolve("s3proxy.properties");
            Files.writeString(properties, String.join("\n", "s3proxy.endpoint=http://127.0.0.1:" + port,
                    "s3proxy.authorization=aws-v2-or-v4", "s3proxy.identity=" + S3AdapterBenchmark.ACCESS_KEY,
                    "s3proxy.credential=" + S3AdapterBenchmark.SECRET_KEY, "jclouds.provider=filesystem-nio2",
                    "jclouds.filesystem.basedir=" + Files.createDirectories(home.resolve("data")), ""));
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            return ServerProcess.start("S3Proxy", List.of(java, "-Xmx512m", "-jar", System.getProperty(JAR),
                    "--properties", properties.toString()), Map.of(), port, home.resolve("s3proxy.log"),
                    Duration.ofSeconds(60));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
