package dev.mnist.core.board;

import dev.mnist.core.run.EpochMetrics;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * What the board pushes to open pages: the runs listing when it changes, and for a run page its new
 * training records, epochs and state. One thread looks at the files twice a second for every open
 * page; a page gets only what changed since it last heard.
 */
final class LiveFeeds implements AutoCloseable {
    static final long TICK_MILLIS = 500;
    private static final long KEEP_ALIVE_MILLIS = 10_000;

    private final RunListing listing;
    private final Board.StepCache steps;
    private final List<Feed> feeds = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "mnist-board-feeds");
        thread.setDaemon(true);
        return thread;
    });
    private long lastKeepAlive = System.currentTimeMillis();

    LiveFeeds(RunListing listing, Board.StepCache steps) {
        this.listing = listing;
        this.steps = steps;
        ticker.scheduleWithFixedDelay(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** An open page's feed: sends what is new, given the listing of this tick. */
    private interface Feed {
        EventStream stream();

        void update(Supplier<List<RunListing.Entry>> runs);
    }

    /** The listing page's: the whole listing whenever it changes. */
    void followRuns(EventStream stream) {
        Feed feed = new Feed() {
            private Object last;

            @Override
            public EventStream stream() {
                return stream;
            }

            @Override
            public void update(Supplier<List<RunListing.Entry>> runs) {
                Object document = Board.listing(listing.roots(), runs.get());
                if (!document.equals(last)) {
                    stream.send("runs", document);
                    last = document;
                }
            }
        };
        add(feed);
    }

    /** A run page's: records after {@code afterStep}, each new epoch, and the run's row when it changes. */
    void followRun(String name, long afterStep, int epochsKnown, EventStream stream) {
        Feed feed = new Feed() {
            private long lastStep = afterStep;
            private int epochs = epochsKnown;
            private RunSummary summary;
            private Integer generation;

            @Override
            public EventStream stream() {
                return stream;
            }

            @Override
            public void update(Supplier<List<RunListing.Entry>> runs) {
                RunListing.Entry entry = runs.get().stream().filter(e -> e.summary().name().equals(name)).findFirst().orElse(null);
                if (entry == null) {
                    return;
                }
                StepSeries series = steps.of(entry.run()).refresh();
                if (generation != null && generation != series.generation()) {
                    stream.send("reset", java.util.Map.of());
                    stream.close();
                    return;
                }
                generation = series.generation();
                StepSeries.Columns fresh = series.after(lastStep);
                if (fresh.step().length > 0) {
                    stream.send("steps", fresh);
                    lastStep = fresh.step()[fresh.step().length - 1];
                }
                List<EpochMetrics> all = entry.read().epochs();
                for (int i = epochs; i < all.size(); i++) {
                    stream.send("epoch", all.get(i));
                }
                epochs = Math.max(epochs, all.size());
                if (!Objects.equals(entry.summary(), summary)) {
                    stream.send("state", entry.summary());
                    summary = entry.summary();
                }
            }
        };
        add(feed);
    }

    private void add(Feed feed) {
        feeds.add(feed);
        ticker.execute(this::tick);
    }

    private synchronized void tick() {
        feeds.removeIf(feed -> feed.stream().closed());
        if (feeds.isEmpty()) {
            return;
        }
        List<RunListing.Entry>[] runs = new List[1];
        Supplier<List<RunListing.Entry>> once = () -> runs[0] != null ? runs[0] : (runs[0] = listing.runs());
        boolean keepAlive = System.currentTimeMillis() - lastKeepAlive > KEEP_ALIVE_MILLIS;
        for (Feed feed : feeds) {
            try {
                feed.update(once);
            } catch (RuntimeException e) {
                // A run being rewritten this moment: the next tick sees it whole.
            }
            if (keepAlive) {
                feed.stream().keepAlive();
            }
        }
        if (keepAlive) {
            lastKeepAlive = System.currentTimeMillis();
        }
    }

    /** Ends every open stream, so that the server's graceful stop does not wait for them. */
    @Override
    public void close() {
        ticker.shutdownNow();
        feeds.forEach(feed -> feed.stream().close());
        feeds.clear();
    }
}
