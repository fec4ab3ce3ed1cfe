package dev.mnist.core.board;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The board's documents about data sets: the list, and one data set's contents. */
final class DatasetListing {
    private DatasetListing() {
    }

    record Listed(String id, String path, String format, List<String> runs) {
    }

    static List<Listed> of(DatasetCatalog catalog, List<RunListing.Entry> runs) {
        Map<String, Path> all = catalog.all();
        List<Listed> listed = new ArrayList<>();
        all.entrySet().stream().sorted(Map.Entry.comparingByValue()).forEach(dataset -> listed.add(new Listed(dataset.getKey(),
                dataset.getValue().toString(), DatasetCatalog.formatOf(dataset.getValue()), runs.stream().filter(run -> dataset.getKey().equals(run.summary().dataset()))
                .map(run -> run.summary().name()).toList())));
        return listed;
    }

    static Map<String, Object> document(DatasetCatalog.View view) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("id", view.id());
        document.put("path", view.path());
        if (view.error() != null) {
            document.put("error", view.error());
            return document;
        }
        document.put("format", view.format());
        document.put("shape", view.shape());
        document.put("classNames", view.classNames());
        document.put("splits", view.splits());
        String base = "/api/datasets/" + view.id();
        document.put("mean", view.mean() == null ? null : base + "/mean.png");
        document.put("samples", view.samples() == null ? null : base + "/samples.png");
        return document;
    }
}
