package dev.ferry.cli;

import dev.ferry.engine.PlatformProfile;
import dev.ferry.proxy.ProxyConfig;
import dev.ferry.proxy.ProxyException;
import dev.ferry.proxy.ProxyServer;
import dev.ferry.proxy.TokenHash;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code ferry proxy --config FILE}: the validating write-back proxy that apps with
 * {@code write-back: proxy} write through, on the profile's cluster (or the dev broker), until Ctrl-C;
 * {@code --new-token APP} makes an app's token and the config line with its hash.
 */
@Command(name = "proxy", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Runs the write-back proxy for apps whose profile says write-back: proxy, until Ctrl-C: it checks each "
                    + "app's token, takes only the topics the app declared (and no other app owns), validates every "
                    + "event against the declared schema, applies the envelope rules and answers once the broker has "
                    + "the events. See docs/proxy.md for the config file and the rules."
        })
final class ProxyCommand implements Callable<Integer> {

    private static final Duration STOP_BOUND = Duration.ofSeconds(30);

    @ParentCommand
    FerryCommand root;

    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = "The proxy's config file (YAML).")
    Path config;

    @Option(names = "--new-token", paramLabel = "APP",
            description = "Print a new token for APP and the line for the config file's apps, then exit.")
    String newToken;

    @Option(names = "--profile", paramLabel = "FILE",
            description = "The platform profile (YAML): the cluster and announce.topic; default: $FERRY_PROFILE, else "
                    + "./ferry.yaml if present. FERRY_* environment variables override it.")
    Path profile;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Data directory of the embedded broker in dev mode (default: .ferry/kafka).")
    Path dataDir;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (newToken != null) {
            String token = TokenHash.newToken();
            out.println("token for app '" + newToken + "' (give it to the app, e.g. in the Secret its "
                    + "plugins.proxy.token-file names): " + token);
            out.println("config line, under apps:  " + newToken + ": " + TokenHash.of(token));
            out.flush();
            return 0;
        }
        if (config == null) {
            throw new ParameterException(spec.commandLine(), "give --config FILE (or --new-token APP)");
        }
        ProxyConfig proxyConfig = checked(() -> ProxyConfig.load(root.workDir.resolve(config)));
        PlatformProfile platform = Profiles.load(root.env, root.workDir, profile);
        try (StopSignal stop = new StopSignal(STOP_BOUND);
             DevBroker dev = RunCommand.onDevBroker(platform) ? DevBroker.useOrStart(root.workDir, dataDir) : null) {
            PlatformProfile on = dev == null ? platform : RunCommand.onDevBroker(platform, dev);
            try (ProxyServer proxy = checked(() -> ProxyServer.start(proxyConfig, on))) {
                out.println("ferry proxy at " + proxy.address() + " on the Kafka cluster at " + on.bootstrapServers()
                        + " for " + proxyConfig.apps().size() + " app(s)" + (proxyConfig.tlsEnabled() ? " over TLS" : "")
                        + proxy.metricsAddress().map(a -> ", metrics at http://" + a + "/metrics").orElse("")
                        + " - Ctrl-C to stop");
                out.flush();
                stop.awaitForever();
                out.println("ferry proxy stopped");
                out.flush();
            }
        }
        return 0;
    }

    /** Runs a step whose mistakes are the user's to fix, as one line. */
    private static <T> T checked(java.util.function.Supplier<T> step) {
        try {
            return step.get();
        } catch (ProxyException e) {
            throw new CliException(e.getMessage());
        }
    }
}
