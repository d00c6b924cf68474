package dev.stowage.http;

import dev.stowage.api.Storage;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;

/**
 * Mounts the HTTP face on a Jetty {@link ServletContextHandler}: the {@link CorsFilter} on every path, the
 * {@link FileServlet} on the prefix, the {@link UploadUrlServlet} and the tus endpoint ({@link TusServlet}). Other servlet containers map the same
 * classes to the same paths (see {@code docs/http.md}).
 */
public final class StowageServlets {
    /** Where {@link UploadUrlServlet} answers. */
    public static final String UPLOAD_URL_PATH = "/_stowage/upload-url";
    /** Where {@link TusServlet} answers: the endpoint itself, and its uploads below it. */
    public static final String TUS_PATH = "/_stowage/tus";

    private StowageServlets() {
    }

    /**
     * Adds the filter and servlets serving {@code storage} with {@code settings} to {@code context}.
     *
     * @return the CORS filter added
     */
    public static CorsFilter mount(ServletContextHandler context, Storage storage, HttpSettings settings) {
        CorsFilter cors = new CorsFilter(settings);
        context.addFilter(new FilterHolder(cors), "/*", EnumSet.of(DispatcherType.REQUEST));
        add(context, new FileServlet(storage, settings), settings.prefix(), settings.prefix() + "/*");
        add(context, new UploadUrlServlet(storage, settings), UPLOAD_URL_PATH);
        add(context, new TusServlet(storage, settings), TUS_PATH, TUS_PATH + "/*");
        return cors;
    }

    /** Adds {@code servlet} under {@code paths}, initialized when {@code context} starts. */
    public static void add(ServletContextHandler context, HttpServlet servlet, String... paths) {
        ServletHolder holder = new ServletHolder(servlet);
        holder.setInitOrder(0);
        for (String path : paths) {
            context.addServlet(holder, path);
        }
    }
}
