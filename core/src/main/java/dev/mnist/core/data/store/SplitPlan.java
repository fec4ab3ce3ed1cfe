package dev.mnist.core.data.store;

import dev.mnist.core.InvalidInputException;
import dev.mnist.core.data.store.SourceImages.Entry;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Which image goes into which split, as DIGITS draws them: classes with fewer than the minimum are
 * left out, classes over the maximum are cut down to a seeded pick, then the validation and test
 * percentages are taken from each class separately (so every split keeps the classes' proportions),
 * unless those splits come from data of their own. Each split is then shuffled, so that its first
 * images are a fair sample of all of it.
 */
record SplitPlan(List<String> classNames, Map<StoreSplit, List<Entry>> splits, List<String> leftOut) {

    static SplitPlan of(SourceImages data, SourceImages val, SourceImages test, StoreOptions options) {
        List<List<Entry>> byClass = new ArrayList<>();
        data.classNames().forEach(name -> byClass.add(new ArrayList<>()));
        data.entries().forEach(entry -> byClass.get(entry.label()).add(entry));
        List<String> kept = new ArrayList<>();
        List<String> leftOut = new ArrayList<>();
        int[] newLabel = new int[byClass.size()];
        Map<StoreSplit, List<Entry>> splits = new EnumMap<>(StoreSplit.class);
        for (StoreSplit split : StoreSplit.values()) {
            splits.put(split, new ArrayList<>());
        }
        for (int label = 0; label < byClass.size(); label++) {
            List<Entry> entries = byClass.get(label);
            String name = data.classNames().get(label);
            if (entries.size() < Math.max(1, options.minPerClass())) {
                newLabel[label] = -1;
                if (!entries.isEmpty() || val == null) {
                    leftOut.add(name + " (" + entries.size() + ")");
                }
                continue;
            }
            newLabel[label] = kept.size();
            kept.add(name);
            Collections.shuffle(entries, new Random(options.seed() * 1_000_003L + label));
            if (options.maxPerClass() > 0 && entries.size() > options.maxPerClass()) {
                entries = entries.subList(0, options.maxPerClass());
            }
            int n = entries.size();
            int testCount = test == null ? (int) Math.round(n * options.testPercent() / 100) : 0;
            int valCount = val == null ? (int) Math.round(n * options.valPercent() / 100) : 0;
            int at = 0;
            for (Entry entry : entries) {
                StoreSplit split = at < testCount ? StoreSplit.TEST : at < testCount + valCount ? StoreSplit.VAL : StoreSplit.TRAIN;
                splits.get(split).add(new Entry(entry.file(), newLabel[label]));
                at++;
            }
        }
        addSeparate(splits.get(StoreSplit.VAL), val, newLabel);
        addSeparate(splits.get(StoreSplit.TEST), test, newLabel);
        String leftOutNote = leftOut.isEmpty() ? "" : " (classes under --min-per-class " + options.minPerClass() + ": " + leftOut + ")";
        if (splits.get(StoreSplit.TRAIN).isEmpty()) {
            throw new InvalidInputException(data.source() + ": no images left for training" + leftOutNote);
        }
        if (kept.size() < 2) {
            throw new InvalidInputException(data.source() + ": " + kept.size() + " class" + (kept.size() == 1 ? " (" + kept.get(0) + ")" : "es")
                    + " to classify; a store needs at least two" + leftOutNote);
        }
        for (StoreSplit split : StoreSplit.values()) {
            Collections.shuffle(splits.get(split), new Random(options.seed() * 31 + split.ordinal()));
        }
        return new SplitPlan(kept, splits, leftOut);
    }

    /** Validation or test data of its own, relabelled to the kept classes; images of left-out classes go too. */
    private static void addSeparate(List<Entry> target, SourceImages source, int[] newLabel) {
        if (source == null) {
            return;
        }
        for (Entry entry : source.entries()) {
            int label = newLabel[entry.label()];
            if (label >= 0) {
                target.add(new Entry(entry.file(), label));
            }
        }
    }

    int total() {
        return splits.values().stream().mapToInt(List::size).sum();
    }
}
