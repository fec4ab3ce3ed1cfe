package dev.mnist.spark;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mnist.cli.Main;
import dev.mnist.core.io.Json;
import dev.mnist.core.testing.Fixtures;
import dev.mnist.core.testing.Images;
import dev.mnist.core.testing.TrainedModel;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Spark jobs on a real local Spark session ({@code local[2]}) over real MNIST test digits as
 * PNG class folders, against {@code mnist classify} and {@code mnist evaluate} run in-process on the
 * same files with the same model.
 */
class SparkJobsTest {
    private static final int IMAGES = 300;
    private static SparkSession spark;
    private static Path model;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() {
        spark = SparkSession.builder().master("local[2]").appName("mnist-spark-test")
                .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "4").getOrCreate();
        model = TrainedModel.modelZip();
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    /** {@code IMAGES} real test digits the model never saw, as {@code <class>/<n>.png}. */
    private static Path digitFolders(Path root) throws IOException {
        for (int i = 0; i < IMAGES; i++) {
            int index = TrainedModel.TEST_FROM + i;
            int label = Fixtures.testSet().label(index);
            Images.write(Images.digit(index), "png", root.resolve(Integer.toString(label)).resolve(index + ".png"));
        }
        return root;
    }

    private static BufferedImage blank() {
        BufferedImage image = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
        image.getGraphics().fillRect(0, 0, 28, 28);
        return image;
    }

    @Test
    void classifyGivesMnistClassifysAnswersForEveryImageAndARowForEachBadOne() throws Exception {
        Path images = digitFolders(dir.resolve("classify"));
        Images.write(blank(), "png", images.resolve("0").resolve("blank.png"));
        Files.write(images.resolve("7").resolve("corrupt.png"), new byte[]{(byte) 0x89, 'P', 'N', 'G', 1, 2, 3});
        Images.write(blank(), "png", images.resolve("3").resolve(".hidden.png"));    // left out, as mnist classify does
        Files.createSymbolicLink(images.resolve("0").resolve("loop"), images);      // walked once, not forever
        Path output = dir.resolve("classified");

        Run spark = Run.spark("classify", "--model", model.toString(), "--input", images.toString(),
                "--output", output.toString(), "--format", "json", "--top", "3");
        Run cli = Run.cli("classify", images.toString(), "--model", model.toString(), "--json", "--top", "3");

        assertEquals(SparkMain.SOME_INPUTS_FAILED, spark.code, spark.toString());
        assertEquals(5, cli.code, cli.toString());
        assertTrue(spark.out.contains("classified 302 images") && spark.out.contains("300 ok, 1 blank, 1 failed"), spark.out);
        Map<String, Row> rows = new HashMap<>();
        for (Row row : SparkJobsTest.spark.read().json(output.toString()).collectAsList()) {
            assertNull(rows.put(row.getAs("path"), row), "one row per image");
        }
        assertEquals(IMAGES + 2, rows.size());
        JsonNode predictions = Json.MAPPER.readTree(cli.out).get("predictions");
        assertEquals(IMAGES + 2, predictions.size(), "mnist classify lists every image, the corrupt one as failed");
        for (JsonNode expected : predictions) {
            Row row = rows.get(expected.get("path").asText());
            assertEquals(expected.get("status").asText(), row.getAs("status"), expected.toString());
            if (expected.has("error")) {
                assertEquals(expected.get("error").asText(), row.getAs("reason"), expected.toString());
            }
            for (int k = 0; k < expected.path("top").size(); k++) {
                JsonNode guess = expected.get("top").get(k);
                assertEquals(guess.get("class").asText(), row.getAs("class_" + (k + 1)), expected.toString());
                assertEquals(guess.get("probability").asDouble(), (double) row.getAs("probability_" + (k + 1)), 1e-6,
                        expected.toString());
            }
        }
        Row blank = rows.get(images.resolve("0").resolve("blank.png").toString());
        assertEquals("blank", blank.getAs("status"));
        assertNull(blank.getAs("class_1"));
        Row corrupt = rows.get(images.resolve("7").resolve("corrupt.png").toString());
        assertEquals("failed", corrupt.getAs("status"));
        String reason = corrupt.getAs("reason");
        assertTrue(reason.startsWith(images.resolve("7").resolve("corrupt.png") + ": not an image"), reason);
        assertTrue(cli.err.contains(reason), "the same reason as mnist classify's: " + cli.err);
    }

