package dev.mnist.cli.mixin;

import dev.mnist.core.data.download.Datasets;
import dev.mnist.core.model.Architectures;
import picocli.CommandLine.ITypeConverter;

import java.util.List;

/**
 * A name from a known list, matched without regard to case ({@code --model LeNet}, {@code --dataset
 * MNIST}) as picocli matches {@code --optimizer Adam}. A name not on the list is passed on as it is,
 * for the command's own message naming the known ones.
 */
public abstract class KnownName implements ITypeConverter<String> {
    abstract List<String> names();

    @Override
    public String convert(String value) {
        return names().stream().filter(name -> name.equalsIgnoreCase(value.trim())).findFirst().orElse(value);
    }

    /** {@code --model}: an architecture's name. */
    public static final class Model extends KnownName {
        @Override
        List<String> names() {
            return Architectures.names();
        }
    }

    /** {@code --dataset}: a data set's name. */
    public static final class Dataset extends KnownName {
        @Override
        List<String> names() {
            return Datasets.names();
        }
    }
}
