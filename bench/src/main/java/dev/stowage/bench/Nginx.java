package dev.stowage.bench;

import dev.stowage.testkit.ServerProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * nginx on a free loopback port, the baseline of the HTTP comparisons: it serves {@code root} with
 * {@code sendfile on} and takes {@code PUT /dav/<name>} ({@code dav_methods PUT}, a 256 KiB body buffer) into
 * {@code putDirectory}, its temporary bodies on the same disk.
 */
final class Nginx {
    private Nginx() {
    }

    static ServerProcess start(Path root, Path putDirectory, Path home) {
        try {
            int port = ServerProcess.freePort();
            Files.createDirectories(putDirectory);
            Path bodies = Files.createDirectories(putDirectory.resolveSibling("nginx-bodies"));
            Path config = home.resolve("nginx.conf");
            Files.writeString(config, String.join("\n",
                    "root".equals(System.getProperty("user.name")) ? "user root;" : "",
                    "daemon off;",
                    "worker_processes auto;",
                    "pid " + home.resolve("nginx.pid") + ";",
                    "error_log " + home.resolve("error.log") + " warn;",
                    "events { worker_connections 1024; }",
                    "http {",
                    "  access_log off;",
                    "  sendfile on;",
                    "  tcp_nopush on;",
                    "  keepalive_requests 100000;",
                    "  default_type application/octet-stream;",
                    "  client_body_temp_path " + bodies + ";",
                    "  proxy_temp_path " + home.resolve("proxy") + ";",
                    "  fastcgi_temp_path " + home.resolve("fastcgi") + ";",
                    "  uwsgi_temp_path " + home.resolve("uwsgi") + ";",
                    "  scgi_temp_path " + home.resolve("scgi") + ";",
                    "  server {",
                    "    listen 127.0.0.1:" + port + ";",
                    "    root " + root + ";",
                    "    location /dav/ {",
                    "      alias " + putDirectory + "/;",
                    "      dav_methods PUT;",
                    "      create_full_put_path on;",
                    "      client_max_body_size 0;",
                    "      client_body_buffer_size 256k;",
                    "    }",
                    "  }",
                    "}", ""));
            return ServerProcess.start("nginx", List.of("nginx", "-p", home.toString(), "-e",
                    home.resolve("error.log").toString(), "-c", config.toString()), Map.of(), port,
                    home.resolve("nginx.out"), Duration.ofSeconds(20));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
