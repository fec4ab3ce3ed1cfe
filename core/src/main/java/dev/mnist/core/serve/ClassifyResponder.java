package dev.mnist.core.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.mnist.core.image.ImageFiles;
import dev.mnist.core.image.ImagePreparation;
import dev.mnist.core.infer.Classification;
import dev.mnist.core.infer.Classifier;
import dev.mnist.core.infer.ImagePrediction;
import dev.mnist.core.infer.Predictor;
import dev.mnist.core.io.Json;
import dev.mnist.core.model.InputShape;
import dev.mnist.core.web.ApiException;
import dev.mnist.core.web.Endpoint;
import dev.mnist.core.web.Reply;
import dev.mnist.core.web.RequestGuard;
import dev.mnist.core.web.WebServer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Fields;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * {@code POST /api/classify}: an image file as the body (PNG, JPEG, BMP, GIF), or JSON pixels
 * ({@link PixelArray}); {@code ?top=N} classes back (default 3). The image goes through the same
 * preparation and model as {@code mnist classify} puts a file through, so the answers are equal.
 * <p>
 * A body that came with the request's headers is classified at once; one still arriving is
 * awaited without holding a thread, must arrive whole within {@link Endpoint#BODY_SECONDS}, and is then
 * decoded and classified on the server's workers. An image's size is read from its
 * header first: over {@link #MAX_PIXELS} it is refused (413), and images over {@link #SMALL_PIXELS}
 * decoded and prepared at once share a budget of {@link #DECODE_BUDGET_PIXELS} (503 with Retry-After
 * when it is spent), which small images never wait for.
 */
final class ClassifyResponder implements Endpoint.Responder {
    static final int DEFAULT_TOP = 3;
    /** 16 megapixels: a phone photo; decoded as RGB it takes 64 MB. */
    static final long MAX_PIXELS = 16_000_000L;
    static final long DECODE_BUDGET_PIXELS = 4 * MAX_PIXELS;
    /** A megapixel (4 MB as RGB) or less: a drawing, a scan of a digit. These take nothing from the budget. */
    static final long SMALL_PIXELS = 1_000_000L;
    static final int INLINE_LIMIT = 8;

    /** The answer: {@code status} is {@code ok} or {@code blank} (nothing drawn: no classes). */
    record Answer(String status, List<Classification.Guess> top, String preprocessing, InputPicture input) {
    }

    private final Classifier classifier;
    private final String preprocessing;
    private final InputShape shape;
    private final int classCount;
    private final Executor workers;
    private final Semaphore decodeBudget = new Semaphore((int) (DECODE_BUDGET_PIXELS / 1_000_000));
    /** Requests answered on the server's own threads at once; the rest queue for the workers (503 when full). */
    private final Semaphore inline = new Semaphore(INLINE_LIMIT);

    ClassifyResponder(Predictor predictor, ImagePreparation preprocessing, Executor workers) {
        this.classCount = predictor.classCount();
        this.classifier = new Classifier(predictor, preprocessing, classCount, 1);
        this.preprocessing = preprocessing.name();
        this.shape = predictor.metadata().inputShape();
        this.workers = workers;
    }

    @Override
    public CompletableFuture<Reply> respond(Request request) {
        int top = top(Request.extractQueryParameters(request));
        String type = RequestGuard.mediaType(request.getHeaders().get(HttpHeader.CONTENT_TYPE));
        CompletableFuture<byte[]> body = Content.Source.asByteArrayAsync(request, (int) WebServer.MAX_BODY_BYTES + 1);
        if (body.isDone() && !body.isCompletedExceptionally() && inline.tryAcquire()) {
            // The usual small body came with the headers: answer on this thread, with no hand-over;
            // a few at a time, so that the server's threads stay free for the rest.
            try {
                return CompletableFuture.completedFuture(classify(body.join(), type, top));
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            } finally {
                inline.release();
            }
        }
        return body.orTimeout(Endpoint.BODY_SECONDS, TimeUnit.SECONDS).thenApplyAsync(bytes -> classify(bytes, type, top), workers);
    }

    private Reply classify(byte[] body, String type, int top) {
        ImageLoad load = image(body, type);
        try {
            return answer(load.image(), top);
        } finally {
            decodeBudget.release(load.permits());
        }
    }

    private Reply answer(BufferedImage image, int top) {
        ImagePrediction prediction = classifier.classify(image);
        List<Classification.Guess> guesses = prediction.top().subList(0, Math.min(top, prediction.top().size()));
        Classification.Status status = prediction.blank() ? Classification.Status.BLANK : Classification.Status.CLASSIFIED;
        return Reply.json(new Answer(status.id(), guesses, preprocessing,
                InputPicture.of(prediction.input(), shape)));
    }

    private int top(Fields query) {
        String value = query.getValue("top");
        if (value == null) {
            return DEFAULT_TOP;
        }
        try {
            int top = Integer.parseInt(value.trim());
            if (top >= 1) {
                return Math.min(top, classCount);
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new ApiException(400, "top must be a whole number of at least 1, not '" + value + "'");
    }

    /** A decoded upload and the budget's permits it holds until its answer is made. */
    private record ImageLoad(BufferedImage image, int permits) {
    }

    private ImageLoad image(byte[] body, String type) {
        if (body.length == 0) {
            throw new ApiException(400, "empty body: send an image file, or JSON {\"pixels\": [[...], ...]}");
        }
        if (type.equals("application/json") || type.endsWith("+json")) {
            return new ImageLoad(PixelArray.toImage(json(body)), 0);
        }
        long pixels = ImageFiles.pixelCount(body, "body");
        if (pixels > MAX_PIXELS) {
            throw new ApiException(413, String.format(Locale.ROOT, "an image of %,d pixels is over the limit of %d megapixels",
                    pixels, MAX_PIXELS / 1_000_000));
        }
        if (pixels <= SMALL_PIXELS) {
            // Bounded by the requests in progress at once; large uploads never hold a drawing back.
            return new ImageLoad(ImageFiles.decode(body, "body"), 0);
        }
        // Held through the preparation too, whose float planes are several times the decoded image:
        // five 16-megapixel uploads prepared at once ran a 1 GB heap out.
        int permits = (int) ((pixels + 999_999) / 1_000_000);
        if (!decodeBudget.tryAcquire(permits)) {
            throw new ApiException(503, "busy decoding other large images; try again");
        }
        try {
            return new ImageLoad(ImageFiles.decode(body, "body"), permits);
        } catch (RuntimeException e) {
            decodeBudget.release(permits);
            throw e;
        }
    }

    /** One JSON document and nothing after it. */
    private static final ObjectReader STRICT = Json.MAPPER.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private static JsonNode json(byte[] body) {
        try {
            return STRICT.readTree(body);
        } catch (JsonProcessingException e) {
            throw new ApiException(400, "body is not valid JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw new ApiException(400, "body is not valid JSON: " + e.getMessage());
        }
    }
}
