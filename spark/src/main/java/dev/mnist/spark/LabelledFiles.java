package dev.mnist.spark;

import dev.mnist.core.InvalidInputException;
import dev.mnist.core.data.ImageFolder;
import dev.mnist.core.infer.ClassifyInput;
import dev.mnist.core.infer.ListLine;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The labelled images an evaluation scores, numbered as {@code mnist evaluate} numbers them: class
 * folders ({@code <root>/<class>/<image>}, classes in class order, files in name order, exactly as
 * {@link ImageFolder} reads them; listed on the driver) or an {@code @LIST} of {@code path label}
 * lines (numbered by line, read by the executors).
 */
final class LabelledFiles {
    /** One image: its number in the data set, its Hadoop path, and its class index in the model ({@code NO_LABEL} if none). */
    record LabelledFile(long index, String path, int label) implements Serializable {
    }

    /** The files, and what kind of data set they are ({@code image-folders} or {@code list}). */
    record Listed(JavaRDD<LabelledFile> files, String format) {
    }

    private LabelledFiles() {
    }

    static Listed of(SparkSession spark, String input, List<String> modelClasses, int partitions) {
        JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
        if (input.startsWith("@")) {
            String list = input.substring(1);
            Path folder = new Path(list).getParent();
            String base = folder == null ? null : folder.toString();
            JavaRDD<LabelledFile> files = spark.read().text(list).javaRDD().zipWithIndex()
                    .flatMap(line -> {
                        ListLine entry = ListLine.parse(line._1().getString(0), modelClasses);
                        if (entry == null) {
                            return java.util.Collections.emptyIterator();
                        }
                        Path path = new Path(entry.path());
                        String resolved = path.isAbsolute() || path.toUri().getScheme() != null || base == null
                                ? entry.path() : new Path(base, path).toString();
                        return List.of(new LabelledFile(line._2(), resolved, entry.label())).iterator();
                    });
            return new Listed(files.repartition(partitions), "list");
        }
        return new Listed(context.parallelize(classFolders(spark, input, modelClasses), partitions), "image-folders");
    }

    private static List<LabelledFile> classFolders(SparkSession spark, String input, List<String> modelClasses) {
        Path root = new Path(input);
        try {
            FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
            Map<String, List<FileStatus>> classes = new TreeMap<>();
            for (FileStatus child : fs.listStatus(root)) {
                if (child.isDirectory() && !child.getPath().getName().startsWith(".")) {
                    List<FileStatus> images = Arrays.stream(fs.listStatus(child.getPath()))
                            .filter(f -> f.isFile() && ImageFolder.hasImageName(f.getPath().getName()))
                            .sorted(Comparator.comparing(f -> f.getPath().getName()))
                            .toList();
                    if (!images.isEmpty()) {
                        classes.put(child.getPath().getName(), images);
                    }
                }
            }
            if (classes.isEmpty()) {
                throw new InvalidInputException(input + ": no class folders with images (expected <class>/<image>.png)");
            }
            List<String> names = classes.keySet().stream().sorted(ImageFolder.classOrder(List.copyOf(classes.keySet()))).toList();
            List<String> missing = names.stream().filter(name -> !modelClasses.contains(name)).toList();
            if (!missing.isEmpty()) {
                throw new InvalidInputException(input + ": classes " + missing + " are not among the model's " + modelClasses);
            }
            List<LabelledFile> files = new ArrayList<>();
            for (String name : names) {
                for (FileStatus image : classes.get(name)) {
                    files.add(new LabelledFile(files.size(), image.getPath().toString(), modelClasses.indexOf(name)));
                }
            }
            return files;
        } catch (FileNotFoundException e) {
            throw new InvalidInputException(input + ": no such folder", e);
        } catch (IOException e) {
            throw new UncheckedIOException(input + ": cannot list (" + e.getMessage() + ")", e);
        }
    }

    static boolean labelled(LabelledFile file) {
        return file.label() != ClassifyInput.NO_LABEL;
    }
}
