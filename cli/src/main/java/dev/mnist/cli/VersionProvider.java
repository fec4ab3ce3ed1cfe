package dev.mnist.cli;

import dev.mnist.core.BuildInfo;
import picocli.CommandLine.IVersionProvider;

final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[]{"mnist " + BuildInfo.version(),
                "ND4J " + BuildInfo.nd4jVersion() + " (" + BuildInfo.nd4jBackend() + ")",
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"};
    }
}
