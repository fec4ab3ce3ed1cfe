package dev.mnist.spark;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mnist.cli.Main;
import dev.mnist.core.io.Json;
import dev.mnist.core.testing.Fixtures;
import dev.mnist.core.testing.Images;
import dev.mnist.core.testing.TrainedModel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The application jar on a real standalone Spark cluster (classify, then a sweep): a master and two one-core workers started
 * as separate processes on 127.0.0.1 from Spark's own jars (as a Spark installation would run them),
 * and the job submitted with {@code spark-submit} to {@code spark://127.0.0.1:PORT}. Every process
 * started (and the executors the workers start) is stopped at the end.
 */
class SparkClusterIT {
    private static final int IMAGES = 200;
    private final List<Process> processes = new ArrayList<>();

    @TempDir
    Path dir;

    @AfterEach
    void stopEverything() {
        for (Process process : processes) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        for (Process process : processes) {
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Test
    void classifyAndSweepRunOnAStandaloneClusterOfTwoWorkers() throws Exception {
        Path jar = Path.of(System.getProperty("mnist.spark.jar"));
        Path sparkJars = Path.of(System.getProperty("mnist.spark.jars"));
        assertTrue(Files.isRegularFile(jar) && Files.isDirectory(sparkJars), "run after 'mvn package': " + jar);
        Path sparkHome = Files.createDirectories(dir.resolve("spark-home"));
        Files.createSymbolicLink(sparkHome.resolve("jars"), sparkJars.toAbsolutePath());
        Path images = dir.resolve("digits");
        for (int i = 0; i < IMAGES; i++) {
            int index = TrainedModel.TEST_FROM + i;
            Images.write(Images.digit(index), "png", images.resolve(Integer.toString(Fixtures.testSet().label(index))).resolve(index + ".png"));
        }
        Files.write(images.resolve("4").resolve("corrupt.png"), new byte[]{1, 2, 3});
        Path model = TrainedModel.modelZip();

        int port = freePort();
        String master = "spark://127.0.0.1:" + port;
        start(sparkHome, "master", "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port", Integer.toString(port),
                "--webui-port", Integer.toString(freePort()));
        awaitPort(port);
        List<Process> workers = new ArrayList<>();
        for (int w = 1; w <= 2; w++) {
            workers.add(start(sparkHome, "worker" + w, "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1", "--cores", "1",
                    "--memory", "1500m", "--webui-port", Integer.toString(freePort()),
                    "--work-dir", dir.resolve("work" + w).toString(), master));
        }
        awaitLog(dir.resolve("master.log"), "Registering worker", 2);

        Path output = dir.resolve("classified");
        Process submit = start(sparkHome, "submit", "org.apache.spark.deploy.SparkSubmit", "--master", master,
                "--class", SparkMain.class.getName(), "--conf", "spark.executor.memory=1g", "--conf", "spark.executor.cores=1",
                "--conf", "spark.cores.max=2", "--conf", "spark.ui.enabled=false", jar.toString(),
                "classify", "--model", model.toString(), "--input", images.toString(), "--output", output.toString(),
                "--format", "csv", "--top", "1", "--partitions", "4");
        if (!submit.waitFor(300, TimeUnit.SECONDS)) {
            fail("the job did not finish in 300 s; its log:\n" + tail(dir.resolve("submit.log")));
        }
        String log = Files.readString(dir.resolve("submit.log"));
        assertEquals(SparkMain.SOME_INPUTS_FAILED, submit.exitValue(), tail(dir.resolve("submit.log")));
        assertTrue(log.contains("classified 201 images") && log.contains("200 ok, 0 blank, 1 failed"), tail(dir.resolve("submit.log")));

        Map<String, String[]> rows = new HashMap<>();
        try (Stream<Path> parts = Files.list(output)) {
            for (Path part : parts.filter(p -> p.getFileName().toString().endsWith(".csv")).toList()) {
                Files.readAllLines(part).stream().skip(1).forEach(line -> {
                    String[] fields = line.split(",", -1);
                    rows.put(fields[0], fields);
                });
            }
        }
        assertEquals(IMAGES + 1, rows.size());
        assertEquals("failed", rows.get(images.resolve("4").resolve("corrupt.png").toString())[2]);
        StringWriter out = new StringWriter();
        assertEquals(5, Main.execute(new String[]{"classify", images.toString(), "--model", model.toString(), "--json", "--top", "1"},
                new PrintWriter(out, true), new PrintWriter(new StringWriter(), true)));
        for (JsonNode expected : Json.MAPPER.readTree(out.toString()).get("predictions")) {
            String[] row = rows.get(expected.get("path").asText());
            assertEquals(expected.get("status").asText(), row[2], expected.toString());
            if (!expected.has("top")) {
                continue; // failed: no classes
            }
            JsonNode top = expected.get("top").get(0);
            assertEquals(top.get("class").asText(), row[4], expected.toString());
            // The executors run one thread, this JVM every core: on some CPUs (an AMD EPYC here) oneDNN's passes then
            // differ in the last bits, up to 1.1e-6.
            assertEquals(top.get("probability").asDouble(), Double.parseDouble(row[5]), 1e-5, expected.toString());
        }
        for (int w = 1; w <= 2; w++) {
            try (Stream<Path> logs = Files.walk(dir.resolve("work" + w))) {
                List<Path> executors = logs.filter(p -> p.getFileName().toString().equals("stderr")).toList();
                assertEquals(1, executors.size(), "worker " + w + " ran an executor");
                String executorLog = Files.readString(executors.get(0));
                assertEquals(1, executorLog.split("loaded the model", -1).length - 1, "the executor loaded the model once:\n"
                        + executorLog);
            }
        }

        // A 3 x 2 sweep on the same cluster: one trial a task, the same numbers (and weights) as mnist sweep's on one machine,
        // though an executor is lost on the way.
        Path data = Fixtures.smallIdxFolder(dir.resolve("sweep-data"), 300);
        List<String> grid = List.of("--data", data.toString(), "--limit", "240", "--epochs", "1", "--lr", "0.0005,0.002,0.01",
                "--seed", "1,2", "--evaluate");
        List<String> sweep = new ArrayList<>(List.of("--master", master, "--class", SparkMain.class.getName(),
                "--conf", "spark.executor.memory=1g", "--conf", "spark.executor.cores=1", "--conf", "spark.cores.max=2",
                "--conf", "spark.ui.enabled=false", jar.toString(), "sweep", "--name", "s", "--runs", dir.resolve("cluster-runs").toString()));
        sweep.addAll(grid);
        Process sweeping = start(sparkHome, "sweep", "org.apache.spark.deploy.SparkSubmit", sweep.toArray(String[]::new));
        // Once a trial has ended, the first worker's executor is killed mid-way through its next: Spark runs its task again.
        Path swept = dir.resolve("cluster-runs").resolve("s");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
        while (sweeping.isAlive() && System.nanoTime() < deadline && !trialEnded(swept)) {
            Thread.sleep(100);
        }
        // The sweep's own: classify's executor may still be on its way out.
        String sweepApp = appId(dir.resolve("sweep.log"));
        ProcessHandle executor = workers.get(0).descendants()
                .filter(p -> p.info().commandLine().orElse("").matches(".*CoarseGrainedExecutorBackend.* --app-id " + sweepApp + "( .*)?"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("the first worker runs no executor of " + sweepApp));
        executor.destroyForcibly();
        if (!sweeping.waitFor(300, TimeUnit.SECONDS)) {
            fail("the sweep did not finish in 300 s; its log:\n" + tail(dir.resolve("sweep.log")));
        }
        assertEquals(0, sweeping.exitValue(), tail(dir.resolve("sweep.log")));
        String sweepLog = Files.readString(dir.resolve("sweep.log"));
        assertTrue(sweepLog.contains("Lost executor") && sweepLog.contains("Lost task"), "an executor was lost with its trial: "
                + tail(dir.resolve("sweep.log")));
        assertTrue(!sweepLog.contains("mnist-spark: trial "), "every trial finished: " + tail(dir.resolve("sweep.log")));
        List<String> local = new ArrayList<>(List.of("sweep", "--quiet", "--name", "s", "--runs", dir.resolve("local-runs").toString(),
                "--threads", "1"));
        local.addAll(grid);
        StringWriter err = new StringWriter();
        assertEquals(0, Main.execute(local.toArray(String[]::new), new PrintWriter(new StringWriter(), true), new PrintWriter(err, true)),
                err.toString());
        SameSweep.assertSame(dir.resolve("local-runs").resolve("s"), dir.resolve("cluster-runs").resolve("s"));
        for (int w = 1; w <= 2; w++) {
            try (Stream<Path> logs = Files.walk(dir.resolve("work" + w))) {
                assertTrue(logs.filter(p -> p.getFileName().toString().equals("stderr")).count() >= 2, "worker " + w
                        + " ran an executor for the sweep too");
            }
        }
    }

    private static boolean trialEnded(Path sweep) {
        try (Stream<Path> trials = Files.list(sweep)) {
            return trials.anyMatch(trial -> Files.isRegularFile(trial.resolve("state.json")));
        } catch (IOException e) {
            return false;
        }
    }

    /** The application id the driver logging to {@code log} got from the master. */
    private static String appId(Path log) throws Exception {
        Pattern connected = Pattern.compile("Connected to Spark cluster with app ID (app-[0-9-]+)");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            Matcher matcher = connected.matcher(Files.exists(log) ? Files.readString(log) : "");
            if (matcher.find()) {
                return matcher.group(1);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the driver got no application id in 60 s:\n" + tail(log));
    }

    /** A Java process on Spark's jars (a Spark installation's classpath), its output in {@code <name>.log}. */
    private Process start(Path sparkHome, String name, String mainClass, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-opens") || a.startsWith("-Djdk.reflect") || a.startsWith("-Dio.netty")
                        || a.equals("-XX:+IgnoreUnrecognizedVMOptions"))
                .forEach(command::add);
        command.addAll(List.of(name.equals("submit") || name.equals("sweep") ? "-Xmx1g" : "-Xmx256m", "-cp", sparkHome.resolve("jars") + "/*", mainClass));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".log").toFile());
        builder.environment().put("SPARK_HOME", sparkHome.toString());
        builder.environment().put("SPARK_SCALA_VERSION", "2.13");
        builder.environment().put("OMP_NUM_THREADS", "1");
        Process process = builder.start();
        processes.add(process);
        return process;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void awaitPort(int port) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(200);
            }
        }
        fail("the master did not listen on " + port + " in 60 s");
    }

    private void awaitLog(Path log, String line, int times) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && Files.readString(log).split(line, -1).length - 1 >= times) {
                return;
            }
            Thread.sleep(250);
        }
        fail("'" + line + "' did not appear " + times + " times in 90 s:\n" + tail(log));
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
