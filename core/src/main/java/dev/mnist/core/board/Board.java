package dev.mnist.core.board;

import dev.mnist.core.BuildInfo;
import dev.mnist.core.image.ImagePreparation;
import dev.mnist.core.infer.Predictor;
import dev.mnist.core.report.ConfusionHeatmap;
import dev.mnist.core.report.EvaluationPages;
import dev.mnist.core.run.RunFolder;
import dev.mnist.core.serve.ModelEndpoints;
import dev.mnist.core.sweep.SweepCurves;
import dev.mnist.core.web.ApiException;
import dev.mnist.core.web.Endpoint;
import dev.mnist.core.web.Reply;
import dev.mnist.core.web.WebServer;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.util.URIUtil;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.function.Consumer;

/**
 * {@code mnist board}: the runs of some run folders, and the data sets they used, as a web app on
 * the {@link WebServer} that {@code serve} uses. Read-only: it never writes into a run or data
 * folder. A run is addressed by its name in the listing, never by a path from the request. The
 * page ({@code board/index.html}) draws with uPlot; the API it uses is described in docs/board.md.
 */
public final class Board implements AutoCloseable {
    private static final String UPLOT = "/META-INF/resources/webjars/uplot/" + BuildInfo.uplotVersion() + "/dist/";
    private static final Map<String, Reply> STATIC = Map.of(
            "/", page("index.html", "text/html; charset=utf-8"),
            "/index.html", page("index.html", "text/html; charset=utf-8"),
            "/board.js", page("board.js", "text/javascript; charset=utf-8"),
            "/board.css", page("board.css", "text/css; charset=utf-8"),
            "/assets/uPlot.iife.min.js", new Reply(200, "text/javascript; charset=utf-8",
                    WebServer.resource(Board.class, UPLOT + "uPlot.iife.min.js")),
            "/assets/uPlot.min.css", new Reply(200, "text/css; charset=utf-8", WebServer.resource(Board.class, UPLOT + "uPlot.min.css")));
    /** The files of a run folder the board shows, by the name the page asks for. */
    private static final List<String> RUN_PICTURES = List.of(RunFolder.CURVES, RunFolder.AUGMENTED);
    private static final List<String> EVALUATION_PICTURES = List.of(ConfusionHeatmap.FILE, EvaluationPages.ERRORS);
    static final int DEFAULT_POINTS = 2_000;
    private static final int MAX_POINTS = 20_000;

    private final RunListing listing;
    private final DatasetCatalog datasets;
    private final StepCache steps = new StepCache();
    private final ModelCache models;
    private final LiveFeeds feeds;
    private final ThreadPoolExecutor workers;
    private final WebServer server;

    public Board(List<Path> runRoots, List<Path> data, String host, int port, List<String> allowedHosts,
                 Consumer<String> requestLog) {
        datasets = new DatasetCatalog(data);
        listing = new RunListing(runRoots, datasets);
        feeds = new LiveFeeds(listing, steps);
        workers = ModelEndpoints.workers();
        models = new ModelCache(workers);
        server = new WebServer("mnist-board", host, port, allowedHosts, new Routes(),
                "no such page; the board's API is under /api/ (see docs/board.md)", requestLog);
    }

    public Board start() {
        server.start();
        return this;
    }

    public URI uri() {
        return server.uri();
    }

    public void join() throws InterruptedException {
        server.join();
    }

    /** Ends the live streams, then stops as {@code serve} does. */
    public void stop() {
        feeds.close();
        server.stop();
        workers.shutdown();
        models.close();
    }

    @Override
    public void close() {
        stop();
    }

    public long requestsServed() {
        return server.requestsServed();
    }

    private static Reply page(String name, String type) {
        return new Reply(200, type, WebServer.resource(Board.class, name));
    }

