package dev.mnist.core.sweep;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.mnist.core.InvalidInputException;
import dev.mnist.core.io.AtomicFiles;
import dev.mnist.core.io.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code sweep.json}: a sweep's grid and its trials. {@code trainArgs} are the train options every
 * trial shares; {@code axes} the options that take each of several values, in the order given; a
 * trial is one point of the grid, an ordinary run folder {@code <sweep>/<trial>} of the train options
 * with that point's values, and records how it ended.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Sweep(String name, List<String> trainArgs, Map<String, List<String>> axes, List<Trial> trials) {
    public static final String FILE = "sweep.json";

    /** One point of the grid: its run folder's name, its values of the axes, and how it ended (null until it ran). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Trial(String name, Map<String, String> settings, String status, String reason) {
        public Trial ended(String status, String reason) {
            return new Trial(name, settings, status, reason);
        }

        /** The train options of this trial: the shared ones, then its values of the axes. */
        public List<String> args(List<String> shared) {
            List<String> args = new ArrayList<>(shared);
            settings.forEach((option, value) -> {
                args.add(option);
                args.add(value);
            });
            return args;
        }
    }

    /** A new sweep of every point of the grid, axes varying last-fastest as a loop nest would. */
    public static Sweep of(String name, List<String> trainArgs, Map<String, List<String>> axes) {
        List<Map<String, String>> points = new ArrayList<>(List.of(new LinkedHashMap<>()));
        for (Map.Entry<String, List<String>> axis : axes.entrySet()) {
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> point : points) {
                for (String value : axis.getValue()) {
                    Map<String, String> extended = new LinkedHashMap<>(point);
                    extended.put(axis.getKey(), value);
                    next.add(extended);
                }
            }
            points = next;
        }
        List<Trial> trials = new ArrayList<>();
        for (int i = 0; i < points.size(); i++) {
            trials.add(new Trial(trialName(i + 1, points.get(i)), points.get(i), null, null));
        }
        return new Sweep(name, List.copyOf(trainArgs), axes, trials);
    }

    /** {@code 03-lr0.01-seed2}: its number, then its values, as a plain folder name. */
    static String trialName(int number, Map<String, String> point) {
        StringBuilder name = new StringBuilder(String.format("%02d", number));
        point.forEach((option, value) -> name.append('-').append(option.replaceFirst("^--", "")).append(value));
        return name.toString().replaceAll("[^A-Za-z0-9._-]", "_");
    }

    /** {@code count} of the grid's points drawn at random with {@code seed}, kept in the grid's order and names. */
    public Sweep sample(int count, long seed) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < trials.size(); i++) {
            order.add(i);
        }
        java.util.Collections.shuffle(order, new java.util.Random(seed));
        List<Integer> picked = new ArrayList<>(order.subList(0, Math.min(count, order.size())));
        java.util.Collections.sort(picked);
        return new Sweep(name, trainArgs, axes, picked.stream().map(trials::get).toList());
    }

    public Sweep withTrial(int index, Trial trial) {
        List<Trial> updated = new ArrayList<>(trials);
        updated.set(index, trial);
        return new Sweep(name, trainArgs, axes, updated);
    }

    public void write(Path dir) {
        AtomicFiles.write(dir.resolve(FILE), temporary -> Json.MAPPER.writeValue(temporary.toFile(), this));
    }

    public static Sweep read(Path dir) {
        Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException(dir + ": not a sweep (no " + FILE + "; start one with 'mnist sweep --name')");
        }
        try {
            return Json.MAPPER.readValue(file.toFile(), Sweep.class);
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
    }
}
