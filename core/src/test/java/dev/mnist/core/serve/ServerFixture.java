package dev.mnist.core.serve;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mnist.core.image.ImagePreparation;
import dev.mnist.core.infer.Predictor;
import dev.mnist.core.io.Json;
import dev.mnist.core.testing.TrainedModel;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A server on 127.0.0.1 for the trained test model, and a client for it. */
final class ServerFixture implements AutoCloseable {
    final Predictor predictor = Predictor.load(TrainedModel.run());
    final List<String> log = new CopyOnWriteArrayList<>();
    final ModelServer server = new ModelServer(predictor, ImagePreparation.of(predictor.metadata().input()),
            "127.0.0.1", 0, log::add).start();
    private final HttpClient client = HttpClient.newHttpClient();

    /** An HTTP answer: status, headers' content type, and the body parsed as JSON when it is JSON. */
    record Answer(int status, String contentType, String allow, String body) {
        JsonNode json() {
            try {
                return Json.MAPPER.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }
    }

    URI uri(String path) {
        return server.uri().resolve(path);
    }

    Answer send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    response.headers().firstValue("Allow").orElse(""), response.body());
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    Answer get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    Answer post(String path, String contentType, byte[] body) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    @Override
    public void close() {
        server.stop();
    }
}
