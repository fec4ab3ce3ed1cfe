package dev.mnist.core.train;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The GPU check reads the real {@code nvidia-smi} output format, here from stand-in scripts run as real processes. */
class GpuSupportTest {
    @TempDir
    Path dir;

    private Path nvidiaSmi(String output, int exitCode) throws IOException {
        Path script = dir.resolve("nvidia-smi-" + Math.abs(output.hashCode()) + "-" + exitCode);
        Files.writeString(script, "#!/bin/sh\nprintf '" + output + "'\nexit " + exitCode + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }

    @Test
    void hopperAndNewerCannotRunTheKernelsAdaAndOlderCan() throws IOException {
        List<GpuSupport.Gpu> h200 = GpuSupport.query(nvidiaSmi("NVIDIA H200, 9.0\\n", 0).toString());
        assertEquals(List.of(new GpuSupport.Gpu("NVIDIA H200", 9.0)), h200);
        assertEquals(Optional.of("the GPU (NVIDIA H200, compute capability 9.0) is newer than the CUDA kernels ND4J 1.0.0-M2.1 "
                + "carries (compute capability 3.7 to 8.6; 8.9 runs them)"), GpuSupport.unsupported(h200));
        List<GpuSupport.Gpu> mixed = GpuSupport.query(nvidiaSmi("Tesla T4, 7.5\\nNVIDIA L4, 8.9\\nNVIDIA A100-SXM4-80GB, 8.0\\n", 0).toString());
        assertEquals(3, mixed.size());
        assertEquals(Optional.empty(), GpuSupport.unsupported(mixed));
    }

    @Test
    void noDriverOrAnythingElseIsUnknownNotAnError() throws IOException {
        assertEquals(List.of(), GpuSupport.query(dir.resolve("no-such-nvidia-smi").toString()));
        assertEquals(List.of(), GpuSupport.query(nvidiaSmi("NVIDIA-SMI has failed because it could not communicate with the NVIDIA driver.\\n", 9).toString()));
        assertEquals(List.of(), GpuSupport.query(nvidiaSmi("Field \"compute_cap\" is not a valid field to query.\\n", 0).toString()));
    }

    @Test
    void cudaVisibleDevicesHidesEveryGpuWhenItsFirstEntryIsNoGpu() {
        for (String hidden : new String[]{"", " ", "-1", "-1,0", "NoDevFiles", "none"}) {
            assertTrue(GpuSupport.allHidden(hidden), "'" + hidden + "'");
        }
        assertFalse(GpuSupport.allHidden(null), "unset: every GPU");
        for (String shown : new String[]{"0", " 1", "1,0", "0,-1", "GPU-8d5c4bb2", "MIG-4b1c"}) {
            assertFalse(GpuSupport.allHidden(shown), "'" + shown + "'");
        }
    }

    @Test
    void aHungDriverQueryIsGivenUpAfterItsTimeout() throws IOException {
        Path hung = dir.resolve("nvidia-smi-hung");
        Files.writeString(hung, "#!/bin/sh\nprintf 'NVIDIA H200, '\nexec sleep 60\n");
        Files.setPosixFilePermissions(hung, PosixFilePermissions.fromString("rwxr-xr-x"));
        long start = System.nanoTime();
        assertEquals(List.of(), GpuSupport.query(hung.toString()));
        assertTrue(System.nanoTime() - start < 15_000_000_000L, "ended by the timeout");
    }
}
