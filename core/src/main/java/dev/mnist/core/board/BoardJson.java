package dev.mnist.core.board;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdScalarSerializer;
import dev.mnist.core.io.Json;
import dev.mnist.core.web.Reply;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The board's JSON: core's, on one line, with a number that is not finite (the validation loss of a
 * run with no validation split) as {@code null}, which a page reads as "none", not the string "NaN".
 */
final class BoardJson {
    private static final ObjectWriter WRITER = Json.MAPPER.copy()
            .registerModule(new SimpleModule("finite-or-null").addSerializer(Double.class, new FiniteOrNull())
                    .addSerializer(Double.TYPE, new FiniteOrNull()))
            .writer().without(SerializationFeature.INDENT_OUTPUT);

    private BoardJson() {
    }

    static String write(Object value) {
        try {
            return WRITER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Reply reply(Object value) {
        try {
            return new Reply(200, "application/json", WRITER.writeValueAsBytes(value));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final class FiniteOrNull extends StdScalarSerializer<Double> {
        FiniteOrNull() {
            super(Double.class);
        }

        @Override
        public void serialize(Double value, JsonGenerator out, SerializerProvider provider) throws IOException {
            if (Double.isFinite(value)) {
                out.writeNumber(value);
            } else {
                out.writeNull();
            }
        }
    }
}
