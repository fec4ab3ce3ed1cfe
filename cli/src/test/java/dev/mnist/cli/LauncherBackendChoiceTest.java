package dev.mnist.cli;

import dev.mnist.core.testing.StandInCheckout;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.factory.Nd4jBackend;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The {@code mnist} launcher's choice of ND4J backend: run as a real bash process in a stand-in
 * checkout whose jar prints the environment ND4J would read, with stand-in {@code nvidia-smi}
 * scripts, and a PATH holding only the tools the launcher uses (so a real driver cannot interfere).
 */
class LauncherBackendChoiceTest {
    private static final String ND4J_DECIDES = "null";
    private static final String H200 = "GPU 0: NVIDIA H200 (UUID: GPU-1)";

    @TempDir
    Path root;
    private Path bin;

    /** The stand-in for the toolkit's main class; {@code --file-name-encoding} prints how Java encodes file names instead. */
    public static final class PrintBackendPriority {
        public static void main(String[] args) {
            boolean encoding = args.length > 0 && args[0].equals("--file-name-encoding");
            System.out.print(encoding ? System.getProperty("sun.jnu.encoding") : System.getenv("BACKEND_PRIORITY_CPU"));
        }
    }

    @BeforeEach
    void standInCheckout() throws IOException {
        Path launcher = root.resolve("mnist");
        Files.copy(Path.of("..", "mnist"), launcher);
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
        StandInCheckout.withSourcesOlderThanTheBuild(root, "core", "cli");
        Path run = Files.copy(Path.of("src/main/sh/mnist-run.sh"), Files.createDirectories(root.resolve("cli/src/main/sh")).resolve("mnist-run.sh"));
        Files.setLastModifiedTime(run, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 3_600_000));
        Files.createDirectories(root.resolve("cli/target/lib"));
        Files.writeString(root.resolve("cli/target/build-args"), "");
        writeStandInJar(root.resolve("cli/target/mnist.jar"));

