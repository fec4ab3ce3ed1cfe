package dev.mnist.core.serve;

import dev.mnist.core.InvalidInputException;
import dev.mnist.core.MnistException;
import dev.mnist.core.image.ImagePreparation;
import dev.mnist.core.infer.Predictor;
import org.eclipse.jetty.http.pathmap.PathSpec;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.server.handler.PathMappingsHandler;
import org.eclipse.jetty.server.handler.SizeLimitHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A model behind HTTP (Jetty): the drawing page at {@code /}, {@code POST /api/classify},
 * {@code GET /api/model} and {@code GET /healthz}. Bodies over {@link #MAX_BODY_BYTES} are refused
 * with 413, bodies are read without holding a thread (a slow client cannot take the pool), requests
 * from other host names and origins are refused ({@link RequestGuard}), every error is JSON, no
 * server version is sent, and stopping lets requests in progress finish.
 */
public final class ModelServer implements AutoCloseable {
    public static final long MAX_BODY_BYTES = 5L << 20;
    /** How long {@link #stop()} waits for requests in progress. */
    private static final long STOP_TIMEOUT_MILLIS = 5_000;
    /**
     * A connection that sends nothing for this long is closed. An idle connection holds no thread, so this
     * is Jetty's own default: a shorter one makes kept-alive clients send their next POST down a closed one.
     */
    private static final long IDLE_TIMEOUT_MILLIS = 30_000;
    /** Threads that decode, prepare and classify request bodies; the model's passes run on its own thread. */
    private static final int WORKERS = Math.max(2, Runtime.getRuntime().availableProcessors());
    /** Requests waiting for a worker; more are answered 503. */
    private static final int WORK_QUEUE = 64;

    private final Predictor predictor;
    private final Server server;
    private final ServerConnector connector;
    private final AccessLog accessLog;
    private final ThreadPoolExecutor workers;

    /**
     * @param port 0 picks a free port; {@link #uri()} tells which
     * @param requestLog receives one line per request
     */
    public ModelServer(Predictor predictor, ImagePreparation preprocessing, String host, int port, Consumer<String> requestLog) {
        this(predictor, preprocessing, host, port, List.of(), requestLog);
    }

    /**
     * @param port 0 picks a free port; {@link #uri()} tells which
     * @param allowedHosts host names it answers to besides its own address (see {@link RequestGuard})
     * @param requestLog receives one line per request
     */
    public ModelServer(Predictor predictor, ImagePreparation preprocessing, String host, int port, List<String> allowedHosts,
                       Consumer<String> requestLog) {
        this.predictor = predictor;
        QueuedThreadPool threads = new QueuedThreadPool(32, 4);
        threads.setName("mnist-serve");
        server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(host);
        connector.setPort(port);
        connector.setIdleTimeout(IDLE_TIMEOUT_MILLIS);
        server.addConnector(connector);
        workers = new ThreadPoolExecutor(WORKERS, WORKERS, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(WORK_QUEUE), task -> {
            Thread thread = new Thread(task, "mnist-classify");
            thread.setDaemon(true);
            return thread;
        });

        PathMappingsHandler routes = new PathMappingsHandler();
        Reply page = new Reply(200, "text/html; charset=utf-8", resource("index.html"));
        Reply info = Reply.json(ModelInfo.of(predictor, preprocessing));
        routes.addMapping(PathSpec.from("^/(index\\.html)?$"), Endpoint.immediate("GET", request -> page));
        routes.addMapping(PathSpec.from("/api/classify"), new Endpoint("POST", new ClassifyResponder(predictor, preprocessing, workers)));
        routes.addMapping(PathSpec.from("/api/model"), Endpoint.immediate("GET", request -> info));
        routes.addMapping(PathSpec.from("/healthz"), Endpoint.immediate("GET", request -> Reply.json(Map.of("status", "ok"))));
        SizeLimitHandler sizeLimit = new SizeLimitHandler(MAX_BODY_BYTES, -1);
        sizeLimit.setHandler(routes);
        server.setHandler(new GracefulHandler(new RequestGuard(host, allowedHosts, sizeLimit)));
        server.setErrorHandler(new JsonErrorHandler());
        accessLog = new AccessLog(requestLog);
        server.setRequestLog(accessLog);
        server.setStopTimeout(STOP_TIMEOUT_MILLIS);
        server.setStopAtShutdown(false);
    }

    /** Binds and starts serving; a port in use or a host that is not this machine's is a one-line error. */
    public ModelServer start() {
        warmUp();
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

    /** One pass first, so that ND4J's lazy set-up does not slow the first request. */
    private void warmUp() {
        predictor.probabilities(new byte[predictor.metadata().inputShape().size()], 1);
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
            workers.shutdown();
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

    private static byte[] resource(String name) {
        try (InputStream in = ModelServer.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
