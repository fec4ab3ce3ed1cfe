package dev.mnist.core.serve;

import dev.mnist.core.image.ImagePreparation;
import dev.mnist.core.infer.Predictor;
import dev.mnist.core.web.Endpoint;
import dev.mnist.core.web.Reply;
import dev.mnist.core.web.WebServer;
import org.eclipse.jetty.server.Handler;

import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * One model's pages, wherever they are mounted: the drawing page at {@code ""} (or
 * {@code index.html}), {@code api/classify} and {@code api/model}, each relative to the page, which
 * asks by relative paths. {@code serve} mounts them at {@code /}; the board at each run's own path.
 */
public final class ModelEndpoints {
    private static final Reply PAGE = new Reply(200, "text/html; charset=utf-8", WebServer.resource(ModelEndpoints.class, "index.html"));

    /** Threads that decode, prepare and classify request bodies; the model's passes run on its own thread. */
    private static final int WORKERS = Math.max(2, Runtime.getRuntime().availableProcessors());
    /** Requests waiting for a worker; more are answered 503. */
    private static final int WORK_QUEUE = 64;

    private final Predictor predictor;
    private final Endpoint page = Endpoint.immediate("GET", request -> PAGE);
    private final Endpoint classify;
    private final Endpoint model;

    public ModelEndpoints(Predictor predictor, ImagePreparation preparation, Executor workers) {
        this.predictor = predictor;
        this.classify = new Endpoint("POST", new ClassifyResponder(predictor, preparation, workers));
        Reply info = Reply.json(ModelInfo.of(predictor, preparation));
        this.model = Endpoint.immediate("GET", request -> info);
    }

    /** The handler of a path relative to where the pages are mounted; empty when it is none of theirs. */
    public Optional<Handler> at(String relative) {
        return switch (relative) {
            case "", "index.html" -> Optional.of(page);
            case "api/classify" -> Optional.of(classify);
            case "api/model" -> Optional.of(model);
            default -> Optional.empty();
        };
    }

    /** The threads that classify request bodies that arrive in parts; a full queue is answered 503. */
    public static ThreadPoolExecutor workers() {
        return new ThreadPoolExecutor(WORKERS, WORKERS, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(WORK_QUEUE), task -> {
            Thread thread = new Thread(task, "mnist-classify");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** One pass first, so that ND4J's lazy set-up does not slow the first request. */
    public void warmUp() {
        predictor.probabilities(new byte[predictor.metadata().inputShape().size()], 1);
    }
}
