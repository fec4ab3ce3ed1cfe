package dev.mnist.spark;

import dev.mnist.core.InvalidInputException;
import dev.mnist.core.data.ImageFolder;
import dev.mnist.core.data.Split;
import dev.mnist.core.data.convert.Layout;
import dev.mnist.core.data.idx.IdxFolder;
import dev.mnist.core.infer.ClassifyInput;
import dev.mnist.core.infer.ListLine;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The labelled images an evaluation scores, numbered and named as {@code mnist evaluate} numbers and
 * names them: class folders ({@code <root>/<class>/<image>}, or a converted root's {@code test/}
 * with the class names of its {@code labels.txt}; classes in class order, files in name order, as
 * {@link ImageFolder} reads them; listed on the driver), or an {@code @LIST} of {@code path label}
 * lines (numbered by line, read by the executors).
 */
final class LabelledFiles {
    /**
     * One image: its number in the data set, its Hadoop path, where {@code mnist evaluate} would say
     * it is ({@code source}), and its class index in the model ({@code NO_LABEL} if none).
     */
    record LabelledFile(long index, String path, String source, int label) implements Serializable {
        boolean labelled() {
            return label != ClassifyInput.NO_LABEL;
        }
    }

    /** The files, what kind of data set they are ({@code image-folders} or {@code list}) and where, as reported. */
    record Listed(JavaRDD<LabelledFile> files, String format, String source) {
    }

    private LabelledFiles() {
    }

    static Listed of(SparkSession spark, String input, List<String> modelClasses, int partitions) {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        if (input.startsWith("@")) {
            ImageList list = ImageList.of(input, conf);
            JavaRDD<LabelledFile> files = spark.read().text(list.file()).javaRDD().zipWithIndex()
                    .flatMap(line -> {
                        ListLine entry = ListLine.parse(line._1().getString(0), modelClasses);
                        if (entry == null) {
                            return Collections.emptyIterator();
                        }
                        String path = list.resolve(entry.path());
                        return List.of(new LabelledFile(line._2(), path, HadoopFiles.display(path), entry.label())).iterator();
                    });
            if (files.isEmpty()) {
                throw new InvalidInputException(list.file() + ": no images listed");
            }
            return new Listed(files.repartition(partitions), "list", HadoopFiles.display(list.file()));
        }
        Folders folders = classFolders(conf, input);
        List<String> missing = folders.classes.keySet().stream().filter(name -> !modelClasses.contains(name)).toList();
        if (!missing.isEmpty()) {
            throw new InvalidInputException(folders.source + ": classes " + missing + " are not among the model's " + modelClasses);
        }
        List<LabelledFile> files = new ArrayList<>();
        folders.classes.forEach((name, images) -> {
            for (Named image : images) {
                files.add(new LabelledFile(files.size(), image.path, image.source, modelClasses.indexOf(name)));
            }
        });
        JavaRDD<LabelledFile> distributed = JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(files, partitions);
        return new Listed(distributed, "image-folders", folders.source);
    }

    /** A file's Hadoop path, and where {@code mnist evaluate} would say it is. */
    private record Named(String path, String source) {
    }

    /** Class name to its images, in class order; {@code source} is the folder as reported. */
    private record Folders(Map<String, List<Named>> classes, String source) {
    }

    /**
     * The class folders of {@code input}, or of its {@code test/} (or {@code testing/}) when it is a
     * converted root, as {@code mnist evaluate --data} finds them.
     */
    private static Folders classFolders(Configuration conf, String input) {
        Path root = HadoopFiles.path(input);
        boolean local = root.toUri().getScheme() == null;
        try {
            FileSystem fs = root.getFileSystem(conf);
            if (!fs.getFileStatus(root).isDirectory()) {
                throw new InvalidInputException(input + ": no such folder");
            }
            for (Layout layout : Layout.values()) {
                Path split = new Path(root, layout.folder(Split.TEST));
                if (fs.exists(split)) {
                    Map<String, List<FileStatus>> found = imagesByClass(fs, split);
                    if (!found.isEmpty()) {
                        List<String> names = numberedNames(fs, new Path(root, IdxFolder.CLASS_NAMES_FILE), found.keySet());
                        String source = local ? Paths.get(input, layout.folder(Split.TEST)).toString() : split.toString();
                        return folders(found, names, source, local);
                    }
                }
            }
            Map<String, List<FileStatus>> found = imagesByClass(fs, root);
            if (found.isEmpty()) {
                throw new InvalidInputException(input + ": no class folders with images (expected <class>/<image>.png)");
            }
            return folders(found, List.copyOf(found.keySet()), local ? Paths.get(input).toString() : root.toString(), local);
        } catch (FileNotFoundException e) {
            throw new InvalidInputException(input + ": no such folder", e);
        } catch (IOException e) {
            throw new InvalidInputException(input + ": cannot list (" + e.getMessage() + ")", e);
        }
    }

    /** Folder name to its images (in name order), for the subfolders holding any, in class order. */
    private static Map<String, List<FileStatus>> imagesByClass(FileSystem fs, Path root) throws IOException {
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
        Map<String, List<FileStatus>> ordered = new LinkedHashMap<>();
        classes.keySet().stream().sorted(ImageFolder.classOrder(List.copyOf(classes.keySet())))
                .forEach(name -> ordered.put(name, classes.get(name)));
        return ordered;
    }

    /** Numbered class folders take their names from {@code labels.txt}, as {@code mnist convert} writes it; others keep theirs. */
    private static List<String> numberedNames(FileSystem fs, Path labels, Collection<String> folders) throws IOException {
        if (!folders.stream().allMatch(name -> name.matches("\\d{1,9}")) || !fs.isFile(labels)) {
            return List.copyOf(folders);
        }
        List<String> names;
        try (FSDataInputStream in = fs.open(labels)) {
            names = new String(in.readNBytes(1 << 20), StandardCharsets.UTF_8).lines().map(String::strip)
                    .filter(line -> !line.isEmpty()).toList();
        }
        return folders.stream().map(name -> {
            int index = Integer.parseInt(name);
            return index < names.size() ? names.get(index) : name;
        }).toList();
    }

    private static Folders folders(Map<String, List<FileStatus>> found, List<String> names, String source, boolean local) {
        Map<String, List<Named>> classes = new LinkedHashMap<>();
        int c = 0;
        for (Map.Entry<String, List<FileStatus>> folder : found.entrySet()) {
            String name = names.get(c++);
            classes.put(name, folder.getValue().stream().map(f -> new Named(f.getPath().toString(), local
                    ? Paths.get(source, folder.getKey(), f.getPath().getName()).toString()
                    : f.getPath().toString())).toList());
        }
        return new Folders(classes, source);
    }
}
