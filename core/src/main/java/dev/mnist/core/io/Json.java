package dev.mnist.core.io;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdScalarSerializer;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * The one JSON mapper core writes its files with (model.json, run.json): indented, records as
 * objects, file paths as plain absolute paths ({@code "/home/me/data/mnist"}, what a script hands
 * to a shell) rather than Jackson's {@code file://} URIs, which files written before still hold.
 */
public final class Json {
    public static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .registerModule(new SimpleModule("plain-paths").addSerializer(Path.class, new PathWriter())
                    .addDeserializer(Path.class, new PathReader()));
    /** The same on one line: for documents printed to stdout and sent over HTTP. */
    public static final ObjectWriter COMPACT = MAPPER.writer().without(SerializationFeature.INDENT_OUTPUT);

    private Json() {
    }

    private static final class PathWriter extends StdScalarSerializer<Path> {
        PathWriter() {
            super(Path.class);
        }

        @Override
        public void serialize(Path path, JsonGenerator out, SerializerProvider provider) throws IOException {
            out.writeString(path.toAbsolutePath().toString());
        }
    }

    /** A plain path, or a {@code file:} URI as earlier versions wrote them. */
    private static final class PathReader extends StdScalarDeserializer<Path> {
        PathReader() {
            super(Path.class);
        }

        @Override
        public Path deserialize(JsonParser in, DeserializationContext context) throws IOException {
            if (!in.hasToken(JsonToken.VALUE_STRING)) {
                return (Path) context.handleUnexpectedToken(Path.class, in);
            }
            String value = in.getText();
            if (value.startsWith("file:")) {
                try {
                    return Path.of(new URI(value));
                } catch (URISyntaxException | IllegalArgumentException e) {
                    return (Path) context.handleWeirdStringValue(Path.class, value, "not a file: URI (%s)", e.getMessage());
                }
            }
            try {
                return Path.of(value);
            } catch (InvalidPathException e) {
                return (Path) context.handleWeirdStringValue(Path.class, value, "not a path (%s)", e.getMessage());
            }
        }
    }
}
