package dev.mnist.spark;

import dev.mnist.core.InvalidInputException;
import dev.mnist.core.data.ImageFolder;
import dev.mnist.core.infer.ClassifyInput;
import dev.mnist.core.infer.ListLine;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * The images a job is given, as rows of {@code path} (a Hadoop URI) and {@code label} (the model's
 * class index, null when none), from any path Hadoop reads:
 * <ul>
 *   <li>{@code @LIST}: a text file of {@code path [label]} lines, as {@code mnist classify} reads one
 *       (relative paths against the list's folder; a label is a class name or index);</li>
 *   <li>a {@code .parquet} table (file or folder) with a {@code path} column and, optionally, a
 *       {@code label} column of class names or indices;</li>
 *   <li>anything else: a file, folder or glob, every image under it (listed by Spark's file index,
 *       as its {@code binaryFile} source lists them; their contents are read later, by the tasks).</li>
 * </ul>
 */
final class ImageInputs {
    static final String PATH = "path";
    static final String LABEL = "label";
    static final StructType SCHEMA = new StructType()
            .add(PATH, DataTypes.StringType, false)
            .add(LABEL, DataTypes.IntegerType, true);

    private ImageInputs() {
    }

    /** The inputs' rows, each input's spread over {@code partitions} partitions. */
    static Dataset<Row> of(SparkSession spark, List<String> inputs, List<String> classNames, int partitions) {
        Dataset<Row> all = null;
        for (String input : inputs) {
            Dataset<Row> rows = one(spark, input, classNames, partitions);
            all = all == null ? rows : all.union(rows);
        }
        if (all == null) {
            throw new InvalidInputException("no inputs given");
        }
        return all;
    }

    private static Dataset<Row> one(SparkSession spark, String input, List<String> classNames, int partitions) {
        if (input.startsWith("@")) {
            String list = input.substring(1);
            String folder = new Path(list).getParent() == null ? null : new Path(list).getParent().toString();
            return spark.read().text(list).flatMap(new ListLines(folder, classNames), Encoders.row(SCHEMA)).repartition(partitions);
        }
        if (input.toLowerCase(Locale.ROOT).endsWith(".parquet")) {
            return table(spark.read().parquet(input), input, classNames).repartition(partitions);
        }
        // Spark's file index lists the folder on the driver (in parallel for many folders) and holds
        // every path there anyway; taking the paths from it spares the tasks a scan that opens each file.
        List<Row> images = java.util.Arrays.stream(spark.read().format("binaryFile").option("recursiveFileLookup", "true")
                        .load(input).inputFiles())
                .filter(file -> ImageFolder.hasImageName(new Path(file).getName()))
                .sorted()
                .map(file -> RowFactory.create(file, null))
                .toList();
        return spark.createDataFrame(JavaSparkContext.fromSparkContext(spark.sparkContext())
                .parallelize(images, Math.max(1, Math.min(partitions, images.size()))), SCHEMA);
    }

    private static Dataset<Row> table(Dataset<Row> table, String input, List<String> classNames) {
        List<String> names = List.of(table.columns());
        if (!names.contains(PATH)) {
            throw new InvalidInputException(input + ": a table of images needs a 'path' column; it has " + names);
        }
        boolean labelled = names.contains(LABEL);
        Dataset<Row> columns = labelled ? table.select(PATH, LABEL) : table.select(PATH);
        return columns.map(
                (org.apache.spark.api.java.function.MapFunction<Row, Row>) row -> {
                    Object label = labelled && !row.isNullAt(1) ? row.get(1) : null;
                    return RowFactory.create(row.getString(0), label == null ? null : labelIndex(label.toString(), classNames));
                }, Encoders.row(SCHEMA));
    }

    /** The class a label names, by name or index; null when it names none of the model's. */
    private static Integer labelIndex(String label, List<String> classNames) {
        ListLine line = ListLine.parse("x " + label, classNames);
        return line == null || line.label() == ClassifyInput.NO_LABEL ? null : line.label();
    }

    /** A list file's lines as rows; relative paths are taken against the list's folder. */
    private record ListLines(String folder, List<String> classNames) implements FlatMapFunction<Row, Row> {
        @Override
        public Iterator<Row> call(Row line) {
            ListLine entry = ListLine.parse(line.getString(0), classNames);
            if (entry == null) {
                return java.util.Collections.emptyIterator();
            }
            Path path = new Path(entry.path());
            String resolved = path.isAbsoluteAndSchemeAuthorityNull() || path.toUri().getScheme() != null || folder == null
                    ? entry.path() : new Path(folder, path).toString();
            return List.of(RowFactory.create(resolved, entry.label() == ClassifyInput.NO_LABEL ? null : entry.label())).iterator();
        }
    }
}
