package dev.mnist.core.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.mnist.core.data.ImageFiles;
import dev.mnist.core.infer.Classification;
import dev.mnist.core.infer.Classifier;
import dev.mnist.core.infer.ImagePrediction;
import dev.mnist.core.infer.Predictor;
import dev.mnist.core.infer.Preprocessing;
import dev.mnist.core.io.Json;
import dev.mnist.core.model.InputShape;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Fields;

import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Locale;

/**
 * {@code POST /api/classify}: an image file as the body (PNG, JPEG, BMP, GIF), or JSON pixels
 * ({@link PixelArray}); {@code ?top=N} classes back (default 3). The image goes through the same
 * preparation and model as {@code mnist classify} puts a file through, so the answers are equal.
 */
final class ClassifyResponder implements Endpoint.Responder {
    static final int DEFAULT_TOP = 3;

    /** The answer: {@code status} is {@code ok} or {@code blank} (nothing drawn: no classes). */
    record Answer(String status, List<Classification.Guess> top, String preprocessing, InputPicture input) {
    }

    private final Classifier classifier;
    private final String preprocessing;
    private final InputShape shape;
    private final int classCount;

    ClassifyResponder(Predictor predictor, Preprocessing preprocessing) {
        this.classCount = predictor.classCount();
        this.classifier = new Classifier(predictor, preprocessing, classCount, 1);
        this.preprocessing = preprocessing.name();
        this.shape = predictor.metadata().inputShape();
    }

    @Override
    public Reply respond(Request request) throws Exception {
        int top = top(Request.extractQueryParameters(request));
        BufferedImage image = image(request);
        ImagePrediction prediction = classifier.classify(image);
        List<Classification.Guess> guesses = prediction.top().subList(0, Math.min(top, prediction.top().size()));
        return Reply.json(new Answer(prediction.blank() ? "blank" : "ok", guesses, preprocessing,
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

    private static BufferedImage image(Request request) throws Exception {
        String type = mediaType(request.getHeaders().get(HttpHeader.CONTENT_TYPE));
        if (type.startsWith("multipart/")) {
            throw new ApiException(415, "send the image itself as the body (curl --data-binary @digit.png), not a form upload");
        }
        ByteBuffer buffer = Content.Source.asByteBuffer(request);
        byte[] body = new byte[buffer.remaining()];
        buffer.get(body);
        if (body.length == 0) {
            throw new ApiException(400, "empty body: send an image file, or JSON {\"pixels\": [[...], ...]}");
        }
        if (type.equals("application/json") || type.endsWith("+json")) {
            return PixelArray.toImage(json(body));
        }
        return ImageFiles.decode(body, "body");
    }

    private static JsonNode json(byte[] body) {
        try {
            return Json.MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw new ApiException(400, "body is not valid JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw new ApiException(400, "body is not valid JSON: " + e.getMessage());
        }
    }

    private static String mediaType(String contentType) {
        if (contentType == null) {
            return "";
        }
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }
}
