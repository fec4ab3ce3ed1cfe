package dev.mnist.core.web;

import dev.mnist.core.InvalidInputException;
import dev.mnist.core.MnistException;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.server.handler.SizeLimitHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.URI;
import java.util.List;
import java.util.function.Consumer;

/**
 * The Jetty server that {@code serve} and {@code board} put their routes behind: bodies over
 * {@link #MAX_BODY_BYTES} are refused with 413, requests from other host names and origins are
 * refused ({@link RequestGuard}), every error is JSON, no server version is sent, one line per
 * request goes to the log, and stopping lets requests in progress finish.
 */
public final class WebServer implements AutoCloseable {
    public static final long MAX_BODY_BYTES = 5L << 20;
    /** How long {@link #stop()} waits for requests in progress. */
    private static final long STOP_TIMEOUT_MILLIS = 5_000;
    /**
     * A connection that sends nothing for this long is closed. An idle connection holds no thread, so this
     * is Jetty's own default: a shorter one makes kept-alive clients send their next POST down a closed one.
     */
    private static final long IDLE_TIMEOUT_MILLIS = 30_000;

    private final Server server;
    private final ServerConnector connector;
    private final AccessLog accessLog;

    /**
     * @param name names the server's threads
     * @param port 0 picks a free port; {@link #uri()} tells which
     * @param allowedHosts host names it answers to besides its own address (see {@link RequestGuard})
     * @param notFound the answer to a path that is not there
     * @param requestLog receives one line per request
     */
    public WebServer(String name, String host, int port, List<String> allowedHosts, Handler routes, String notFound,
                     Consumer<String> requestLog) {
        QueuedThreadPool threads = new QueuedThreadPool(32, 4);
        threads.setName(name);
        server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(host);
        connector.setPort(port);
        connector.setIdleTimeout(IDLE_TIMEOUT_MILLIS);
        server.addConnector(connector);
        SizeLimitHandler sizeLimit = new SizeLimitHandler(MAX_BODY_BYTES, -1);
        sizeLimit.setHandler(routes);
        server.setHandler(new GracefulHandler(new RequestGuard(host, allowedHosts, sizeLimit)));
        server.setErrorHandler(new JsonErrorHandler(notFound));
        accessLog = new AccessLog(requestLog);
        server.setRequestLog(accessLog);
        server.setStopTimeout(STOP_TIMEOUT_MILLIS);
        server.setStopAtShutdown(false);
    }

    /** Binds and starts serving; a port in use or a host that is not this machine's is a one-line error. */
    public WebServer start() {
        try {
            server.start();
            return this;
        } catch (Exception e) {
            stopQuietly();
            Throwable cause = e instanceof IOException && e.getCause() instanceof BindException ? e.getCause() : e;
            if (cause instanceof BindException || cause instanceof IOException) {
                throw new InvalidInputException(connector.getHost() + ":" + connector.getPort()
                        + ": cannot listen (" + cause.getMessage() + "); choose another --port or --host", e);
            }
            throw new MnistException("cannot start the server: " + e, e);
        }
    }

    /** Where it listens, e.g. {@code http://127.0.0.1:8080/}. */
    public URI uri() {
        String host = connector.getHost() == null ? "localhost" : connector.getHost();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + connector.getLocalPort() + "/");
    }

    public long requestsServed() {
        return accessLog.count();
    }

    /** Blocks until the server has stopped. */
    public void join() throws InterruptedException {
        server.join();
    }

    /** Stops taking requests, lets those in progress finish (up to 5 s), and closes the port. */
    public void stop() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new MnistException("the server did not stop cleanly: " + e, e);
        }
    }

    @Override
    public void close() {
        stop();
    }

    private void stopQuietly() {
        try {
            server.stop();
        } catch (Exception ignored) {
            // already failing to start; the start error is the one to report
        }
    }

    /** A file from the jar next to {@code owner}, or under an absolute resource name. */
    public static byte[] resource(Class<?> owner, String name) {
        try (InputStream in = owner.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
