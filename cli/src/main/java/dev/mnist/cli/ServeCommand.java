package dev.mnist.cli;

import dev.mnist.cli.mixin.ModelOption;
import dev.mnist.cli.mixin.PreparationOption;
import dev.mnist.core.image.ImagePreparation;
import dev.mnist.core.infer.Predictor;
import dev.mnist.core.serve.ModelServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Serve a model over HTTP: a page to draw digits on and see the answer live, and a REST API.",
        footer = {"",
                "GET  /              the drawing page (self-contained)",
                "POST /api/classify  body: an image file (PNG, JPEG, BMP, GIF) with",
                "                    Content-Type: image/..., or JSON {\"pixels\":",
                "                    [[0-255, ...], ...]} as application/json; ?top=N (3).",
                "                    The answer equals 'mnist classify --json' for the image:",
                "                    {\"status\": \"ok\"|\"blank\", \"top\": [{\"class\", \"index\",",
                "                    \"probability\"}], \"preprocessing\", \"input\": {..., \"png\"}}",
                "GET  /api/model     class names, input shape, the run's metrics per epoch",
                "GET  /healthz       {\"status\": \"ok\"}",
                "",
                "Errors are JSON {\"error\", \"status\"}: 400 bad body, 403 another host name or origin, 404, "
                + "405 wrong method, 408 body not sent within 10 s, 413 body over 5 MB or image over 16 megapixels, "
                + "415 a body not declared an image or JSON, 503 busy (with Retry-After). One line per request goes to stderr (not with "
                + "--quiet); stdout gets the address alone. Ctrl-C or SIGTERM lets requests in "
                + "progress finish, then exits (130 or 143)."})
final class ServeCommand implements Callable<Integer> {
    /** How long a signal waits for the server to finish its requests and stop. */
    private static final long STOP_GRACE_SECONDS = 10;

    @Spec
    CommandSpec spec;

    @Mixin
    ModelOption model;

    @Option(names = "--port", defaultValue = "8080", paramLabel = "PORT",
            description = "Port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1", paramLabel = "HOST",
            description = "Address to listen on; 0.0.0.0 for every interface (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--allow-host", paramLabel = "NAME",
            description = "Also answer requests for this host name (repeatable). By default only the address listened on "
                    + "(and localhost on loopback) is answered, so that no web page can reach the server under a name of its own.")
    List<String> allowedHosts = new ArrayList<>();

    @Mixin
    PreparationOption prepare;

    @Override
    public Integer call() throws InterruptedException {
        if (port < 0 || port > 65535) {
            throw new ParameterException(spec.commandLine(), "--port must be 0-65535, not " + port);
        }
        Terminal terminal = Terminal.of(spec);
        Predictor predictor = Predictor.load(model.path());
        ImagePreparation preprocessing = prepare.preparationFor(predictor);
        ModelServer server = new ModelServer(predictor, preprocessing, host, port, allowedHosts, line -> terminal.info("%s", line)).start();

        // SIGTERM or SIGINT: finish the requests in progress, close the port, then let the JVM exit.
        StopOnSignal onSignal = new StopOnSignal("mnist-stop-serving", server::stop, STOP_GRACE_SECONDS);
        terminal.info("serving %s (%s, %d classes, %s preparation); Ctrl-C stops", predictor.file(),
                predictor.metadata().architecture(), predictor.classCount(), preprocessing.name());
        terminal.out().println(Terminal.address(server.uri()));
        terminal.out().flush();
        server.join();
        long served = server.requestsServed();
        terminal.info("stopped after %d request%s", served, served == 1 ? "" : "s");
        onSignal.finished();
        return ExitCode.INTERRUPTED;
    }
}