        bin = Files.createDirectories(root.resolve("bin"));
        Files.createSymbolicLink(bin.resolve("java"), Path.of(System.getProperty("java.home"), "bin", "java"));
        for (String tool : List.of("bash", "dirname", "cat", "find", "grep", "timeout", "sort", "tail", "awk")) {
            Files.createSymbolicLink(bin.resolve(tool), which(tool));
        }
    }

    @Test
    void aCudaBuildWithoutAnNvidiaDriverPutsTheCpuFirst() throws Exception {
        cudaBuild();
        assertCpuFirst("no nvidia-smi");
        nvidiaSmi("No devices were found", 6, "");
        assertCpuFirst("nvidia-smi lists no GPU");
        nvidiaSmi("NVIDIA-SMI has failed because it could not communicate with the NVIDIA driver.", 9, "");
        assertCpuFirst("the driver does not answer");
    }

    @Test
    void aCudaBuildPutsTheCpuFirstOnlyForAGpuNewerThanNd4jsKernels() throws Exception {
        cudaBuild();
        nvidiaSmi(H200, 0, "9.0");
        assertCpuFirst("Hopper");
        nvidiaSmi("GPU 0: Tesla T4 (UUID: GPU-1)\nGPU 1: NVIDIA H100 (UUID: GPU-2)", 0, "7.5\n9.0");
        assertCpuFirst("any GPU newer than the kernels");
        nvidiaSmi("GPU 0: Tesla T4 (UUID: GPU-1)\nGPU 1: NVIDIA RTX PRO 6000 (UUID: GPU-2)", 0, "7.5\n12.0");
        assertCpuFirst("compared as numbers: 12.0 is newer than 8.9");
        nvidiaSmi("GPU 0: Tesla T4 (UUID: GPU-1)\nGPU 1: NVIDIA L4 (UUID: GPU-2)", 0, "7.5\n8.9");
        assertEquals(ND4J_DECIDES, launch(Map.of()), "Turing and Ada run the kernels");
        nvidiaSmi(H200, 0, "Field \"compute_cap\" is not a valid field to query.");
        assertEquals(ND4J_DECIDES, launch(Map.of()), "a driver too old to say leaves it to ND4J");
    }

    @Test
    void aCudaBuildPutsTheCpuFirstForDeviceCpuAndWhereCudaVisibleDevicesHidesEveryGpu() throws Exception {
        cudaBuild();
        nvidiaSmi("GPU 0: Tesla T4 (UUID: GPU-1)", 0, "7.5");
        assertEquals(ND4J_DECIDES, launch(Map.of()), "a GPU that runs the kernels");
        assertEquals(ND4J_DECIDES, launch(Map.of("CUDA_VISIBLE_DEVICES", "0")));
        assertCpuFirst("CUDA_VISIBLE_DEVICES empty", Map.of("CUDA_VISIBLE_DEVICES", ""));
        assertCpuFirst("CUDA_VISIBLE_DEVICES=-1", Map.of("CUDA_VISIBLE_DEVICES", "-1"));
        assertCpuFirst("CUDA_VISIBLE_DEVICES=-1,0: CUDA stops at the first entry that is no GPU", Map.of("CUDA_VISIBLE_DEVICES", "-1,0"));
        assertCpuFirst("CUDA_VISIBLE_DEVICES=NoDevFiles", Map.of("CUDA_VISIBLE_DEVICES", "NoDevFiles"));
        assertEquals(ND4J_DECIDES, launch(Map.of("CUDA_VISIBLE_DEVICES", "0,-1")));
        assertEquals(ND4J_DECIDES, launch(Map.of("CUDA_VISIBLE_DEVICES", "GPU-1")));
        assertCpuFirst("--device cpu", Map.of(), "train", "--device", "cpu");
        assertCpuFirst("--device=CPU", Map.of(), "train", "--device=CPU");
        assertEquals(ND4J_DECIDES, launch(Map.of(), "train", "--device", "auto"));
        assertCpuFirst("--device CPU", Map.of(), "train", "--device", "CPU");
        assertEquals(ND4J_DECIDES, launch(Map.of(), "train", "--run", "cpu"), "cpu as another option's value");
        assertEquals(ND4J_DECIDES, launch(Map.of(), "classify", "--", "--device", "cpu"), "file names after --");
    }

    @Test
    void theUsersOwnChoiceAndTheCpuBuildAreLeftAlone() throws Exception {
        nvidiaSmi(H200, 0, "9.0");
        assertEquals(ND4J_DECIDES, launch(Map.of()), "the CPU build");
        cudaBuild();
        assertEquals("5", launch(Map.of("BACKEND_PRIORITY_CPU", "5")));
    }

    /** Under a C locale (cron, containers) Java would encode file names as ASCII, and a folder named ünï could not be read. */
    @Test
    void fileNamesAreUtf8UnderTheCLocale() throws Exception {
        assertEquals("UTF-8", launch(Map.of("LANG", "C"), "--file-name-encoding"));
        assertEquals("UTF-8", launch(Map.of("LC_ALL", "POSIX"), "--file-name-encoding"));
        assertEquals("UTF-8", launch(Map.of(), "--file-name-encoding"), "no locale at all");
        assertEquals("UTF-8", launch(Map.of("LC_CTYPE", "C.utf8"), "--file-name-encoding"));
    }

    @Test
    void javaOptionsTheJvmRefusesAreNamedInOneLine() throws Exception {
        Launched refused = run(Map.of("MNIST_JAVA_OPTS", "-Xmx2q"));
        assertEquals(2, refused.exitCode(), refused.err());
        assertEquals(List.of("mnist: error: MNIST_JAVA_OPTS='-Xmx2q': the JVM refuses it: Invalid maximum heap size: -Xmx2q"),
                refused.err().lines().toList());
        Launched otherGc = run(Map.of("MNIST_JAVA_OPTS", "-XX:+UseG1GC"));
        assertEquals(2, otherGc.exitCode(), otherGc.err());
        assertEquals(List.of("mnist: error: MNIST_JAVA_OPTS='-XX:+UseG1GC': the JVM refuses it: Multiple garbage collectors "
                + "selected (the launcher uses -XX:+UseParallelGC)"), otherGc.err().lines().toList());
        assertEquals(ND4J_DECIDES, launch(Map.of("MNIST_JAVA_OPTS", "-Xmx512m")), "options it takes are used");
    }

    /** ND4J loads the backend of the highest priority that starts; the GPU's is 100 unless the environment says otherwise. */
    private void assertCpuFirst(String why) throws Exception {
        assertCpuFirst(why, Map.of());
    }

    private void assertCpuFirst(String why, Map<String, String> environment, String... arguments) throws Exception {
        String priority = launch(environment, arguments);
        assertTrue(!priority.equals(ND4J_DECIDES) && Integer.parseInt(priority) > Nd4jBackend.BACKEND_PRIORITY_GPU,
                why + ": BACKEND_PRIORITY_CPU=" + priority + " against the GPU's " + Nd4jBackend.BACKEND_PRIORITY_GPU);
    }

    private void cudaBuild() throws IOException {
        Files.writeString(root.resolve("cli/target/lib/nd4j-cuda-11.6-1.0.0-M2.1.jar"), "");
    }

    /** A stand-in nvidia-smi: {@code -L} prints the listing, the compute capability query the capabilities. */
    private void nvidiaSmi(String listing, int exitCode, String computeCapabilities) throws IOException {
        Path script = bin.resolve("nvidia-smi");
        Files.writeString(script, "#!" + which("bash") + "\n"
                + "if [ \"$1\" = -L ]; then printf '%s\\n' '" + listing + "'; exit " + exitCode + "; fi\n"
                + "[ \"$1\" = --query-gpu=compute_cap ] || exit 2\n"
                + "printf '%s\\n' '" + computeCapabilities + "'; exit " + exitCode + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** The priority the launcher gives ND4J for a command line ({@code --version} when none is given). */
    private String launch(Map<String, String> environment, String... arguments) throws Exception {
        Launched launched = run(environment, arguments);
        assertEquals(0, launched.exitCode(), launched.err());
        assertEquals("", launched.err());
        return launched.out();
    }

    private record Launched(int exitCode, String out, String err) {
    }

    private Launched run(Map<String, String> environment, String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of(bin.resolve("bash").toString(), root.resolve("mnist").toString()));
        command.addAll(arguments.length > 0 ? List.of(arguments) : List.of("--version"));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(name -> name.startsWith("BACKEND_PRIORITY") || name.startsWith("MNIST_")
                || name.equals("CUDA_VISIBLE_DEVICES")
                || name.endsWith("JAVA_OPTIONS") || name.equals("JAVA_TOOL_OPTIONS") // the JVM would say "Picked up ..."
                || name.equals("LANG") || name.startsWith("LC_"));
        builder.environment().put("PATH", bin.toString());
        builder.environment().putAll(environment);
        Path out = root.resolve("stdout.txt");
        Path err = root.resolve("stderr.txt");
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("the launcher did not end in 60 s");
        }
        return new Launched(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    private static void writeStandInJar(Path jar) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, PrintBackendPriority.class.getName());
        String entry = PrintBackendPriority.class.getName().replace('.', '/') + ".class";
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest);
             InputStream classFile = PrintBackendPriority.class.getClassLoader().getResourceAsStream(entry)) {
            out.putNextEntry(new JarEntry(entry));
            classFile.transferTo(out);
            out.closeEntry();
        }
    }

    private static Path which(String tool) {
        for (String dir : System.getenv("PATH").split(":")) {
            Path candidate = Path.of(dir, tool);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException(tool + " is not on the PATH");
    }
}
