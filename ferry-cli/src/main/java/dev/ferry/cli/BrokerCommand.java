package dev.ferry.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code ferry broker}: the dev broker alone, for several apps or for tools in other terminals. */
@Command(name = "broker", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Runs a dev Kafka broker (KRaft) until Ctrl-C.",
            "An embedded single-node Apache Kafka broker in this process.",
            "Its address goes to .ferry/bootstrap, where `ferry run`, `ferry produce` and `ferry tail` in this "
                    + "directory find it. Its data survives restarts."
        })
final class BrokerCommand implements Callable<Integer> {

    @ParentCommand
    FerryCommand root;

    @Spec
    CommandSpec spec;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Where the broker keeps its data (default: .ferry/kafka).")
    Path dataDir;

    @Option(names = "--port", paramLabel = "P", description = "The port clients connect to (default: a free port).")
    int port;

    @Override
    public Integer call() {
        DevBroker.running(root.workDir).ifPresent(address -> {
            throw new CliException("a dev broker already runs at " + address + " (from " + DevBroker.DIRECTORY
                    + "/bootstrap): use it, or stop it first");
        });
        PrintWriter out = spec.commandLine().getOut();
        try (StopSignal stop = new StopSignal(Duration.ofSeconds(30));
             DevBroker broker = DevBroker.start(root.workDir, dataDir, port)) {
            out.println(broker.banner("some.topic", "some.topic"));
            out.println("Ctrl-C to stop");
            out.flush();
            stop.awaitForever();
        }
        return 0;
    }
}
