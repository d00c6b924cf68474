package dev.stowage.http;

import dev.stowage.api.Storage;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** An embedded Jetty serving a {@link TusServlet} on loopback. */
final class TusTestServer implements AutoCloseable {
    private final Server server;
    private final URI endpoint;

    private TusTestServer(Server server, URI endpoint) {
        this.server = server;
        this.endpoint = endpoint;
    }

    /** Serves {@code storage} with {@code settings} on {@code port} (0: any free port). */
    static TusTestServer start(Storage storage, TusSettings settings, int port) throws Exception {
        Server server = new Server(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        ServletContextHandler context = new ServletContextHandler();
        ServletHolder tus = new ServletHolder(new TusServlet(storage, settings));
        context.addServlet(tus, settings.path());
        context.addServlet(tus, settings.path() + "/*");
        server.setHandler(context);
        server.start();
        int localPort = ((ServerConnector) server.getConnectors()[0]).getLocalPort();
        return new TusTestServer(server, URI.create("http://127.0.0.1:" + localPort + settings.path()));
    }

    static TusTestServer start(Storage storage, TusSettings settings) throws Exception {
        return start(storage, settings, 0);
    }

    /** The tus endpoint's URL, e.g. {@code http://127.0.0.1:1234/_stowage/tus}. */
    URI endpoint() {
        return endpoint;
    }

    /** {@code path} (absolute, raw) on this server. */
    URI resolve(String path) {
        return endpoint.resolve(path);
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("Could not stop the test server", e);
        }
    }
}
