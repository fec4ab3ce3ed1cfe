package dev.mnist.cli;

import dev.mnist.cli.mixin.TrainingOptions;
import dev.mnist.core.run.EpochMetrics;
import dev.mnist.core.train.LearningRatePolicy;
import dev.mnist.core.train.LearningRatePolicy.Policy;
import dev.mnist.core.run.RunFolder;
import dev.mnist.core.data.augment.Augmentation;
import dev.mnist.core.io.Json;
import dev.mnist.core.train.TrainConfig;
import dev.mnist.core.train.Trainer;
import dev.mnist.core.train.TrainingListener;
import dev.mnist.core.train.Initialization;
import dev.mnist.core.train.TrainingResult;
import dev.mnist.core.train.TrainingRun;
import dev.mnist.core.train.TrainingStoppedException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Train a network (LeNet by default) and keep its models, checkpoints and metrics in runs/<name>/.",
        footer = {"", "The run folder holds model.zip (final), best.zip (best validation accuracy), "
                + "checkpoints/epoch-NNN.zip, metrics.csv and run.json; runs/latest points at the newest run. "
                + "A model zip carries its class names and its input contract: the input's size and channels, "
                + "how images are resized and scaled, and their preparation (--prepare).",
                "", "SIGTERM or Ctrl-C stops training after the current batch with a checkpoint "
                + "(checkpoints/epoch-NNN-batch-BBBBB.zip) that --resume continues from exactly."})
