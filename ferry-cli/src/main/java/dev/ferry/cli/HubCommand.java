package dev.ferry.cli;

import dev.ferry.engine.PlatformProfile;
import dev.ferry.hub.access.PasswordHash;
import dev.ferry.hub.access.Role;
import dev.ferry.hub.access.Users;
import dev.ferry.hub.kafka.HubSettings;
import dev.ferry.hub.kafka.KafkaAuditLog;
import dev.ferry.hub.OnCallActions;
import dev.ferry.hub.kafka.KafkaHubData;
import dev.ferry.hub.kafka.KafkaOnCall;
import dev.ferry.hub.web.HubAccess;
import dev.ferry.hub.web.HubServer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code ferry hub}: the web hub (topics with their rates, consumers and lag, the app catalog,
 * lineage with chain latency) and its JSON API, on the profile's cluster or, with none configured,
 * on the dev broker (started here if none runs). Runs until Ctrl-C.
 */
@Command(name = "hub", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Serves the web hub: topics with messages per minute, consumers and lag, the catalog of Ferry apps, and "
                    + "the lineage of chains with their end-to-end latency; JSON under /api.",
            "Runs on the platform profile's cluster, or with none configured on the dev broker (started if none runs). "
                    + "Binds to 127.0.0.1 unless --bind says otherwise. Ctrl-C to stop.",
            "Asks for a login: --users names the users file (users and API tokens, hashed; roles viewer, reader, "
                    + "admin); --open serves without login, on purpose. Peeks and logins go to the audit topic."
        })
final class HubCommand implements Callable<Integer> {

    /** How long Ctrl-C waits for the hub and the dev broker to close. */
    private static final Duration STOP_BOUND = Duration.ofSeconds(30);

    @ParentCommand
    FerryCommand root;

    @Spec
    CommandSpec spec;

    @Option(names = "--port", paramLabel = "P", defaultValue = "" + HubServer.DEFAULT_PORT,
            description = "The port to serve on (default: ${DEFAULT-VALUE}; 0 for any free port).")
    int port;

    @Option(names = "--bind", paramLabel = "ADDR", defaultValue = HubServer.DEFAULT_HOST,
            description = "The address to bind to (default: ${DEFAULT-VALUE}, this machine only; 0.0.0.0 for every "
                    + "interface).")
    String bind;

    @Option(names = "--users", paramLabel = "FILE",
            description = "The users file: lines 'user NAME ROLE HASH' and 'token NAME ROLE HASH' (roles viewer, reader, "
                    + "admin; hashes from --hash-password and --new-token). Default: $FERRY_HUB_USERS.")
    Path users;

    @Option(names = "--open",
            description = "Serve without login: anyone who reaches the hub sees everything but masked fields. "
                    + "Without --users the hub refuses to start unless this says so.")
    boolean open;

