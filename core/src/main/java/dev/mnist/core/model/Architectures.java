package dev.mnist.core.model;

import dev.mnist.core.InvalidInputException;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The registry of architectures by name; another network is one entry here. */
public final class Architectures {
    public static final String DEFAULT = "lenet";

    private static final Map<String, Architecture> BY_NAME = new LinkedHashMap<>();

    static {
        register(new LeNet());
        register(new LeNet5());
        register(new AlexNet());
        register(ResNet.small());
        register(ResNet.resnet18());
        register(ResNet.resnet34());
    }

    private Architectures() {
    }

    private static void register(Architecture architecture) {
        BY_NAME.put(architecture.name(), architecture);
    }

    public static Architecture byName(String name) {
        Architecture architecture = BY_NAME.get(name);
        if (architecture == null) {
            throw new InvalidInputException(unknown(name));
        }
        return architecture;
    }

    /** What to say of a name no architecture has. */
    public static String unknown(String name) {
        return "unknown model '" + name + "'; known: " + String.join(", ", names());
    }

    public static List<String> names() {
        return List.copyOf(BY_NAME.keySet());
    }

    /** Every architecture, in the order they were registered (the default first). */
    public static List<Architecture> all() {
        return List.copyOf(BY_NAME.values());
    }
}
