package dev.mnist.core.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import dev.mnist.core.InvalidInputException;
import dev.mnist.core.export.onnx.Onnx.ModelProto;
import dev.mnist.core.io.Json;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where an export may write: never over the model it reads or onto a folder, and over an existing
 * ONNX file or sidecar only when it is an earlier export of this toolkit, unless told to replace it.
 */
final class ExportTarget {
    private ExportTarget() {
    }

    /** @throws InvalidInputException naming the file that would be lost */
    static void check(Path target, Path sidecar, Path model, boolean replace) {
        for (Path file : new Path[]{target, sidecar}) {
            if (Files.isDirectory(file)) {
                throw new InvalidInputException(file + ": is a folder; --out names the ONNX file to write");
            }
            if (Files.exists(file) && isSameFile(file, model)) {
                throw new InvalidInputException(file + ": is the model being exported; name another file with --out");
            }
        }
        if (replace) {
            return;
        }
        if (Files.exists(target) && !isEarlierExport(target)) {
            throw new InvalidInputException(target + ": exists and is not an ONNX file written by mnist; --force replaces it");
        }
        if (Files.exists(sidecar) && !isEarlierSidecar(sidecar)) {
            throw new InvalidInputException(sidecar + ": exists and is not an export's sidecar JSON; --force replaces it");
        }
    }

    private static boolean isSameFile(Path file, Path model) {
        try {
            return Files.isSameFile(file, model);
        } catch (IOException e) {
            return false;
        }
    }

    /** Reads fields up to producer_name, which comes before the graph: a large model is not read whole (twice with --check). */
    private static boolean isEarlierExport(Path file) {
        try (InputStream stream = Files.newInputStream(file)) {
            CodedInputStream in = CodedInputStream.newInstance(stream);
            for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
                if (WireFormat.getTagFieldNumber(tag) == ModelProto.PRODUCER_NAME_FIELD_NUMBER) {
                    return in.readString().equals("mnist");
                }
                if (!in.skipField(tag)) {
                    return false;
                }
            }
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean isEarlierSidecar(Path file) {
        try {
            JsonNode json = Json.MAPPER.readTree(file.toFile());
            return json != null && json.path("format").asText().equals("onnx") && json.has("contract");
        } catch (IOException e) {
            return false;
        }
    }
}