    @Test
    void evaluateWritesMnistEvaluatesReport() throws Exception {
        Path converted = dir.resolve("converted");   // as mnist convert writes: test/<class>/, labels.txt
        Path images = digitFolders(converted.resolve("test"));
        Files.writeString(converted.resolve("labels.txt"), "0\n1\n2\n3\n4\n5\n6\n7\n8\n9\n");
        Images.write(blank(), "png", images.resolve("3").resolve("blank.png"));
        Path output = dir.resolve("evaluated");

        Run spark = Run.spark("evaluate", "--model", model.toString(), "--input", converted.toString(),
                "--output", output.toString(), "--partitions", "3", "--batch-size", "32");
        Run cli = Run.cli("evaluate", "--data", converted.toString(), "--model", model.toString(), "--json");

        assertEquals(0, spark.code, spark.toString());
        assertEquals(0, cli.code, cli.toString());
        JsonNode report = Json.MAPPER.readTree(output.resolve(EvaluateJob.REPORT).toFile());
        JsonNode expected = Json.MAPPER.readTree(cli.out);
        assertEquals(IMAGES + 1, report.get("images").asInt());
        assertTrue(report.get("wrong").asInt() > 0, "a model this small gets some wrong: the mistakes are compared too");
        assertEquals(expected, report, "the report of mnist evaluate --json");

        double accuracy = report.get("accuracy").asDouble();
        Run belowTheBar = Run.spark("evaluate", "--model", model.toString(), "--input", converted.toString(),
                "--output", dir.resolve("gated").toString(), "--min-accuracy", Double.toString(Math.nextUp(accuracy)));
        assertEquals(SparkMain.BELOW_MIN_ACCURACY, belowTheBar.code, belowTheBar.toString());
        assertTrue(belowTheBar.err.contains("is below --min-accuracy"), belowTheBar.toString());
    }

    @Test
    void classifyReadsAListWithLabelsAndWritesCsv() throws Exception {
        Path images = digitFolders(dir.resolve("listed"));
        StringBuilder list = new StringBuilder("# path label\n");
        for (int i = 0; i < 20; i++) {
            int index = TrainedModel.TEST_FROM + i;
            int label = Fixtures.testSet().label(index);
            list.append(label).append('/').append(index).append(".png ").append(label).append('\n');
        }
        list.append("missing.png 3\n").append("photo 10:30.png\n");
        Path listFile = Files.writeString(images.resolve("list.txt"), list);
        Path output = dir.resolve("listed-out");

        Run spark = Run.spark("classify", "--model", model.toString(), "--input", "@" + listFile,
                "--output", output.toString(), "--format", "csv", "--top", "2", "--json");

        assertEquals(SparkMain.SOME_INPUTS_FAILED, spark.code, spark.toString());
        JsonNode summary = Json.MAPPER.readTree(spark.out);
        assertEquals(22, summary.get("images").asInt(), spark.out);
        assertEquals(2, summary.get("failed").asInt(), spark.out);
        assertEquals(20, summary.get("labelled").asInt(), spark.out);
        List<Row> rows = SparkJobsTest.spark.read().option("header", "true").csv(output.toString()).collectAsList();
        assertEquals(22, rows.size());
        Row notAPath = rows.stream().filter(r -> r.<String>getAs("path").contains("10:30")).findFirst().orElseThrow();
        assertEquals("failed", notAPath.getAs("status"));
        assertTrue(notAPath.<String>getAs("reason").contains("not a valid path"), notAPath.toString());
        Row missing = rows.stream().filter(r -> r.<String>getAs("path").endsWith("missing.png")).findFirst().orElseThrow();
        assertEquals("failed", missing.getAs("status"));
        assertEquals(images.resolve("missing.png") + ": no such file", missing.getAs("reason"));
        assertEquals("3", missing.getAs("label"));
        assertFalse(List.of(SparkJobsTest.spark.read().option("header", "true").csv(output.toString()).columns()).contains("class_3"));
    }