    @Option(names = "--session-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            defaultValue = "8h", description = "How long a login lasts without a request (default: ${DEFAULT-VALUE}).")
    Duration sessionTimeout;

    @Option(names = "--hash-password",
            description = "Print the hash of a password read from stdin, for a 'user' line of the users file, and exit.")
    boolean hashPassword;

    @Option(names = "--new-token", paramLabel = "NAME:ROLE",
            description = "Print a new API token and its 'token' line for the users file, and exit.")
    String newToken;

    @Option(names = {"--bootstrap-server", "-b"}, paramLabel = "B",
            description = "The Kafka cluster (default: the platform profile's, else the dev broker).")
    String bootstrapServer;

    @Option(names = "--profile", paramLabel = "FILE",
            description = "The platform profile (YAML); default: $FERRY_PROFILE, else ./ferry.yaml if present. "
                    + "FERRY_* environment variables override it.")
    Path profile;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Data directory of the dev broker, if this command starts one (default: .ferry/kafka).")
    Path dataDir;

    @Option(names = "--refresh", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "5s",
            description = "How often the pages' live parts refresh in the browser (default: ${DEFAULT-VALUE}).")
    Duration refresh;

    @Option(names = "--for", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Stop cleanly after this long (default: run until Ctrl-C).")
    Duration serveFor;

    @Override
    public Integer call() {
        if (port < 0 || port > 65535) {
            throw new ParameterException(spec.commandLine(), "--port must be from 0 to 65535, got " + port);
        }
        if (refresh.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new ParameterException(spec.commandLine(), "--refresh must be at least 1s, got " + refresh);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (hashPassword) {
            out.println(PasswordHash.hash(readPassword()));
            out.flush();
            return 0;
        }
        if (newToken != null) {
            printNewToken(out);
            return 0;
        }
        Users userFile = users(); // before connecting: a hub that would refuse to start says so at once
        PlatformProfile platform = Profiles.load(root.env, root.workDir, profile);
        boolean dev = bootstrapServer == null && RunCommand.onDevBroker(platform);
        try (StopSignal stop = new StopSignal(STOP_BOUND);
             DevBroker broker = dev ? DevBroker.useOrStart(root.workDir, dataDir) : null) {
            String cluster = bootstrapServer != null ? bootstrapServer
                    : broker != null ? broker.bootstrapServers() : platform.bootstrapServers();
            String source = bootstrapServer != null ? "--bootstrap-server"
                    : broker != null ? (broker.owned() ? "the dev broker started here, data in " + broker.dataDirectory()
                    : "the dev broker in " + DevBroker.DIRECTORY + "/bootstrap")
                    : platform.sourceOf("admin", "bootstrap.servers");
            HubSettings settings = HubSettings.of(platform);
            try (KafkaHubData data = KafkaHubData.start(cluster, platform, settings);
                 KafkaAuditLog audit = KafkaAuditLog.open(cluster, platform, settings);
                 HubServer hub = start(data, KafkaOnCall.on(cluster, platform, settings.timeout(), data),
                         userFile == null ? HubAccess.open(audit)
                         : HubAccess.of(userFile, audit, sessionTimeout, Clock.systemUTC()))) {
                out.println("Ferry hub at " + hub.url() + " on the Kafka cluster at " + cluster + " (from " + source
                        + ")" + (userFile == null ? ", open: no login" : ", " + userFile.describe())
                        + (serveFor == null ? " - Ctrl-C to stop" : " for " + serveFor.toSeconds() + "s"));
                out.flush();
                if (serveFor == null) {
                    stop.awaitForever();
                } else {
                    stop.await(serveFor);
                }
                out.println("Ferry hub stopped");
                out.flush();
            }
        }
        return 0;
    }

    /** The users file, or null when --open says to serve without login; refuses to guess between the two. */
    private Users users() {
        Path file = users != null ? users
                : root.env.containsKey("FERRY_HUB_USERS") ? Path.of(root.env.get("FERRY_HUB_USERS")) : null;
        if (file != null && open) {
            throw new ParameterException(spec.commandLine(), "--open and a users file (" + file + ") contradict each "
                    + "other: say one");
        }
        if (file == null && !open) {
            throw new CliException("the hub asks for a login and has no users: give it a users file (--users FILE or "
                    + "$FERRY_HUB_USERS; see ferry hub --hash-password and --new-token), or say --open to serve "
                    + "without login");
        }
        if (file == null) {
            return null;
        }
        try {
            return Users.read(root.workDir.resolve(file));
        } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
            throw new CliException(e.getMessage(), e);
        }
    }

    private char[] readPassword() {
        java.io.Console console = System.console();
        if (console != null && root.stdin == System.in) {
            char[] pw = console.readPassword("password: ");
            if (pw != null && pw.length > 0) {
                return pw;
            }
        }
        try {
            String line = new java.io.BufferedReader(new java.io.InputStreamReader(root.stdin,
                    java.nio.charset.StandardCharsets.UTF_8)).readLine();
            if (line == null || line.isEmpty()) {
                throw new CliException("--hash-password reads the password from stdin, and it was empty");
            }
            return line.toCharArray();
        } catch (java.io.IOException e) {
            throw new CliException("cannot read the password from stdin: " + e.getMessage(), e);
        }
    }

    private void printNewToken(PrintWriter out) {
        int colon = newToken.lastIndexOf(':');
        if (colon <= 0 || newToken.substring(0, colon).isBlank() || newToken.substring(0, colon).contains(" ")) {
            throw new ParameterException(spec.commandLine(), "--new-token is NAME:ROLE, such as ci-bot:viewer, got '"
                    + newToken + "'");
        }
        Role role;
        try {
            role = Role.ofUser(newToken.substring(colon + 1));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--new-token: " + e.getMessage());
        }
        String token = PasswordHash.newToken();
        out.println("token: " + token);
        out.println("users file line: token " + newToken.substring(0, colon) + " " + role.label() + " "
                + PasswordHash.tokenHash(token));
        out.flush();
    }

    private HubServer start(KafkaHubData data, OnCallActions actions, HubAccess access) {
        try {
            return HubServer.start(data, actions, HubServer.Options.secured(access).host(bind).port(port).refresh(refresh));
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw new CliException(e.getMessage() + (port == HubServer.DEFAULT_PORT ? "; try --port with another port"
                    : ""), e);
        }
    }
}
