package dev.mnist.core.train;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Whether this machine's NVIDIA GPUs can run the CUDA kernels ND4J 1.0.0-M2.1 ships, found out from
 * the driver ({@code nvidia-smi}) before ND4J loads them: those kernels are built for compute
 * capability 3.7 to 8.6 with no PTX, so 8.9 (Ada) runs the 8.6 code and 9.0 (Hopper) and newer
 * cannot run them at all: they would fail deep in the first training step instead.
 */
public final class GpuSupport {
    /** The newest compute capability that runs the 8.6 kernels. */
    static final double NEWEST_RUNNABLE = 8.9;
    private static final long QUERY_SECONDS = 5;
    private static final Pattern GPU_ENTRY = Pattern.compile("[0-9]+|GPU-.+|MIG-.+");

    private GpuSupport() {
    }

    /** One GPU as the driver names it. */
    public record Gpu(String name, double computeCapability) {
    }

    /** The GPUs {@code nvidia-smi} lists; none when it is missing, fails or says something else. */
    public static List<Gpu> query(String nvidiaSmi) {
        Path output = null;
        try {
            // Into a file, not a pipe: a wedged driver can hang nvidia-smi, and then only the timeout may end the wait.
            output = Files.createTempFile("mnist-nvidia-smi", ".csv");
            Process process = new ProcessBuilder(nvidiaSmi, "--query-gpu=name,compute_cap", "--format=csv,noheader")
                    .redirectErrorStream(true).redirectOutput(output.toFile()).start();
            if (!process.waitFor(QUERY_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return List.of();
            }
            return process.exitValue() == 0 ? parse(Files.readString(output, StandardCharsets.UTF_8)) : List.of();
        } catch (IOException e) {
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        } finally {
            if (output != null) {
                output.toFile().delete();
            }
        }
    }

    /** {@code NVIDIA H200, 9.0} lines; any other line is skipped. */
    static List<Gpu> parse(String output) {
        List<Gpu> gpus = new ArrayList<>();
        for (String line : output.split("\n")) {
            int comma = line.lastIndexOf(',');
            if (comma <= 0) {
                continue;
            }
            try {
                gpus.add(new Gpu(line.substring(0, comma).strip(), Double.parseDouble(line.substring(comma + 1).strip())));
            } catch (NumberFormatException e) {
                // not a GPU line
            }
        }
        return gpus;
    }

    /**
     * Whether {@code CUDA_VISIBLE_DEVICES} (its value, null when unset) hides every GPU: CUDA reads the
     * list up to its first entry that is not a GPU index or UUID, so a first entry such as "", -1 or
     * NoDevFiles hides them all. (The launcher has the same rule.)
     */
    public static boolean allHidden(String cudaVisibleDevices) {
        if (cudaVisibleDevices == null) {
            return false;
        }
        String first = cudaVisibleDevices.split(",", -1)[0].replaceAll("\\s", "");
        return !GPU_ENTRY.matcher(first).matches();
    }

    /** Why the first GPU that cannot run ND4J's kernels cannot, if one of them cannot. */
    public static Optional<String> unsupported(List<Gpu> gpus) {
        return gpus.stream().filter(gpu -> gpu.computeCapability() > NEWEST_RUNNABLE).findFirst()
                .map(gpu -> String.format(Locale.ROOT, "the GPU (%s, compute capability %.1f) is newer than the CUDA kernels "
                        + "ND4J 1.0.0-M2.1 carries (compute capability 3.7 to 8.6; 8.9 runs them)", gpu.name(), gpu.computeCapability()));
    }
}
