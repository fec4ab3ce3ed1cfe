package dev.mnist.core.data.convert;

import dev.mnist.core.InvalidInputException;
import dev.mnist.core.data.Split;
import dev.mnist.core.data.idx.IdxFolder;
import dev.mnist.core.io.AtomicFiles;
import dev.mnist.core.io.Json;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * {@code .convert.json} in a conversion's output: for each split, the folder {@code convert} wrote
 * and what it was written from (the IDX files' names, sizes and times, the class names, the
 * layout and inversion); and every file and folder it wrote there and has not removed. It tells an
 * earlier conversion of the same source with the same options, kept as it is, from one to redo,
 * and what this tool wrote, which it may replace, from a user's own, which it may not.
 */
record ConversionRecord(Map<Split, Entry> splits, Set<String> written) {
    static final String FILE = ".convert.json";

    /** A split's folder and what it holds; {@code source} is null while the folder is being replaced. */
    record Entry(String folder, String source) {
    }

    static ConversionRecord read(Path out) {
        Path file = out.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return inferred(out);
        }
        try {
            ConversionRecord record = Json.MAPPER.readValue(file.toFile(), ConversionRecord.class);
            return new ConversionRecord(record.splits() == null ? new EnumMap<>(Split.class) : new EnumMap<>(record.splits()),
                    record.written() == null ? new TreeSet<>() : new TreeSet<>(record.written()));
        } catch (IOException e) {
            throw new InvalidInputException(file + ": not a conversion record (" + e.getMessage() + "); --force converts again", e);
        }
    }

    /**
     * An output written before {@code .convert.json} existed: a split is convert's own when its list
     * file's first line is convert's ({@code train/3/00042.png 3}); it is converted again, its source unknown.
     */
    private static ConversionRecord inferred(Path out) {
        Map<Split, Entry> splits = new EnumMap<>(Split.class);
        Set<String> written = new TreeSet<>();
        for (Layout layout : Layout.values()) {
            for (Split split : Split.values()) {
                String folder = layout.folder(split);
                Pattern line = Pattern.compile(Pattern.quote(folder) + "/\\d+/\\d+\\.png \\d+");
                if (PngConverter.isComplete(out, split, layout) && line.matcher(firstLine(out.resolve(layout.listFile(split)))).matches()) {
                    splits.put(split, new Entry(folder, null));
                    written.add(folder);
                    written.add(layout.listFile(split));
                    written.add(IdxFolder.CLASS_NAMES_FILE);
                }
            }
        }
        return new ConversionRecord(splits, written);
    }

    private static String firstLine(Path file) {
        try (BufferedReader reader = Files.newBufferedReader(file)) {
            String line = reader.readLine();
            return line == null ? "" : line;
        } catch (IOException | UncheckedIOException e) {
            return "";
        }
    }

    void write(Path out) {
        try {
            AtomicFiles.writeString(out.resolve(FILE), Json.MAPPER.writeValueAsString(this) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @throws InvalidInputException when {@code name} exists in {@code out} and this tool did not write it */
    void requireOwned(Path out, String name) {
        if (Files.exists(out.resolve(name)) && !written.contains(name)) {
            throw new InvalidInputException(out.resolve(name) + ": exists and was not written by mnist convert; --force replaces it");
        }
    }

    /** What a split converted from {@code source} (of {@code classNames}) with {@code options} is made of. */
    static String source(IdxFolder source, List<String> classNames, Split split, PngConverter.Options options) {
        List<String> parts = new ArrayList<>();
        parts.add("layout=" + options.layout());
        parts.add("invert=" + options.invert());
        parts.add("classes=" + String.join("|", classNames));
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
