package dev.stowage.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real server started as a child process for tests, listening on a loopback port: started by
 * {@link #start}, which returns once the port accepts connections, and stopped (with its whole process tree)
 * by {@link #close()}. Its output goes to a log file whose tail is quoted when it fails to start.
 */
public final class ServerProcess implements AutoCloseable {
    private final String name;
    private final Process process;
    private final int port;
    private final Path log;

    private ServerProcess(String name, Process process, int port, Path log) {
        this.name = name;
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** A free TCP port on the loopback interface, for a server to be started on. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }

    /**
     * Runs {@code command} (with {@code environment} added) and waits up to {@code timeout} for
     * {@code port} on loopback to accept connections; its output goes to {@code log}.
     *
     * @throws IllegalStateException when the process ends or the port stays closed, quoting the log's end
     */
    public static ServerProcess start(String name, List<String> command, Map<String, String> environment,
            int port, Path log, Duration timeout) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        Process process;
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            process = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("Could not start " + name + " (" + command.get(0) + "): " + e, e);
        }
        ServerProcess server = new ServerProcess(name, process, port, log);
        Instant deadline = Instant.now().plus(timeout);
        while (!server.accepts()) {
            if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                String why = process.isAlive() ? "did not open port " + port + " within " + timeout
                        : "exited with status " + process.exitValue();
                server.close();
                throw new IllegalStateException(name + " " + why + "; the end of its log " + log + ":\n"
                        + server.logTail());
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                server.close();
                throw new IllegalStateException("interrupted while starting " + name, e);
            }
        }
        return server;
    }

    /** The loopback port the server listens on. */
    public int port() {
        return port;
    }

    /** The operating system's id of the server process. */
    public long pid() {
        return process.pid();
    }

    /** {@code http://127.0.0.1:<port>}. */
    public String httpUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** The file the server's output goes to. */
    public Path log() {
        return log;
    }

    /** The last lines the server wrote. */
    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    private boolean accepts() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Kills the server at once (SIGKILL on Linux), as a crash would, and waits for it to be gone. */
    public void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        try {
            process.destroyForcibly().waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the server and every process it started. */
    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return name + " on " + httpUrl();
    }
}
