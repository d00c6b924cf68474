package dev.stowage.http;

import dev.stowage.api.ConfigurationException;
import dev.stowage.api.Storage;
import dev.stowage.api.Stowage;
import dev.stowage.api.StowageConfig;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.EnumSet;
import jakarta.servlet.DispatcherType;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The standalone server: the configured backend ({@link Stowage#open(StowageConfig)}, local disk in
 * {@code ./uploaded_files} unless configured otherwise) behind the HTTP face and its upload page, on embedded Jetty.
 * It listens on loopback port 8000 unless {@code stowage.http.host} / {@code stowage.http.port}
 * ({@code STOWAGE_HTTP_PORT}) say otherwise, mints upload URLs at {@code /_stowage/upload-url} (on by default here),
 * takes tus uploads at {@value StowageServlets#TUS_PATH} (removing unfinished ones older than
 * {@code stowage.unfinished-upload-ttl} at start and as new ones come), fails an upload whose body stays idle for
 * {@code stowage.http.idle-timeout} or arrives slower than {@code stowage.http.min-request-data-rate}, and on stop
 * (Ctrl-C, SIGTERM or {@link #close()}) refuses new connections, lets requests in flight finish for up to
 * {@code stowage.http.shutdown-timeout} (30s), fails the rest and any upload that stalls for two seconds meanwhile,
 * waits for the request threads to leave, and closes the backend. A failed multipart or signed upload leaves nothing
 * behind; a tus upload cut off keeps the bytes that arrived, suspended, and resumes after the restart.
 */
public final class StowageServer implements AutoCloseable {
    /** Key of the address to listen on. */
    public static final String HOST = "stowage.http.host";
    /** Key of the port to listen on; 0 picks a free one. */
    public static final String PORT = "stowage.http.port";
    /** Key of how long a connection may send or take nothing before it is closed: a stalled upload fails. */
    public static final String IDLE_TIMEOUT = "stowage.http.idle-timeout";
    /**
     * Key of the lowest average rate, in bytes per second of the time the server waits for it, at which a request
     * body may arrive before the request fails with 408 and its upload with it ({@link MinimumDataRate});
     * {@code 0} turns the check off. It ends the trickling upload that sends each byte just inside the idle
     * timeout.
     */
    public static final String MIN_REQUEST_DATA_RATE = "stowage.http.min-request-data-rate";
    /** Key of how long stopping waits for requests in flight. */
    public static final String SHUTDOWN_TIMEOUT = "stowage.http.shutdown-timeout";

    /**
     * Bytes a connection reads from its socket at once, and so the largest piece of a request body a read of
     * the servlet input hands over: Jetty's 8 KiB default costs a socket read, a servlet read and a disk write
     * per 8 KiB of an upload. 64 KiB is the largest buffer Jetty's default pool keeps for reuse.
     */
    private static final int INPUT_BUFFER = 64 * 1024;

    /** {@link Storage#backend()} of the local disk backend, whose small files {@link SmallFileDownloads} serves. */
    private static final String LOCAL_BACKEND = "local";

    /** How long a connection may sit idle while the server stops: keep-alive connections would hold it up. */
    private static final Duration SHUTDOWN_IDLE = Duration.ofSeconds(2);
    /** The default of {@link #MIN_REQUEST_DATA_RATE}: far below any real link, far above a trickle. */
    private static final long DEFAULT_MIN_REQUEST_DATA_RATE = 1024;

    private static final Logger LOG = LoggerFactory.getLogger(StowageServer.class);

    private final Server server;
    private final Storage storage;
    private final RequestsInFlight requests;
    private final Duration shutdownTimeout;

    private StowageServer(Server server, Storage storage, RequestsInFlight requests, Duration shutdownTimeout) {
        this.server = server;
        this.storage = storage;
        this.requests = requests;
        this.shutdownTimeout = shutdownTimeout;
    }

    /**
     * Opens the backend {@code config} names and starts serving it.
     *
     * @throws ConfigurationException naming the key of a missing or wrong setting
     * @throws IllegalStateException  when the server cannot listen (the port is taken...)
     */
    public static StowageServer start(StowageConfig config) {
        return start(config, Stowage.open(config));
    }

    /**
     * Starts serving {@code storage}, which {@link #close()} closes, with the {@code stowage.http.*} settings of
     * {@code config}; {@code storage} is closed when the server cannot start.
     *
     * @throws ConfigurationException naming the key of a missing or wrong setting
     * @throws IllegalStateException  when the server cannot listen (the port is taken...)
     */
    public static StowageServer start(StowageConfig config, Storage storage) {
        try {
            return serve(config, storage);
        } catch (RuntimeException e) {
            storage.close();
            throw e;
        }
    }

    private static StowageServer serve(StowageConfig config, Storage storage) {
        HttpSettings settings;
        String host = config.get(HOST, "127.0.0.1");
        int port = config.getInt(PORT, 8000);
        Duration shutdownTimeout = config.getDuration(SHUTDOWN_TIMEOUT, Duration.ofSeconds(30));
        Duration idleTimeout = config.getDuration(IDLE_TIMEOUT, Duration.ofSeconds(30));
        long minRequestDataRate = config.getSize(MIN_REQUEST_DATA_RATE, DEFAULT_MIN_REQUEST_DATA_RATE);
        try {
            settings = HttpSettings.from(config, true);
        } catch (IllegalArgumentException e) {
            throw config.invalid(HttpSettings.PREFIX, e.getMessage());
        }
        if (port < 0 || port > 65535) {
            throw config.invalid(PORT, "a port is a number from 0 to 65535");
        }
        Server server = new Server();
        HttpConnectionFactory http = new HttpConnectionFactory();
        http.setInputBufferSize(INPUT_BUFFER);
        // A selector thread per core: a small download is answered on the selector thread that read it.
        ServerConnector connector = new ServerConnector(server, -1, Runtime.getRuntime().availableProcessors(), http);
        connector.setHost(host);
        connector.setPort(port);
        connector.setIdleTimeout(idleTimeout.toMillis());
        // While stopping, idle keep-alive connections close after this pause, and so does an upload that stalls.
        connector.setShutdownIdleTimeout(Math.min(shutdownTimeout.toMillis(), SHUTDOWN_IDLE.toMillis()));
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        RequestsInFlight requests = new RequestsInFlight();
        context.addFilter(new FilterHolder(requests), "/*", EnumSet.of(DispatcherType.REQUEST));
        if (minRequestDataRate > 0) {
            context.addFilter(new FilterHolder(new MinimumDataRate(minRequestDataRate)), "/*",
                    EnumSet.of(DispatcherType.REQUEST));
        }
        CorsFilter cors = StowageServlets.mount(context, storage, settings);
        StowageServlets.add(context, new PageServlet(settings), "/");
        // Small local files skip the servlets; a cloud backend's reads block on the network, so all go through them.
        server.setHandler(new GracefulHandler(storage.backend().equals(LOCAL_BACKEND)
                ? new SmallFileDownloads(storage, settings, cors, requests, context) : context));
        server.setStopTimeout(shutdownTimeout.toMillis());
        try {
            server.start();
        } catch (Exception e) {
            throw new IllegalStateException("Could not listen on " + host + ":" + port + ": " + e.getMessage()
                    + " (set " + PORT + " or " + StowageConfig.envName(PORT) + " to another port)", e);
        }
        return new StowageServer(server, storage, requests, shutdownTimeout);
    }

    /** The URL the server answers at, such as {@code http://127.0.0.1:8000/}. */
    public String url() {
        ServerConnector connector = (ServerConnector) server.getConnectors()[0];
        InetSocketAddress address = new InetSocketAddress(connector.getHost(), connector.getLocalPort());
        String host = address.getAddress().getHostAddress();
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + connector.getLocalPort() + "/";
    }

    /** The backend being served. */
    public Storage storage() {
        return storage;
    }

    /**
     * Stops gracefully (see the class description), waits for every request thread to leave (a request still
     * running when the stop timeout ran out has had its connection closed and fails), then closes the backend.
     */
    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            LOG.warn("Stopping the HTTP server failed: {}", e.toString());
        } finally {
            requests.awaitNone(shutdownTimeout, running -> LOG.warn(
                    "Still waiting for {} request(s) to end before closing the {} backend", running,
                    storage.backend()));
            storage.close();
        }
    }

    /** Starts the server from this process's configuration and runs until the process is stopped. */
    public static void main(String[] args) {
        StowageServer running;
        try {
            running = start(StowageConfig.load());
        } catch (ConfigurationException | IllegalStateException e) {
            System.err.println("Stowage could not start: " + e.getMessage());
            System.exit(2);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("Stowage is stopping: finishing uploads in flight");
            running.close();
            System.out.println("Stowage stopped");
        }, "stowage-shutdown"));
        System.out.println("Stowage is serving the " + running.storage.backend() + " backend at " + running.url()
                + " (Ctrl-C stops it)");
    }
}