    @Test
    void aTableOfPathsAndLabelsIsClassifiedAndAListOfThemEvaluated() throws Exception {
        Path images = digitFolders(dir.resolve("table"));
        List<Row> table = new java.util.ArrayList<>();
        StringBuilder list = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            int index = TrainedModel.TEST_FROM + i;
            String label = Integer.toString(Fixtures.testSet().label(index));
            Path file = images.resolve(label).resolve(index + ".png");
            table.add(org.apache.spark.sql.RowFactory.create(file.toUri().toString(), label));
            list.append(file).append(' ').append(label).append('\n');
        }
        Path parquet = dir.resolve("images.parquet");
        spark.createDataFrame(table, new org.apache.spark.sql.types.StructType()
                .add("path", "string").add("label", "string")).write().parquet(parquet.toString());
        Path listFile = Files.writeString(dir.resolve("labelled.txt"), list);

        Run classified = Run.spark("classify", "--model", model.toString(), "--input", parquet.toString(),
                "--output", dir.resolve("table-out").toString());
        Run evaluated = Run.spark("evaluate", "--model", model.toString(), "--input", "@" + listFile,
                "--output", dir.resolve("list-report").toString(), "--json");

        assertEquals(0, classified.code, classified.toString());
        List<Row> rows = spark.read().parquet(dir.resolve("table-out").toString()).collectAsList();
        assertEquals(40, rows.size());
        long correct = rows.stream().filter(r -> r.<String>getAs("label").equals(r.getAs("class_1"))).count();
        assertTrue(classified.out.contains(String.format("accuracy %.4f over 40 labelled", correct / 40.0)), classified.out);
        assertEquals(0, evaluated.code, evaluated.toString());
        JsonNode report = Json.MAPPER.readTree(dir.resolve("list-report").resolve(EvaluateJob.REPORT).toFile());
        assertEquals(report, Json.MAPPER.readTree(evaluated.out), "--json prints the report");
        assertEquals(40, report.get("images").asInt());
        assertEquals(correct, report.get("correct").asLong(), "the same images, the same answers");
        assertEquals("list", report.get("dataFormat").asText());
    }

    @Test
    void prepareOverridesTheModelsPreparationAsMnistClassifyDoes() throws Exception {
        Path images = digitFolders(dir.resolve("prepared"));
        Map<String, Double> asTheModelSays = topProbabilities(Run.spark("classify", "--model", model.toString(), "--input",
                images.toString(), "--output", dir.resolve("digit-out").toString(), "--format", "json"), dir.resolve("digit-out"));

        Run spark = Run.spark("classify", "--model", model.toString(), "--input", images.toString(),
                "--output", dir.resolve("plain-out").toString(), "--format", "json", "--prepare", "plain");
        Run cli = Run.cli("classify", images.toString(), "--model", model.toString(), "--json", "--prepare", "plain");

        assertEquals(0, cli.code, cli.toString());
        Map<String, Double> plain = topProbabilities(spark, dir.resolve("plain-out"));
        JsonNode predictions = Json.MAPPER.readTree(cli.out).get("predictions");
        assertEquals(IMAGES, predictions.size());
        int changed = 0;
        for (JsonNode expected : predictions) {
            String path = expected.get("path").asText();
            assertEquals(expected.get("top").get(0).get("probability").asDouble(), plain.get(path), 1e-6, path);
            changed += Math.abs(plain.get(path) - asTheModelSays.get(path)) > 1e-6 ? 1 : 0;
        }
        assertTrue(changed > IMAGES / 2, "plain is not the model's digit preparation: " + changed + " of " + IMAGES + " changed");

        Run sparkReport = Run.spark("evaluate", "--model", model.toString(), "--input", images.toString(),
                "--output", dir.resolve("plain-report").toString(), "--prepare", "plain");
        Run cliReport = Run.cli("evaluate", "--data", images.toString(), "--model", model.toString(), "--json", "--prepare", "plain");
        assertEquals(0, sparkReport.code, sparkReport.toString());
        assertEquals(Json.MAPPER.readTree(cliReport.out),
                Json.MAPPER.readTree(dir.resolve("plain-report").resolve(EvaluateJob.REPORT).toFile()), "mnist evaluate --prepare plain's");

        Run auto = Run.spark("evaluate", "--model", model.toString(), "--input", images.toString(),
                "--output", dir.resolve("never-prepared").toString(), "--prepare", "auto");
        assertEquals(2, auto.code, auto.toString());
        assertTrue(auto.err.contains("must be digit or plain, not 'auto'"), auto.toString());
    }

    /** A classify job's top probability per image path, from its JSON rows. */
    private static Map<String, Double> topProbabilities(Run run, Path output) {
        assertEquals(0, run.code, run.toString());
        Map<String, Double> top = new HashMap<>();
        for (Row row : spark.read().json(output.toString()).collectAsList()) {
            top.put(row.getAs("path"), row.getAs("probability_1"));
        }
        return top;
    }

    @Test
    void userMistakesAreOneLineErrorsAndWriteNothing() throws Exception {
        Path notAModel = Files.writeString(dir.resolve("not-a-model.zip"), "hello");
        Path existing = Files.createDirectories(dir.resolve("exists"));
        Path output = dir.resolve("never");

        Run noModel = Run.spark("classify", "--model", notAModel.toString(), "--input", dir.toString(), "--output", output.toString());
        Run outputExists = Run.spark("classify", "--model", model.toString(), "--input", dir.toString(), "--output", existing.toString());
        Run noInput = Run.spark("classify", "--model", model.toString(), "--input", dir.resolve("nowhere").toString(),
                "--output", output.toString());
        Run badFormat = Run.spark("classify", "--model", model.toString(), "--input", dir.toString(), "--output",
                output.toString(), "--format", "xml");
        Run noClasses = Run.spark("evaluate", "--model", model.toString(), "--input", existing.toString(), "--output", output.toString());
        Run noImages = Run.spark("classify", "--model", model.toString(), "--input", existing.toString(), "--output", output.toString());
        Path table = dir.resolve("strange-labels.parquet");
        spark.createDataFrame(List.of(org.apache.spark.sql.RowFactory.create("a.png", "cat")), new org.apache.spark.sql.types.StructType()
                .add("path", "string").add("label", "string")).write().parquet(table.toString());
        Run badLabels = Run.spark("classify", "--model", model.toString(), "--input", table.toString(), "--output", output.toString());

        for (Run run : List.of(noModel, outputExists, noInput, noClasses, noImages, badLabels)) {
            assertEquals(SparkMain.BAD_INPUT, run.code, run.toString());
            assertEquals(1, run.err.strip().lines().count(), run.toString());
            assertTrue(run.err.startsWith("mnist-spark: error: "), run.toString());
        }
        assertTrue(outputExists.err.contains("already exists"), outputExists.toString());
        assertTrue(noClasses.err.contains("no class folders"), noClasses.toString());
        assertTrue(noImages.err.contains("no images found"), noImages.toString());
        assertTrue(badLabels.err.contains("labels [cat] are none of the model's classes"), badLabels.toString());
        assertEquals(2, badFormat.code, badFormat.toString());
        assertTrue(badFormat.err.startsWith("mnist-spark: error: --format must be parquet, csv or json"), badFormat.toString());
        assertFalse(Files.exists(output), "nothing written");
    }

    @Test
    void aJobCancelledWhileItWritesLeavesNoOutputFolder() throws Exception {
        Path digits = digitFolders(dir.resolve("cancelled-digits"));
        Path output = dir.resolve("cancelled");
        // Cancels the job as its write's first task starts, the output folder made: mid-write. Of its
        // 300 tasks (an image each), the rest are still to run when the listener hears of the first.
        SparkListener cancelMidWrite = new SparkListener() {
            @Override
            public void onTaskStart(SparkListenerTaskStart taskStart) {
                if (Files.isDirectory(output)) {
                    spark.sparkContext().cancelAllJobs();
                }
            }
        };
        spark.sparkContext().addSparkListener(cancelMidWrite);
        Run run;
        try {
            run = Run.spark("classify", "--model", model.toString(), "--input", digits.toString(), "--output", output.toString(),
                    "--partitions", String.valueOf(IMAGES));
        } finally {
            spark.sparkContext().removeSparkListener(cancelMidWrite);
        }
        assertEquals(SparkMain.INTERRUPTED, run.code, run.toString());
        assertEquals(1, run.err.strip().lines().count(), run.toString());
        assertTrue(run.err.startsWith("mnist-spark: stopped: "), run.toString());
        assertTrue(run.err.contains("cancelled"), run.toString());
        assertFalse(Files.exists(output), "the failed job's folder is removed");

        Run again = Run.spark("classify", "--model", model.toString(), "--input", digits.toString(), "--output", output.toString());
        assertEquals(0, again.code, again.toString());
        assertTrue(Files.exists(output.resolve("_SUCCESS")), again.toString());
    }

    /** One command run in-process, with what it printed. */
    @Test
    void sweepTrainsEachTrialAsATaskToMnistSweepsNumbersAndMakesAFailedTrialARow() throws Exception {
        Path data = Fixtures.smallIdxFolder(dir.resolve("sweep-data"), 300);
        List<String> grid = List.of("--data", data.toString(), "--limit", "240", "--epochs", "1", "--model", "lenet5,alexnet",
                "--seed", "1,2", "--evaluate");
        Run spark = Run.spark(concat(List.of("sweep", "--name", "s", "--runs", dir.resolve("spark-runs").toString()), grid));
        assertEquals(0, spark.code, spark.toString());
        assertTrue(spark.out.startsWith("sweep s:"), spark.out);
        // Each task trains on spark.task.cpus threads (1): the local sweep does the same.
        Run local = Run.cli(concat(List.of("sweep", "--quiet", "--name", "s", "--runs", dir.resolve("local-runs").toString(),
                "--threads", "1"), grid));
        assertEquals(0, local.code, local.toString());
        Path sweep = dir.resolve("spark-runs").resolve("s");
        SameSweep.assertSame(dir.resolve("local-runs").resolve("s"), sweep);

        Map<String, JsonNode> rows = SameSweep.rows(sweep);
        assertEquals(4, rows.size(), rows.toString());
        assertEquals("failed", rows.get("04-modelalexnet-seed2").get("status").asText());
        assertTrue(rows.get("04-modelalexnet-seed2").get("reason").asText().contains("grayscale"), rows.toString());
        assertTrue(spark.err.contains("mnist-spark: trial 04-modelalexnet-seed2: failed: " + rows.get("04-modelalexnet-seed2").get("reason").asText()),
                "the driver says why: " + spark.err);
        assertTrue(!spark.err.contains("trial 01-modellenet5-seed1:"), spark.err);
        assertTrue(rows.get("01-modellenet5-seed1").get("testAccuracy").asDouble() > 0.1, rows.toString());
        assertTrue(Files.isRegularFile(sweep.resolve("curves.png")));
        JsonNode run = Json.MAPPER.readTree(sweep.resolve("01-modellenet5-seed1").resolve("run.json").toFile());
        assertEquals(sweep.resolve("01-modellenet5-seed1").toString(), run.get("dir").asText(), "the record names where the run is");
        try (var left = Files.list(sweep)) {
            assertEquals(List.of(), left.filter(p -> p.getFileName().toString().endsWith(".partial")).toList());
        }

        Run again = Run.spark("sweep", "--name", "s", "--runs", dir.resolve("spark-runs").toString(), "--lr", "0.1,0.2");
        assertEquals(SparkMain.BAD_INPUT, again.code, again.toString());
        assertTrue(again.err.contains("--resume"), again.err);
        Run resumed = Run.spark("sweep", "--resume", sweep.toString());
        assertEquals(0, resumed.code, resumed.toString());
        assertTrue(resumed.err.contains("trained 2 trials"), "only the failed ones again: " + resumed.err);
    }

    private static String[] concat(List<String> first, List<String> second) {
        List<String> all = new java.util.ArrayList<>(first);
        all.addAll(second);
        return all.toArray(String[]::new);
    }

    private record Run(int code, String out, String err) {
        static Run spark(String... args) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code = SparkMain.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
            return new Run(code, out.toString(), err.toString());
        }

        static Run cli(String... args) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
            return new Run(code, out.toString(), err.toString());
        }

        @Override
        public String toString() {
            return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }
}
