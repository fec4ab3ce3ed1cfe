package dev.mnist.core.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.mnist.core.io.Json;

import java.io.UncheckedIOException;

/** A response to send: status, content type and the whole body. */
public record Reply(int status, String contentType, byte[] body) {

    public static Reply json(Object value) {
        return json(200, value);
    }

    public static Reply json(int status, Object value) {
        try {
            return new Reply(status, "application/json", Json.COMPACT.writeValueAsBytes(value));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The body of every error: {@code {"error": "...", "status": 400}}. */
    public static Reply error(int status, String message) {
        return json(status, new ErrorBody(message, status));
    }

    record ErrorBody(String error, int status) {
    }
}
