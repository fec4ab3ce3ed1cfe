package dev.mnist.core.data.convert;

import dev.mnist.core.InvalidInputException;
import dev.mnist.core.data.Split;
import dev.mnist.core.data.idx.IdxFolder;
import dev.mnist.core.io.AtomicFiles;
import dev.mnist.core.io.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * {@code .convert.json} in a conversion's output: for each split, the folder {@code convert} wrote
 * and what it was written from (the IDX files' names, sizes and times, the class names, the
 * layout and inversion). It tells an earlier conversion of the same source with the same options,
 * kept as it is, from one to redo, and folders this tool wrote, which it may replace, from a
 * user's own, which it may not.
 */
record ConversionRecord(Map<Split, Entry> splits) {
    static final String FILE = ".convert.json";

    /** A split's folder and what it holds; {@code source} is null while the folder is being replaced. */
    record Entry(String folder, String source) {
    }

    static ConversionRecord read(Path out) {
        Path file = out.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return new ConversionRecord(new EnumMap<>(Split.class));
        }
        try {
            ConversionRecord record = Json.MAPPER.readValue(file.toFile(), ConversionRecord.class);
            return new ConversionRecord(record.splits() == null ? new EnumMap<>(Split.class) : new EnumMap<>(record.splits()));
        } catch (IOException e) {
            throw new InvalidInputException(file + ": not a conversion record (" + e.getMessage() + "); --force converts again", e);
        }
    }

    void write(Path out) {
        try {
            AtomicFiles.writeString(out.resolve(FILE), Json.MAPPER.writeValueAsString(this) + "\n");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** True when this tool wrote {@code folder} (or was writing it) for some split. */
    boolean owns(String folder) {
        return splits.values().stream().anyMatch(entry -> entry.folder().equals(folder));
    }

    /** What a split converted from {@code source} with {@code options} is made of. */
    static String source(IdxFolder source, Split split, PngConverter.Options options) {
        List<String> parts = new ArrayList<>();
        parts.add("layout=" + options.layout());
        parts.add("invert=" + options.invert());
        parts.add("classes=" + String.join("|", source.classNames()));
        for (String name : new String[]{split.imagesFile(), split.labelsFile()}) {
            Path file = source.require(name);
            try {
                parts.add(file.getFileName() + ":" + Files.size(file) + ":" + Files.getLastModifiedTime(file).toMillis());
            } catch (IOException e) {
                throw new InvalidInputException(file + ": cannot read (" + e.getMessage() + ")", e);
            }
        }
        return String.join(" ", parts);
    }
}
