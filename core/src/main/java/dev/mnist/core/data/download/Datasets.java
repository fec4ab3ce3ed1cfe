package dev.mnist.core.data.download;

import dev.mnist.core.InvalidInputException;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/** The registry of IDX data sets {@code mnist download} knows; a new one is one entry here. */
public final class Datasets {
    public static final String DEFAULT = "mnist";

    private static final Map<String, DatasetSpec> BY_NAME = Map.of(
            "mnist", new DatasetSpec("mnist",
                    uris("https://ossci-datasets.s3.amazonaws.com/mnist/",
                            "https://storage.googleapis.com/cvdf-datasets/mnist/",
                            "http://yann.lecun.com/exdb/mnist/"),
                    List.of(new RemoteFile("train-images-idx3-ubyte.gz", 9_912_422, "f68b3c2dcbeaaa9fbdd348bbdeb94873"),
                            new RemoteFile("train-labels-idx1-ubyte.gz", 28_881, "d53e105ee54ea40749a09fcbcd1e9432"),
                            new RemoteFile("t10k-images-idx3-ubyte.gz", 1_648_877, "9fb629c4189551a2d022fa330f9573f3"),
                            new RemoteFile("t10k-labels-idx1-ubyte.gz", 4_542, "ec29112dd5afa0611ce80d1b7f02629c")),
                    IntStream.range(0, 10).mapToObj(Integer::toString).toList()),
            "fashion-mnist", new DatasetSpec("fashion-mnist",
                    uris("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/",
                            "https://raw.githubusercontent.com/zalandoresearch/fashion-mnist/master/data/fashion/"),
                    List.of(new RemoteFile("train-images-idx3-ubyte.gz", 26_421_856, "cf8536b0aa1a6ac5fa3f23001093305c"),
                            new RemoteFile("train-labels-idx1-ubyte.gz", 29_491, "10bea18fdb374794d4bb42e356e600c9"),
                            new RemoteFile("t10k-images-idx3-ubyte.gz", 4_422_079, "f78720b4224f21cce2f2ccf2d7a94c9a"),
                            new RemoteFile("t10k-labels-idx1-ubyte.gz", 5_125, "0d30e22e447f3c33dab9ed536400ac01")),
                    List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot")));

    private Datasets() {
    }

    public static DatasetSpec byName(String name) {
        DatasetSpec spec = BY_NAME.get(name);
        if (spec == null) {
            throw new InvalidInputException("unknown data set '" + name + "'; known: " + String.join(", ", names()));
        }
        return spec;
    }

    public static List<String> names() {
        return BY_NAME.keySet().stream().sorted().toList();
    }

    private static List<URI> uris(String... urls) {
        return java.util.Arrays.stream(urls).map(URI::create).toList();
    }
}
