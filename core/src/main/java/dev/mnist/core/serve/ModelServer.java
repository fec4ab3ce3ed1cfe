package dev.mnist.core.serve;

import dev.mnist.core.image.ImagePreparation;
import dev.mnist.core.infer.Predictor;
import dev.mnist.core.web.Endpoint;
import dev.mnist.core.web.Reply;
import dev.mnist.core.web.WebServer;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.function.Consumer;

/**
 * A model behind HTTP ({@link WebServer}): the drawing page at {@code /}, {@code POST /api/classify},
 * {@code GET /api/model} ({@link ModelEndpoints}) and {@code GET /healthz}.
 */
public final class ModelServer implements AutoCloseable {
    public static final long MAX_BODY_BYTES = WebServer.MAX_BODY_BYTES;

    private final ModelEndpoints endpoints;
    private final WebServer server;
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
     * @param allowedHosts host names it answers to besides its own address
     * @param requestLog receives one line per request
     */
    public ModelServer(Predictor predictor, ImagePreparation preprocessing, String host, int port, List<String> allowedHosts,
                       Consumer<String> requestLog) {
        workers = ModelEndpoints.workers();
        endpoints = new ModelEndpoints(predictor, preprocessing, workers);
        Endpoint health = Endpoint.immediate("GET", request -> Reply.json(Map.of("status", "ok")));
        Handler routes = new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                String path = Request.getPathInContext(request);
                Optional<Handler> handler = path.equals("/healthz") ? Optional.of(health) : endpoints.at(path.substring(1));
                return handler.isPresent() && handler.get().handle(request, response, callback);
            }
        };
        server = new WebServer("mnist-serve", host, port, allowedHosts, routes,
                "no such page; the API is POST /api/classify, GET /api/model, GET /healthz", requestLog);
    }

    /** Binds and starts serving; a port in use or a host that is not this machine's is a one-line error. */
    public ModelServer start() {
        endpoints.warmUp();
        server.start();
        return this;
    }

    /** Where it listens, e.g. {@code http://127.0.0.1:8080/}. */
    public URI uri() {
        return server.uri();
    }

    public long requestsServed() {
        return server.requestsServed();
    }

    /** Blocks until the server has stopped. */
    public void join() throws InterruptedException {
        server.join();
    }

    /** Stops taking requests, lets those in progress finish (up to 5 s), and closes the port. */
    public void stop() {
        server.stop();
        workers.shutdown();
    }

    @Override
    public void close() {
        stop();
    }
}
