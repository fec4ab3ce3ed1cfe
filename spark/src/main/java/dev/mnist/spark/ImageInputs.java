package dev.mnist.spark;

import dev.mnist.core.InvalidInputException;
import dev.mnist.core.data.ImageFolder;
import dev.mnist.core.infer.ClassifyInput;
import dev.mnist.core.infer.InputList;
import dev.mnist.core.infer.ListLine;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * The images a classify job is given, as rows of {@code path} (a Hadoop URI) and {@code label} (the
 * model's class index, null when none), from any path Hadoop reads:
 * <ul>
 *   <li>{@code @LIST}: a text file of {@code path [label]} lines, as {@code mnist classify} reads one
 *       (see {@link ImageList});</li>
 *   <li>a {@code .parquet} table (file or folder) with a {@code path} column and, optionally, a
 *       {@code label} column of class names or indices;</li>
 *   <li>anything else: a file, folder or glob. A file named is itself; a folder is every image under
 *       it, hidden ones ({@code .name}) left out, as {@code mnist classify} walks one. The driver
 *       lists them (local folders as {@code mnist classify} does, others through Hadoop's file
 *       system, as Spark's own file sources do); the tasks read them.</li>
 * </ul>
 */
final class ImageInputs {
    private static final Logger LOG = LoggerFactory.getLogger(ImageInputs.class);

    static final String PATH = "path";
    static final String LABEL = "label";
    static final StructType SCHEMA = new StructType()
            .add(PATH, DataTypes.StringType, true)
            .add(LABEL, DataTypes.IntegerType, true);

    private ImageInputs() {
    }

    /**
     * The inputs' rows, each input's spread over {@code partitions} partitions.
     *
     * @throws InvalidInputException when an input does not exist, or none holds an image
     */
    static Dataset<Row> of(SparkSession spark, List<String> inputs, List<String> classNames, int partitions) {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        Dataset<Row> all = null;
        boolean someListed = false;   // folders' images are counted on the driver; lists and tables only by a job
        boolean readByTasks = false;
        for (String input : inputs) {
            Dataset<Row> rows;
            if (input.startsWith("@")) {
                ImageList list = ImageList.of(input, conf);
                rows = spark.read().text(list.file()).flatMap(new ListLines(list, classNames), Encoders.row(SCHEMA))
                        .repartition(partitions);
                readByTasks = true;
            } else if (input.toLowerCase(Locale.ROOT).endsWith(".parquet")) {
                rows = table(spark.read().parquet(input), input, classNames).repartition(partitions);
                readByTasks = true;
            } else {
                long start = System.nanoTime();
                List<Row> images = images(conf, input).stream().map(file -> RowFactory.create(file, null)).toList();
                LOG.info("listed {} images in {} in {} ms", images.size(), input, (System.nanoTime() - start) / 1_000_000);
                if (images.isEmpty()) {
                    continue;
                }
                someListed = true;
                rows = spark.createDataFrame(JavaSparkContext.fromSparkContext(spark.sparkContext())
                        .parallelize(images, Math.min(partitions, images.size())), SCHEMA);
            }
            all = all == null ? rows : all.union(rows);
        }
        if (all == null || !someListed && readByTasks && all.isEmpty()) {
            throw new InvalidInputException("no images found in " + String.join(" ", inputs));
        }
        return all;
    }

    /** The files a file, folder or glob names, sorted. */
    private static List<String> images(Configuration conf, String input) {
        Path pattern = HadoopFiles.path(input);
        try {
            FileSystem fs = pattern.getFileSystem(conf);
            FileSystem files = HadoopFiles.withoutChecksums(fs);
            FileStatus[] matches = fs.globStatus(pattern);
            if (matches == null || matches.length == 0) {
                throw new InvalidInputException(input + ": no such file or folder");
            }
            List<String> images = new ArrayList<>();
            for (FileStatus match : matches) {
                if (match.isFile()) {
                    images.add(match.getPath().toString());
                } else if (files instanceof RawLocalFileSystem) {
                    addLocalImages(match.getPath(), images);
                } else {
                    addImages(files, match.getPath(), images);
                }
            }
            Collections.sort(images);
            return images;
        } catch (IOException e) {
            throw new InvalidInputException(input + ": cannot list (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Every image under a local folder, as {@code mnist classify} walks one (the same {@link InputList}):
     * hidden ones left out, links followed, each file once. Six times faster than Hadoop's listing of
     * local files, which makes a {@code Path} and a status of each.
     */
    private static void addLocalImages(Path folder, List<String> files) {
        try (InputList images = new InputList(List.of(folder.toUri().getPath()), List.of())) {
            images.forEachRemaining(image -> files.add("file:" + image.path().toAbsolutePath()));
        }
    }

    /**
     * Every image under a folder of another file system (HDFS, S3 ...), hidden ones left out: plain
     * {@code listStatus}, folder by folder, the cheapest listing Hadoop offers for any file system.
     */
    private static void addImages(FileSystem fs, Path folder, List<String> files) throws IOException {
        for (FileStatus child : fs.listStatus(folder)) {
            String name = child.getPath().getName();
            if (name.startsWith(".")) {
                continue;
            }
            if (child.isDirectory()) {
                addImages(fs, child.getPath(), files);
            } else if (ImageFolder.hasImageName(name)) {
                files.add(child.getPath().toString());
            }
        }
    }

    /** A table's rows; its labels must name the model's classes (by name or index). */
    private static Dataset<Row> table(Dataset<Row> table, String input, List<String> classNames) {
        List<String> names = List.of(table.columns());
        if (!names.contains(PATH)) {
            throw new InvalidInputException(input + ": a table of images needs a 'path' column; it has " + names);
        }
        if (!names.contains(LABEL)) {
            return table.select(PATH).map((MapFunction<Row, Row>) row -> RowFactory.create(row.getString(0), null),
                    Encoders.row(SCHEMA));
        }
        Dataset<Row> labels = table.select(table.col(LABEL).cast(DataTypes.StringType));
        List<String> unknown = labels.distinct().limit(1_000).collectAsList().stream()
                .filter(row -> !row.isNullAt(0) && ListLine.classIndex(row.getString(0), classNames) == ClassifyInput.NO_LABEL)
                .map(row -> row.getString(0)).sorted().limit(10).toList();
        if (!unknown.isEmpty()) {
            throw new InvalidInputException(input + ": labels " + unknown + " are none of the model's classes " + classNames);
        }
        return table.select(table.col(PATH), table.col(LABEL).cast(DataTypes.StringType)).map((MapFunction<Row, Row>) row ->
                RowFactory.create(row.getString(0), row.isNullAt(1) ? null : ListLine.classIndex(row.getString(1), classNames)),
                Encoders.row(SCHEMA));
    }

    /** A list file's lines as rows. */
    private record ListLines(ImageList list, List<String> classNames) implements FlatMapFunction<Row, Row> {
        @Override
        public Iterator<Row> call(Row line) {
            ListLine entry = ListLine.parse(line.getString(0), classNames);
            if (entry == null) {
                return Collections.emptyIterator();
            }
            return List.of(RowFactory.create(list.resolve(entry.path()),
                    entry.label() == ClassifyInput.NO_LABEL ? null : entry.label())).iterator();
        }
    }
}
