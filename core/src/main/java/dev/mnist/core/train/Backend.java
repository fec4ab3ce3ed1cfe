package dev.mnist.core.train;

import dev.mnist.core.nd4j.ComputeThreads;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.factory.Nd4jBackend;

import java.util.List;
import java.util.Optional;

/** Which ND4J backend runs the math, and the choice {@code --device} makes between them. */
public final class Backend {
    private static final String CUDA_BACKEND = "org.nd4j.linalg.jcublas.JCublasBackend";

    private Backend() {
    }

    /** True when the build bundles ND4J's CUDA backend (Maven profile -Pcuda). */
    public static boolean cudaBundled() {
        try {
            Class.forName(CUDA_BACKEND, false, Backend.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /**
     * Resolves the requested device to the one that will run, or says why it cannot.
     * ND4J picks its backend once per process: CUDA when it is bundled and a GPU works, else the CPU.
     */
    public static String resolve(Device requested) {
        if (requested == Device.CPU) {
            if (cudaBundled() && isCuda()) {
                throw new DeviceUnavailableException("--device cpu: ND4J has loaded its CUDA backend; start through the "
                        + "mnist launcher, which puts the CPU first for --device cpu, or with BACKEND_PRIORITY_CPU=200");
            }
            return "cpu";
        }
        if (!cudaBundled()) {
            if (requested == Device.GPU) {
                throw new DeviceUnavailableException("--device gpu: this build has no CUDA backend; "
                        + "rebuild with 'mvn -Pcuda package' (needs an NVIDIA GPU of compute capability 3.7 to 8.9)");
            }
            return "cpu";
        }
        boolean hidden = GpuSupport.allHidden(System.getenv("CUDA_VISIBLE_DEVICES"));
        List<GpuSupport.Gpu> gpus = hidden ? List.of() : GpuSupport.query("nvidia-smi");
        Optional<String> unsupported = GpuSupport.unsupported(gpus);
        if (unsupported.isPresent()) {
            if (requested == Device.GPU) {
                throw new DeviceUnavailableException("--device gpu: " + unsupported.get() + "; use --device cpu");
            }
            if (!cpuFirst()) {
                throw new DeviceUnavailableException("--device auto: " + unsupported.get() + ", and ND4J would load them all "
                        + "the same; start through the mnist launcher, which puts the CPU first, or set BACKEND_PRIORITY_CPU=200");
            }
            return "cpu, as " + unsupported.get();
        }
        if (isCuda()) {
            return "gpu";
        }
        String why = !cpuFirst() ? "no usable GPU (the CUDA backend did not start: no NVIDIA driver or GPU, "
                + "or a compute capability outside 3.7 to 8.9)"
                : hidden ? "CUDA_VISIBLE_DEVICES hides every GPU"
                : gpus.isEmpty() ? "no NVIDIA GPU found (nvidia-smi is missing or lists none)"
                : "BACKEND_PRIORITY_CPU in the environment puts ND4J's CPU backend first";
        if (requested == Device.GPU) {
            throw new DeviceUnavailableException("--device gpu: " + why);
        }
        return "cpu, " + why;
    }

    /** True when the environment makes ND4J prefer its CPU backend to CUDA (as the launcher does for a GPU it cannot use). */
    private static boolean cpuFirst() {
        return Nd4jBackend.BACKEND_PRIORITY_CPU > Nd4jBackend.BACKEND_PRIORITY_GPU;
    }

    private static boolean isCuda() {
        try {
            return Nd4j.getBackend().getClass().getName().equals(CUDA_BACKEND);
        } catch (ExceptionInInitializerError | NoClassDefFoundError | RuntimeException e) {
            // ND4J found no backend that starts: in a CUDA build without the CPU backend, no GPU.
            throw new DeviceUnavailableException("no usable compute backend: the CUDA backend did not start ("
                    + rootCause(e).getMessage() + ")");
        }
    }

    private static Throwable rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }

    /** A one-line description of the running backend for run.json and the start-up summary. */
    public static String describe(int threads) {
        var info = Nd4j.getExecutioner().getEnvironmentInformation();
        return Nd4j.getBackend().getClass().getSimpleName() + ", " + info.getProperty("blas.vendor", "?") + " BLAS, "
                + (threads > 0 ? threads : ComputeThreads.ofCurrentThread()) + " threads";
    }
}
