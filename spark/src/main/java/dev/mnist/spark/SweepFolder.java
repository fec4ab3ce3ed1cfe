package dev.mnist.spark;

import dev.mnist.core.InvalidInputException;
import dev.mnist.core.io.Json;
import dev.mnist.core.run.RunFolder;
import dev.mnist.core.run.RunState;
import dev.mnist.core.sweep.Sweep;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A sweep's folder on the output file system (local, HDFS, s3a ...): its {@code sweep.json}, and a
 * run folder per trial, each put in place whole by the task that trained it. It has the layout of
 * {@code mnist sweep}'s folder, so {@code mnist sweep show} and {@code mnist board} read it.
 */
final class SweepFolder {
    /** What the leaderboard and the board read of a trial's run folder. */
    private static final List<String> SUMMARY = List.of(RunFolder.METRICS, RunFolder.STATE, RunFolder.RUN_JSON,
            RunFolder.EVALUATIONS);

    private final String uri;
    private final Path path;
    private final FileSystem fs;

    SweepFolder(String uri, Configuration conf) {
        this.uri = uri;
        this.path = HadoopFiles.path(uri);
        try {
            this.fs = HadoopFiles.withoutChecksums(path.getFileSystem(conf));
        } catch (IOException e) {
            throw new InvalidInputException(uri + ": no file system reads it (" + e.getMessage() + ")", e);
        }
    }

    String uri() {
        return uri;
    }

    boolean holdsASweep() {
        try {
            return fs.exists(new Path(path, Sweep.FILE));
        } catch (IOException e) {
            throw new InvalidInputException(uri + ": cannot check (" + e.getMessage() + ")", e);
        }
    }

    Sweep read() {
        Path file = new Path(path, Sweep.FILE);
        try (FSDataInputStream in = fs.open(file)) {
            return Json.MAPPER.readValue((java.io.InputStream) in, Sweep.class);
        } catch (FileNotFoundException e) {
            throw new InvalidInputException(uri + ": not a sweep (no " + Sweep.FILE + "; start one with 'mnist-spark sweep --name')", e);
        } catch (IOException e) {
            throw new InvalidInputException(HadoopFiles.display(file.toString()) + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    /** Writes {@code sweep.json} beside and renames it into place: never half of one. */
    void write(Sweep sweep) {
        try {
            fs.mkdirs(path);
            Path partial = new Path(path, "." + Sweep.FILE + "." + UUID.randomUUID() + ".partial");
            try (FSDataOutputStream out = fs.create(partial, false)) {
                out.write(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(sweep));
            }
            replace(partial, new Path(path, Sweep.FILE));
        } catch (IOException e) {
            throw new InvalidInputException(uri + ": cannot write " + Sweep.FILE + " (" + e.getMessage() + ")", e);
        }
    }

    /**
     * How a trial that {@code sweep.json} does not say ended stands in its run folder: a job stopped
     * before it could record its trials leaves their folders, each whole with its final state.
     */
    Optional<RunState.Status> endedInFolder(Sweep.Trial trial) {
        Path state = new Path(new Path(path, trial.name()), RunFolder.STATE);
        try (FSDataInputStream in = fs.open(state)) {
            RunState.Status status = Json.MAPPER.readValue((java.io.InputStream) in, RunState.class).status();
            return status == RunState.Status.RUNNING ? Optional.empty() : Optional.ofNullable(status);
        } catch (IOException e) {
            return Optional.empty();   // none, or unreadable: the trial runs again
        }
    }

    /**
     * Puts a trial's run folder, trained at {@code local}, in place as {@code <sweep>/<trial>}: copied
     * beside under a name of this attempt's, then renamed over what an earlier attempt left.
     */
    void put(java.nio.file.Path local, String trial, long attempt) {
        Path target = new Path(path, trial);
        Path partial = new Path(path, "." + trial + ".attempt-" + attempt + ".partial");
        try {
            fs.delete(partial, true);
            if (!FileUtil.copy(localRaw(), new Path(local.toUri()), fs, partial, false, fs.getConf())) {
                throw new IOException("could not copy " + local + " to " + partial);
            }
            fs.delete(target, true);
            if (!fs.rename(partial, target)) {
                throw new IOException("could not rename " + partial + " to " + target);
            }
        } catch (IOException e) {
            throw new InvalidInputException(HadoopFiles.display(target.toString()) + ": cannot write the trial's run folder ("
                    + e.getMessage() + ")", e);
        }
    }

    /**
     * The folder as a local one, for what reads local files (the leaderboard, the curves): itself on
     * the local file system, else a copy of what those read into {@code scratch}.
     */
    java.nio.file.Path local(Sweep sweep, java.nio.file.Path scratch) {
        if (isLocal()) {
            return java.nio.file.Path.of(path.toUri().getPath());
        }
        FileSystem localFs = localRaw();
        try {
            for (Sweep.Trial trial : sweep.trials()) {
                for (String name : SUMMARY) {
                    Path file = new Path(new Path(path, trial.name()), name);
                    if (fs.exists(file)) {
                        FileUtil.copy(fs, file, localFs, new Path(scratch.resolve(trial.name()).resolve(name).toUri()), false, fs.getConf());
                    }
                }
            }
        } catch (IOException e) {
            throw new InvalidInputException(uri + ": cannot read the trials' records (" + e.getMessage() + ")", e);
        }
        return scratch;
    }

    /** Copies a file made in {@link #local}'s copy (the curves) back into the folder; nothing to do when it is local. */
    void putFile(java.nio.file.Path local, String name) {
        if (isLocal()) {
            return;
        }
        Path partial = new Path(path, "." + name + "." + UUID.randomUUID() + ".partial");
        try {
            FileUtil.copy(localRaw(), new Path(local.toUri()), fs, partial, false, fs.getConf());
            replace(partial, new Path(path, name));
        } catch (IOException e) {
            throw new InvalidInputException(uri + ": cannot write " + name + " (" + e.getMessage() + ")", e);
        }
    }

    /** Removes what attempts that never finished left: {@code .<trial>.attempt-N.partial} folders. */
    void removePartials() {
        try {
            if (!fs.exists(path)) {
                return;
            }
            for (FileStatus entry : fs.listStatus(path)) {
                String name = entry.getPath().getName();
                if (name.startsWith(".") && name.endsWith(".partial")) {
                    fs.delete(entry.getPath(), true);
                }
            }
        } catch (IOException e) {
            throw new InvalidInputException(uri + ": cannot tidy (" + e.getMessage() + ")", e);
        }
    }

    private boolean isLocal() {
        return fs instanceof RawLocalFileSystem || fs instanceof LocalFileSystem;
    }

    private FileSystem localRaw() {
        try {
            return FileSystem.getLocal(fs.getConf()).getRaw();
        } catch (IOException e) {
            throw new InvalidInputException("the local file system: " + e.getMessage(), e);
        }
    }

    /** Renames over {@code target}: in one step where the file system can (a local one), else after removing it. */
    private void replace(Path partial, Path target) throws IOException {
        if (!fs.rename(partial, target)) {
            fs.delete(target, false);
            if (!fs.rename(partial, target)) {
                fs.delete(partial, false);
                throw new IOException("could not rename " + partial + " to " + target);
            }
        }
    }
}
