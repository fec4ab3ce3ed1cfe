package dev.mnist.core.run;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonValue;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code state.json}: where a run stands, written when training starts, every few seconds while it
 * trains (the heartbeat) and when it ends. A run recorded as running whose process is gone (killed,
 * the machine lost) is {@link #seen() seen} as stopped: the process id and its start time say so on
 * this machine, a heartbeat older than {@link #STALE} says so from another.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RunState(Status status, String reason, long pid, String processStarted, String host, String started,
                       String heartbeat, double trainingSeconds) {

    public static final Duration HEARTBEAT = Duration.ofSeconds(2);
    public static final Duration STALE = Duration.ofSeconds(30);

    public enum Status {
        RUNNING, FINISHED, STOPPED, DIVERGED, FAILED;

        @JsonValue
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** This process, running, started at {@code started} (a resumed run keeps its first start). */
    public static RunState running(String started, double trainingSeconds) {
        ProcessHandle self = ProcessHandle.current();
        String now = Instant.now().toString();
        return new RunState(Status.RUNNING, null, self.pid(), self.info().startInstant().map(Instant::toString).orElse(null),
                thisHost(), started == null ? now : started, now, trainingSeconds);
    }

    public RunState beating(double trainingSeconds) {
        return new RunState(status, reason, pid, processStarted, host, started, Instant.now().toString(), trainingSeconds);
    }

    public RunState ended(Status status, String reason, double trainingSeconds) {
        return new RunState(status, reason, pid, processStarted, host, started, Instant.now().toString(), trainingSeconds);
    }

    /** The state as a reader should take it: a run whose process is gone is stopped, not running. */
    public RunState seen() {
        if (status != Status.RUNNING || processAlive()) {
            return this;
        }
        return new RunState(Status.STOPPED, "its process (" + pid + " on " + host + ") ended without a word, killed or lost; "
                + "it resumes from its last checkpoint", pid, processStarted, host, started, heartbeat, trainingSeconds);
    }

    private boolean processAlive() {
        if (thisHost().equals(host)) {
            if (pid <= 0) {
                return false;
            }
            Optional<ProcessHandle> process = ProcessHandle.of(pid);
            // The id alone may have been handed to another process since: its start time tells them apart.
            return process.isPresent() && process.get().isAlive() && (processStarted == null
                    || process.get().info().startInstant().map(start -> start.toString().equals(processStarted)).orElse(true));
        }
        try {
            return heartbeat != null && Instant.parse(heartbeat).plus(STALE).isAfter(Instant.now());
        } catch (java.time.format.DateTimeParseException e) {
            return false;
        }
    }

    /** This machine's name, as records of a run (its state, TensorBoard's file names) give it. */
    public static String thisHost() {
        return ThisHost.NAME;
    }

    /** Looked up once: the lookup may ask a name server. */
    private static final class ThisHost {
        static final String NAME = lookUp();

        private static String lookUp() {
            try {
                String name = InetAddress.getLocalHost().getHostName();
                return name == null || name.isBlank() ? "localhost" : name;
            } catch (java.io.IOException | SecurityException e) {
                return "localhost";
            }
        }
    }
}