    /** The listing document: {@code {"roots": [...], "runs": [...]}}. */
    static Map<String, Object> listing(List<Path> roots, List<RunListing.Entry> entries) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("roots", roots.stream().map(Path::toString).toList());
        document.put("runs", entries.stream().map(RunListing.Entry::summary).toList());
        return document;
    }

    /** The parsed steps of the runs asked for lately, read on as they grow. */
    static final class StepCache {
        /** Records kept in all, about 32 bytes each: older runs are dropped beyond it. */
        private static final long MAX_RECORDS = 4_000_000;
        private final Map<Path, StepSeries> series = new LinkedHashMap<>(16, 0.75f, true);

        synchronized StepSeries of(BoardRun run) {
            StepSeries found = series.computeIfAbsent(run.folder().dir(), dir -> new StepSeries(run.folder().steps()));
            long total = series.values().stream().mapToLong(StepSeries::size).sum();
            var oldest = series.entrySet().iterator();
            while (total > MAX_RECORDS && oldest.hasNext()) {
                var entry = oldest.next();
                if (entry.getValue() != found) {
                    total -= entry.getValue().size();
                    oldest.remove();
                }
            }
            return found;
        }
    }

    /** The API's paths. */
    private final class Routes extends Handler.Abstract {
        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            try {
                return route(request, response, callback);
            } catch (ApiException e) {
                return Endpoint.send(request, response, callback, Reply.error(e.status(), e.getMessage()));
            }
        }

        /** The path's segments, each decoded: a run named "a b" is asked for as a%20b. */
        private static List<String> segments(String path) {
            try {
                return Arrays.stream(path.substring(1).split("/", -1)).map(URIUtil::decodePath).toList();
            } catch (IllegalArgumentException e) {
                throw new ApiException(400, "the path's percent-escapes are not valid");
            }
        }

        private boolean route(Request request, Response response, Callback callback) throws Exception {
            String path = Request.getPathInContext(request);
            Reply fixed = STATIC.get(path);
            if (fixed != null) {
                return Endpoint.immediate("GET", r -> fixed).handle(request, response, callback);
            }
            List<String> parts = segments(path);
            if (parts.get(0).equals("classify") && parts.size() >= 2) {
                return classify(parts, request, response, callback);
            }
            if (!parts.get(0).equals("api") || parts.size() < 2) {
                return false;
            }
            if (parts.equals(List.of("api", "events"))) {
                return stream(request, response, callback, stream -> feeds.followRuns(stream));
            }
            if (parts.size() >= 4 && parts.get(1).equals("runs") && parts.get(3).equals("events")) {
                RunListing.Entry entry = run(parts.get(2));
                Fields query = Request.extractQueryParameters(request);
                long after = number(query.getValue("after"), -1);
                int epochs = (int) number(query.getValue("epochs"), entry.read().epochs().size());
                return stream(request, response, callback, stream -> feeds.followRun(entry.summary().name(), after, epochs, stream));
            }
            return Endpoint.immediate("GET", r -> api(parts, r)).handle(request, response, callback);
        }
    }

    private Reply api(List<String> parts, Request request) {
        String kind = parts.get(1);
        if (kind.equals("runs") && parts.size() == 2) {
            return BoardJson.reply(listing(listing.roots(), listing.runs()));
        }
        if (kind.equals("runs") && parts.size() == 3) {
            return BoardJson.reply(RunDetails.of(lookUp(parts.get(2)), listing.runs()));
        }
        if (kind.equals("runs") && parts.size() == 4 && parts.get(3).equals("steps")) {
            RunListing.Entry entry = run(parts.get(2));
            int max = (int) Math.min(MAX_POINTS, Math.max(2, number(Request.extractQueryParameters(request).getValue("max"), DEFAULT_POINTS)));
            return BoardJson.reply(steps.of(entry.run()).refresh().downsampled(max));
        }
        if (kind.equals("runs") && parts.size() == 5 && parts.get(3).equals("files") && RUN_PICTURES.contains(parts.get(4))) {
            return png(run(parts.get(2)).run().folder().dir().resolve(parts.get(4)));
        }
        if (kind.equals("runs") && parts.size() == 5 && parts.get(3).equals("evaluation") && EVALUATION_PICTURES.contains(parts.get(4))) {
            RunFolder folder = run(parts.get(2)).run().folder();
            return png(folder.evaluation(folder.model(), "test").resolve(parts.get(4)));
        }
        if (kind.equals("sweeps") && parts.size() == 2) {
            return BoardJson.reply(Map.of("sweeps", SweepView.list(listing.sweeps())));
        }
        if (kind.equals("sweeps") && parts.size() == 3) {
            return BoardJson.reply(SweepView.document(sweep(parts.get(2))));
        }
        if (kind.equals("sweeps") && parts.size() == 4 && parts.get(3).equals(SweepCurves.FILE)) {
            return png(sweep(parts.get(2)).dir().resolve(SweepCurves.FILE));
        }
        if (kind.equals("datasets") && parts.size() == 2) {
            return BoardJson.reply(Map.of("datasets", DatasetListing.of(datasets, listing.runs())));
        }
        if (kind.equals("datasets") && parts.size() >= 3) {
            DatasetCatalog.View view = datasets.view(parts.get(2))
                    .orElseThrow(() -> new ApiException(404, "no data set '" + parts.get(2) + "' in the listing"));
            if (parts.size() == 3) {
                return BoardJson.reply(DatasetListing.document(view));
            }
            byte[] picture = parts.size() == 4 && parts.get(3).equals("mean.png") ? view.mean()
                    : parts.size() == 4 && parts.get(3).equals("samples.png") ? view.samples() : null;
            if (picture == null) {
                throw new ApiException(404, "no such picture of data set '" + parts.get(2) + "'");
            }
            return new Reply(200, "image/png", picture);
        }
        if (kind.equals("healthz")) {
            return BoardJson.reply(Map.of("status", "ok"));
        }
        throw new ApiException(404, "no such page; the board's API is under /api/runs, /api/sweeps and /api/datasets (see docs/board.md)");
    }

    /** {@code /classify/NAME/...}: serve's page and API for the run's model. */
    private boolean classify(List<String> parts, Request request, Response response, Callback callback) throws Exception {
        if (parts.size() == 2) {
            Response.sendRedirect(request, response, callback, "/classify/" + UrlSegment.encode(parts.get(1)) + "/");
            return true;
        }
        String relative = String.join("/", parts.subList(2, parts.size()));
        Optional<RunListing.Entry> entry = listing.find(parts.get(1));
        if (entry.isEmpty()) {
            return Endpoint.send(request, response, callback, Reply.error(404, "no run '" + parts.get(1) + "' in the listing"));
        }
        ModelEndpoints endpoints;
        try {
            endpoints = models.of(entry.get().run().folder().model());
        } catch (RuntimeException e) {
            return Endpoint.send(request, response, callback, Reply.error(404, "run '" + parts.get(1) + "' has no model to classify "
                    + "with: " + BoardRun.oneLine(String.valueOf(e.getMessage()))));
        }
        Optional<Handler> handler = endpoints.at(relative);
        return handler.isPresent() && handler.get().handle(request, response, callback);
    }

    private boolean stream(Request request, Response response, Callback callback, Consumer<EventStream> follow) {
        if (!"GET".equals(request.getMethod())) {
            return Endpoint.send(request, response, callback, Reply.error(405, request.getMethod() + " is not allowed here; use GET"));
        }
        follow.accept(new EventStream(response, callback));
        return true;
    }

    private RunListing.Entry run(String name) {
        RunListing.Entry entry = lookUp(name);
        if (entry.read().failure() != null) {
            throw new ApiException(404, "run '" + name + "' cannot be read: " + entry.read().failure());
        }
        return entry;
    }

    private RunListing.SweepEntry sweep(String name) {
        return listing.findSweep(name).orElseThrow(() -> new ApiException(404, "no sweep '" + name + "' in the listing"));
    }

    private RunListing.Entry lookUp(String name) {
        return listing.find(name).orElseThrow(() -> new ApiException(404, "no run '" + name + "' in the listing"));
    }

    private static Reply png(Path file) {
        try {
            return new Reply(200, "image/png", Files.readAllBytes(file));
        } catch (IOException e) {
            throw new ApiException(404, "no " + file.getFileName() + " here (not made yet)");
        }
    }

    private static long number(String value, long otherwise) {
        if (value == null || value.isBlank()) {
            return otherwise;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new ApiException(400, "'" + value + "' is not a whole number");
        }
    }

    /** Models of the runs classified with lately, loaded on first use. */
    private static final class ModelCache implements AutoCloseable {
        private static final int KEPT = 4;
        private final ThreadPoolExecutor workers;
        private final Map<Path, Loaded> models = new LinkedHashMap<>(8, 0.75f, true);

        private record Loaded(Predictor predictor, ModelEndpoints endpoints, long modified) {
        }

        ModelCache(ThreadPoolExecutor workers) {
            this.workers = workers;
        }

        /** The model's pages; a model replaced since (a run trained on) is loaded again. */
        synchronized ModelEndpoints of(Path model) {
            long modified = modified(model);
            Loaded loaded = models.get(model);
            if (loaded == null || loaded.modified() != modified) {
                Predictor predictor = Predictor.load(model);
                loaded = new Loaded(predictor, new ModelEndpoints(predictor, ImagePreparation.of(predictor.metadata().input()), workers),
                        modified);
                loaded.endpoints().warmUp();
                models.put(model, loaded);
            }
            // One dropped is not closed: a request may still be classifying with it. Its memory goes with it.
            while (models.size() > KEPT) {
                var oldest = models.entrySet().iterator();
                oldest.next();
                oldest.remove();
            }
            return loaded.endpoints();
        }

        private static long modified(Path file) {
            try {
                return Files.getLastModifiedTime(file).toMillis();
            } catch (IOException e) {
                return -1;
            }
        }

        @Override
        public synchronized void close() {
            models.values().forEach(loaded -> loaded.predictor().close());
            models.clear();
        }
    }
}