final class TrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    TrainingOptions options;

    @Option(names = "--epochs", defaultValue = "" + TrainConfig.DEFAULT_EPOCHS, description = "Epochs in all (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--lr", defaultValue = "" + TrainConfig.DEFAULT_LEARNING_RATE, description = "Learning rate (default: ${DEFAULT-VALUE}).")
    double learningRate;

    @Option(names = {"--lr-policy", "--lr-schedule"}, defaultValue = "onecycle", paramLabel = "POLICY",
            converter = PolicyConverter.class,
            description = "fixed; step (x gamma every --lr-step epochs); multistep (x gamma at each of --lr-milestones); "
                    + "exponential (x gamma^epochs, every batch); cosine (to 0 along a half cosine, every batch); onecycle "
                    + "(PyTorch's OneCycleLR: up from lr/25 over 30%% of the run, then down to lr/25e4) (default: ${DEFAULT-VALUE}).")
    LearningRatePolicy.Policy lrPolicy;

    @Option(names = "--lr-gamma", paramLabel = "G",
            description = "The policy's factor (default: 0.5 for step, 0.1 for multistep, 0.8 for exponential).")
    Double lrGamma;

    @Option(names = "--lr-step", defaultValue = "2", paramLabel = "EPOCHS", description = "step's interval (default: ${DEFAULT-VALUE}).")
    int lrStep;

    @Option(names = "--lr-milestones", split = ",", paramLabel = "EPOCH", description = "multistep's epochs, e.g. 3,6.")
    List<Integer> lrMilestones = List.of();

    @Option(names = "--warmup", defaultValue = "0", paramLabel = "EPOCHS",
            description = "Raise the rate linearly from 0, step by step, over this many epochs first (default: none).")
    double warmup;

    @Option(names = "--accumulate", defaultValue = "" + TrainConfig.DEFAULT_ACCUMULATE, paramLabel = "N",
            description = "Average the gradients of N batches into each step: a step of N x --batch-size images "
                    + "in the memory of one batch (DIGITS' batch accumulation; default: ${DEFAULT-VALUE}).")
    int accumulate;

    @Option(names = "--clip-grad-norm", defaultValue = "0", paramLabel = "MAX",
            description = "Scale each step's gradients down to an L2 norm (over all weights) of at most MAX; 0: never (default).")
    double clipGradNorm;

    @Option(names = "--init-from", paramLabel = "MODEL",
            description = "Start from this model (a zip or a run folder): copy every layer whose shapes match, start the "
                    + "classifier afresh when the classes differ; its input contract and architecture are the defaults.")
    Path initFrom;

    @Option(names = "--freeze", paramLabel = "LAYER",
            description = "Train only the layers after LAYER (see 'mnist models'): the rest keep their weights exactly.")
    String freeze;

    @Option(names = "--freeze-epochs", defaultValue = "0", paramLabel = "K",
            description = "Freeze the body (the layers up to --freeze's, or all before the classifier) for the first K epochs "
                    + "only, then train everything (fast.ai's fine_tune; default: --freeze for the whole run).")
    int freezeEpochs;

    @Option(names = "--body-lr-factor", defaultValue = "1", paramLabel = "F",
            description = "The body trains at F times the learning rate when it is not frozen (e.g. 0.1; default: ${DEFAULT-VALUE}).")
    double bodyLrFactor;

    @Option(names = "--val-split", defaultValue = "" + TrainConfig.DEFAULT_VAL_SPLIT,
            description = "Fraction of the training set held out for validation; 0 trains on all of it, "
                    + "without validation scores or best.zip (default: ${DEFAULT-VALUE}).")
    double valSplit;

    @Option(names = "--run", paramLabel = "NAME", description = "Run folder name under --runs (default: a timestamp).")
    String runName;

    @Option(names = "--json", description = "When done, print one JSON document on stdout (run folder, model files, the last "
            + "and the best epoch's scores, seconds) instead of the result line; progress stays on stderr.")
    boolean json;

    @Option(names = "--runs", defaultValue = RunFolder.DEFAULT_RUNS, paramLabel = "DIR", description = "Folder of runs (default: ${DEFAULT-VALUE}).")
    Path runs;

    @Option(names = "--checkpoint-every", defaultValue = "" + TrainConfig.DEFAULT_CHECKPOINT_EVERY, paramLabel = "N", description = "Checkpoint every N epochs (default: ${DEFAULT-VALUE}).")
    int checkpointEvery;

    @Option(names = "--keep", defaultValue = "" + TrainConfig.DEFAULT_KEEP, paramLabel = "N", description = "Checkpoints to keep (default: ${DEFAULT-VALUE}).")
    int keep;

    @Option(names = "--patience", defaultValue = "" + TrainConfig.DEFAULT_PATIENCE, paramLabel = "N",
            description = "Stop when validation accuracy has not improved for N epochs; 0 never (default: ${DEFAULT-VALUE}).")
    int patience;

    @Option(names = "--resume", paramLabel = "RUN_DIR",
            description = "Continue this run from its last checkpoint (its own settings; --epochs may raise the total).")
    Path resume;

    /** The policies each of their options shapes; given with another, an option would do nothing. */
    private static final Map<String, Set<Policy>> POLICY_OPTIONS = new LinkedHashMap<>();

    static {
        POLICY_OPTIONS.put("--lr-gamma", EnumSet.of(Policy.STEP, Policy.MULTISTEP, Policy.EXPONENTIAL));
        POLICY_OPTIONS.put("--lr-step", EnumSet.of(Policy.STEP));
        POLICY_OPTIONS.put("--lr-milestones", EnumSet.of(Policy.MULTISTEP));
    }

    /** What may come with --resume: the rest are the run's own. */
    private static final Set<String> RESUME_OPTIONS = Set.of("--resume", "--epochs", "--verbose", "--quiet", "--json");

    /** How long a signal waits for the batch in progress to end and its checkpoint to be written. */
    private static final long STOP_GRACE_SECONDS = 60;

    @Override
    public Integer call() throws IOException {
        Terminal terminal = Terminal.of(spec);
        Trainer trainer = new Trainer(new Progress(terminal));
        // SIGTERM or SIGINT: stop after the current batch with a checkpoint, then let the JVM exit.
        StopOnSignal onSignal = new StopOnSignal("mnist-stop-training", trainer::requestStop, STOP_GRACE_SECONDS);
        try {
            long start = System.nanoTime();
            TrainingRun run = trainOrResume(trainer);
            // Said before the JVM is let go: a signal as the last epoch ended stopped nothing.
            TrainingResult result = TrainingResult.of(run, (System.nanoTime() - start) / 1e9);
            terminal.out().println(json ? Json.COMPACT.writeValueAsString(result) : resultLine(run, result));
            terminal.out().flush();
            if (onSignal.signalled()) {
                spec.commandLine().getErr().println("mnist: the signal came as training ended; the run is complete: "
                        + run.dir().resolve(RunFolder.MODEL));
                spec.commandLine().getErr().flush();
            }
            return ExitCode.OK;
        } catch (TrainingStoppedException e) {
            return StopOnSignal.stopped(spec, e);
        } finally {
            onSignal.finished();
        }
    }

    /** {@code model: runs/x/model.zip  epochs: 5  val_accuracy: 0.9876}, the run's path as it was given. */
    private static String resultLine(TrainingRun run, TrainingResult result) {
        StringBuilder line = new StringBuilder("model: ").append(run.dir().resolve(RunFolder.MODEL));
        if (result.last() != null) {
            line.append("  epochs: ").append(result.last().epoch());
            if (result.last().valAccuracy() != null) {
                line.append(String.format(Locale.ROOT, "  val_accuracy: %.4f", result.last().valAccuracy()));
            }
        }
        return line.toString();
    }

    private TrainingRun trainOrResume(Trainer trainer) {
        if (resume != null) {
            List<String> others = spec.commandLine().getParseResult().matchedOptions().stream()
                    .filter(option -> Arrays.stream(option.names()).noneMatch(RESUME_OPTIONS::contains))
                    .map(TrainCommand::declaredName).distinct().toList();
            if (!others.isEmpty()) {
                throw new ParameterException(spec.commandLine(), "--resume continues a run with the settings in its run.json; "
                        + String.join(", ", others) + " cannot be given with it (--epochs may raise the total)");
            }
            boolean epochsGiven = spec.commandLine().getParseResult().hasMatchedOption("--epochs");
            if (epochsGiven && epochs < 1) {
                throw new ParameterException(spec.commandLine(), "--epochs must be at least 1");
            }
            return trainer.resume(resume, epochsGiven ? epochs : 0);
        }
        return trainer.train(config(), runs, runName);
    }

    /**
     * The configuration {@code train} would run with these arguments (a sweep's trial): parsed and
     * checked as the command line's are, a mistake thrown as the same {@link ParameterException}.
     */
    static TrainConfig configOf(List<String> args) {
        java.io.PrintWriter nowhere = new java.io.PrintWriter(java.io.Writer.nullWriter());
        List<String> line = new java.util.ArrayList<>(List.of("train"));
        line.addAll(args);
        picocli.CommandLine.ParseResult parsed = Main.commandLine(nowhere, nowhere).parseArgs(line.toArray(String[]::new));
        TrainCommand command = parsed.subcommand().commandSpec().commandLine().getCommand();
        return command.config();
    }

    /** An option's first long name as declared (--lr-policy, not its old name --lr-schedule). */
    private static String declaredName(OptionSpec option) {
        return Arrays.stream(option.names()).filter(name -> name.startsWith("--")).findFirst().orElse(option.longestName());
    }

    /** A run's name is one plain folder name under --runs; {@code latest} is the link's. */
    private static final java.util.regex.Pattern RUN_NAME = java.util.regex.Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,99}");

    private TrainConfig config() {
        if (runName != null && (!RUN_NAME.matcher(runName).matches() || runName.equals(RunFolder.LATEST))) {
            throw new ParameterException(spec.commandLine(), "--run must be a plain folder name (letters, digits, '.', '_', '-'; "
                    + "not 'latest'), not '" + runName + "'");
        }
        if (initFrom == null && (freeze != null || freezeEpochs > 0)) {
            throw new ParameterException(spec.commandLine(), (freeze != null ? "--freeze" : "--freeze-epochs")
                    + " keeps layers as --init-from's model trained them; without --init-from they would stay random");
        }
        if (epochs < 1) {
            throw new ParameterException(spec.commandLine(), "--epochs must be at least 1");
        }
        if (freezeEpochs > 0 && freezeEpochs >= epochs) {
            throw new ParameterException(spec.commandLine(), "--freeze-epochs must be fewer than --epochs (" + epochs
                    + "); --freeze alone keeps the body frozen for the whole run");
        }
        for (var option : POLICY_OPTIONS.entrySet()) {
            if (spec.commandLine().getParseResult().hasMatchedOption(option.getKey()) && !option.getValue().contains(lrPolicy)) {
                throw new ParameterException(spec.commandLine(), option.getKey() + " does not apply to --lr-policy " + lrPolicy.id()
                        + " (it is " + option.getValue().stream().map(Policy::id).collect(Collectors.joining(" and ")) + "'s)");
            }
        }
        if (warmup >= epochs) {
            throw new ParameterException(spec.commandLine(), "--warmup (" + warmup + " epochs) must be shorter than the run (--epochs "
                    + epochs + "): the rate would never reach --lr");
        }
        for (int i = 0; i < lrMilestones.size(); i++) {
            int milestone = lrMilestones.get(i);
            if (milestone < 1 || milestone >= epochs || (i > 0 && milestone <= lrMilestones.get(i - 1))) {
                throw new ParameterException(spec.commandLine(), "--lr-milestones must rise, each an epoch from 1 to " + (epochs - 1)
                        + " (the rate changes after it, within --epochs " + epochs + "), not " + lrMilestones);
            }
        }
        try {
            return options.builder().epochs(epochs).learningRate(learningRate)
                    .lrPolicy(new LearningRatePolicy(lrPolicy, lrGamma != null ? lrGamma : lrPolicy.defaultGamma, lrStep, lrMilestones,
                            warmup))
                    .accumulate(accumulate).clipGradNorm(clipGradNorm)
                    .initFrom(initFrom).freeze(freeze).freezeEpochs(freezeEpochs).bodyLrFactor(bodyLrFactor)
                    .valSplit(valSplit).checkpointEvery(checkpointEvery).keep(keep).patience(patience).build();
        } catch (IllegalArgumentException e) {
            // Out of range, or an unknown --model: a mistake on the command line (an unusable --init-from model is exit 3).
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** A policy's name, any case; {@code none} is {@code fixed}, as --lr-schedule called it. */
    static final class PolicyConverter implements picocli.CommandLine.ITypeConverter<LearningRatePolicy.Policy> {
        @Override
        public LearningRatePolicy.Policy convert(String value) {
            if (value.equalsIgnoreCase("none")) {
                return LearningRatePolicy.Policy.FIXED;
            }
            try {
                return LearningRatePolicy.Policy.valueOf(value.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException(
                        "must be fixed, step, multistep, exponential, cosine or onecycle, not '" + value + "'");
            }
        }
    }

    /** A progress bar per epoch and a summary line after it. */
    private static final class Progress implements TrainingListener {
        private final Terminal terminal;
        private ProgressBar bar;

        Progress(Terminal terminal) {
            this.terminal = terminal;
        }

        @Override
        public void started(TrainingRun run) {
            TrainConfig c = run.config();
            terminal.info("run:      %s%s", run.dir(), run.startEpoch() > 0 ? " (resuming after epoch " + run.startEpoch() + ")" : "");
            terminal.info("data:     %s (%s): %d training, %d validation images, %d classes",
                    run.dataSource(), run.dataFormat(), run.trainImages(), run.validationImages(), run.classNames().size());
            terminal.info("input:    %s (%s)", run.input(), run.preparationReason());
            if (run.skippedImages() != null && !run.skippedImages().isEmpty()) {
                terminal.info("skipped:  %d unreadable images, left out: %s", run.skippedImages().size(),
                        Printable.of(String.join("; ", run.skippedImages())));
            }
            terminal.info("model:    %s, %d epochs, batch %d%s, %s lr %s (%s)%s%s%s, seed %d",
                    c.model(), c.epochs(), c.batchSize(), c.accumulate() > 1 ? " x " + c.accumulate() + " per step" : "",
                    c.optimizer().name().toLowerCase(Locale.ROOT), c.learningRate(),
                    c.lrPolicy().describe(), c.weightDecay() > 0 ? ", weight decay " + c.weightDecay() : "",
                    c.labelSmoothing() > 0 ? ", label smoothing " + c.labelSmoothing() : "",
                    c.clipGradNorm() > 0 ? ", gradient norm clipped at " + c.clipGradNorm() : "", c.seed());
            if (run.initialization() != null) {
                Initialization init = run.initialization();
                terminal.info("init:     %s", init.parent().describe());
                terminal.info("          copied %s%s", init.copied().isEmpty() ? "nothing" : String.join(", ", init.copied()),
                        init.fresh().isEmpty() ? "" : "; new: " + String.join("; ", init.fresh()));
            }
            if (c.freeze() != null || c.freezeEpochs() > 0) {
                terminal.info("freeze:   %s frozen %s%s", c.freeze() != null ? "up to " + c.freeze() : "all before the classifier",
                        c.freezeEpochs() == 1 ? "for the first epoch, then trained"
                                : c.freezeEpochs() > 1 ? "for the first " + c.freezeEpochs() + " epochs, then trained" : "for the whole run",
                        c.bodyLrFactor() != 1 ? " at " + c.bodyLrFactor() + " x the rate" : "");
            } else if (c.bodyLrFactor() != 1) {
                terminal.info("body:     all before the classifier at %s x the rate", c.bodyLrFactor());
            }
            if (!c.augmentation().equals(Augmentation.NONE)) {
                terminal.info("augment:  %s (training only)", c.augmentation().describe());
            }
            terminal.info("device:   %s", run.device());
        }

        @Override
        public void epochStarted(int epoch, int epochs, int images) {
            bar = terminal.progress(String.format("epoch %d/%d", epoch, epochs), images, ProgressBar.Unit.IMAGES);
        }

        @Override
        public void batchDone(int epoch, int imagesDone, int images, double runningLoss) {
            bar.update(imagesDone, String.format(Locale.ROOT, "loss %.4f", runningLoss));
        }

        @Override
        public void epochFinished(EpochMetrics m, boolean best) {
            String validation = Double.isNaN(m.valLoss()) ? ""
                    : String.format(Locale.ROOT, "  val_loss %.4f  val_acc %.4f", m.valLoss(), m.valAccuracy());
            bar.finish(String.format(Locale.ROOT, "train_loss %.4f%s  lr %.3g  %.1f s  %.0f img/s%s", m.trainLoss(), validation,
                    m.learningRate(), m.seconds(), m.imagesPerSecond(), best ? "  (best)" : ""));
        }

        @Override
        public void stoppedEarly(int epoch, int patience) {
            terminal.info("stopped early after epoch %d: no improvement in validation accuracy for %d epochs", epoch, patience);
        }
    }
}
