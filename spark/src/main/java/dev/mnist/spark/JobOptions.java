package dev.mnist.spark;

import dev.mnist.core.Limits;
import dev.mnist.core.model.InputContract.Preparation;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;

import java.nio.file.Path;

/** The options both jobs take: the model, the output folder, how images are prepared, and how the work is cut up. */
final class JobOptions {
    @Option(names = "--model", required = true, paramLabel = "MODEL",
            description = "A model zip or run folder on the driver's file system; it is shipped to the executors.")
    Path model;

    @Option(names = "--output", required = true, paramLabel = "DIR",
            description = "A new folder for the results (classify's rows, evaluate's report.json).")
    String output;

    @Option(names = "--prepare", paramLabel = "digit|plain", converter = PreparationConverter.class,
            description = "Override the model's preparation, as 'mnist classify --prepare' does: digit (MNIST-style) "
                    + "or plain (only resized). Default: the model's own.")
    Preparation preparation;

    @Option(names = "--batch-size", defaultValue = "256", paramLabel = "N",
            description = "Images per forward pass in each task (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--partitions", defaultValue = "0", paramLabel = "N",
            description = "Tasks to split each input's images into (default: 4 per core of the application).")
    int partitions;

    void validate(CommandSpec spec) {
        if (batchSize < 1 || batchSize > Limits.MAX_BATCH_SIZE) {
            throw new ParameterException(spec.commandLine(), "--batch-size must be 1 to " + Limits.MAX_BATCH_SIZE);
        }
        if (partitions < 0) {
            throw new ParameterException(spec.commandLine(), "--partitions must be 0 (automatic) or more");
        }
    }

    /** {@code digit} or {@code plain}, any case. */
    static final class PreparationConverter implements ITypeConverter<Preparation> {
        @Override
        public Preparation convert(String value) {
            try {
                return Preparation.of(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("must be digit or plain, not '" + value + "'");
            }
        }
    }

    /** {@code --partitions}, or 4 per core of the application. */
    int partitions(SparkSession spark) {
        return partitions > 0 ? partitions : 4 * spark.sparkContext().defaultParallelism();
    }
}
