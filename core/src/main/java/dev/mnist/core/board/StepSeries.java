package dev.mnist.core.board;

import dev.mnist.core.run.StepLog;
import dev.mnist.core.run.StepRecord;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.Objects;

/**
 * A run's {@code steps.csv} in memory, as columns, read on from where the last read stopped (a
 * file replaced, as a resumed run does, is read again from its start). Handed out whole, the
 * records after a step, or downsampled for a chart: a bucket keeps its lowest and highest loss.
 */
final class StepSeries {
    /** The columns the page draws; {@code total} is the number of records there are in all. */
    record Columns(int total, long[] step, float[] epoch, float[] loss, float[] learningRate, float[] imagesPerSecond,
                   double[] time) {
    }

    private final Path file;
    /** Counts the times the file was found replaced: a page that follows the records then starts again. */
    private int generation;
    private Object fileKey;
    private long offset;
    private int size;
    private long[] step = new long[256];
    private float[] epoch = new float[256];
    private float[] loss = new float[256];
    private float[] learningRate = new float[256];
    private float[] imagesPerSecond = new float[256];
    private double[] time = new double[256];

    StepSeries(Path file) {
        this.file = file;
    }

    synchronized int size() {
        return size;
    }

    /** Reads what was appended since the last call. */
    synchronized StepSeries refresh() {
        if (!Files.isRegularFile(file)) {
            clear();
            return this;
        }
        try {
            Object key = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
            if (!Objects.equals(key, fileKey) || Files.size(file) < offset || !lineStartsAt(offset)) {
                clear();
                fileKey = key;
            }
            offset = StepLog.read(file, offset, this::add);
        } catch (IOException e) {
            // Being replaced this moment: the next refresh reads it.
        }
        return this;
    }

    /** Whether a line of the file starts at {@code offset}: false when the file was replaced under it. */
    private boolean lineStartsAt(long offset) throws IOException {
        if (offset == 0) {
            return true;
        }
        try (SeekableByteChannel channel = Files.newByteChannel(file)) {
            ByteBuffer before = ByteBuffer.allocate(1);
            channel.position(offset - 1);
            return channel.read(before) == 1 && before.get(0) == '\n';
        }
    }

    synchronized int generation() {
        return generation;
    }

    private void clear() {
        if (size > 0) {
            generation++;
        }
        size = 0;
        offset = 0;
        fileKey = null;
    }

    private void add(StepRecord record) {
        if (size > 0 && record.step() <= step[size - 1]) {
            return;
        }
        if (size == step.length) {
            int grown = size * 2;
            step = Arrays.copyOf(step, grown);
            epoch = Arrays.copyOf(epoch, grown);
            loss = Arrays.copyOf(loss, grown);
            learningRate = Arrays.copyOf(learningRate, grown);
            imagesPerSecond = Arrays.copyOf(imagesPerSecond, grown);
            time = Arrays.copyOf(time, grown);
        }
        step[size] = record.step();
        epoch[size] = (float) record.epoch();
        loss[size] = (float) record.loss();
        learningRate[size] = (float) record.learningRate();
        imagesPerSecond[size] = (float) record.imagesPerSecond();
        time[size] = record.time();
        size++;
    }

    /** The records after {@code after}, all of them. */
    synchronized Columns after(long after) {
        int from = 0;
        while (from < size && step[from] <= after) {
            from++;
        }
        int[] picked = new int[size - from];
        Arrays.setAll(picked, i -> i);
        for (int i = 0; i < picked.length; i++) {
            picked[i] += from;
        }
        return columns(picked);
    }

    /**
     * About {@code max} records at most: all when there are no more, else in {@code max / 2} buckets of
     * consecutive records, each giving its lowest and its highest loss, in their order, so that the
     * curve's spikes and its floor both stay in the chart.
     */
    synchronized Columns downsampled(int max) {
        if (size <= max) {
            int[] all = new int[size];
            Arrays.setAll(all, i -> i);
            return columns(all);
        }
        int buckets = Math.max(1, max / 2);
        int[] picked = new int[buckets * 2];
        int count = 0;
        for (int b = 0; b < buckets; b++) {
            int from = (int) ((long) size * b / buckets);
            int to = (int) ((long) size * (b + 1) / buckets);
            int low = from;
            int high = from;
            for (int i = from + 1; i < to; i++) {
                if (loss[i] < loss[low]) {
                    low = i;
                }
                if (loss[i] > loss[high]) {
                    high = i;
                }
            }
            picked[count++] = Math.min(low, high);
            if (low != high) {
                picked[count++] = Math.max(low, high);
            }
        }
        return columns(Arrays.copyOf(picked, count));
    }

    private Columns columns(int[] indices) {
        int n = indices.length;
        long[] s = new long[n];
        float[] e = new float[n];
        float[] l = new float[n];
        float[] r = new float[n];
        float[] v = new float[n];
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            int at = indices[i];
            s[i] = step[at];
            e[i] = epoch[at];
            l[i] = loss[at];
            r[i] = learningRate[at];
            v[i] = imagesPerSecond[at];
            t[i] = time[at];
        }
        return new Columns(size, s, e, l, r, v, t);
    }
}
