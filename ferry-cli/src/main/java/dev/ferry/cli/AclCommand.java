package dev.ferry.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.engine.AppAcls;
import dev.ferry.engine.AppDescriptor;
import dev.ferry.engine.PlatformProfile;
import dev.ferry.proxy.ProxyAcls;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.acl.AclBinding;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code ferry acl}: the Kafka ACLs an app's principal needs (and no more), from its declaration
 * and the platform profile ({@link AppAcls}); printed, and with {@code --apply} created.
 */
@Command(name = "acl", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Prints the Kafka ACLs an app's principal needs, and nothing else: READ on its input topics and group, "
                    + "WRITE on its outputs and dead-letter topic, the transactional ids of exactly-once, and the "
                    + "platform's audit, status and announce topics. With --apply, creates those it lacks.",
            "With write-back: proxy (or --proxy) the app gets no WRITE on its outputs and dead-letter topic: the "
                    + "write-back proxy writes them; --proxy-principal prints the proxy's ACLs for the app instead.",
            "The app and the profile are read as ferry run reads them; only --apply reaches the cluster."
        })
final class AclCommand implements Callable<Integer> {

    private static final Pattern PRINCIPAL = Pattern.compile("[A-Za-z][A-Za-z0-9_-]*:.+");
    private static final Pattern JAAS_USERNAME = Pattern.compile("\\busername\\s*=\\s*\"([^\"]+)\"");
    private static final List<String> NAMED_MECHANISMS = List.of("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512");

    @ParentCommand
    FerryCommand root;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "TARGET",
            description = "The app, as ferry run takes it: a .java file, a .jar or classes directory, a class name "
                    + "on --classpath, or an app descriptor .yaml. Default: " + RunbookCommand.DEFAULT_TARGET
                    + ", the classes of the Maven project here.")
    String target;

    @Option(names = "--app", paramLabel = "NAME", description = "Which app, when TARGET has several.")
    String app;

    @Option(names = {"--classpath", "-cp"}, paramLabel = "CP",
            description = "More jars or directories for the app's classes and dependencies "
                    + "('${sys:path.separator}'-separated; may be repeated).")
    List<String> classpath = new ArrayList<>();

    @Option(names = "--profile", paramLabel = "FILE",
            description = "The platform profile (YAML) the app runs with; default: $FERRY_PROFILE, else ./ferry.yaml "
                    + "if present. FERRY_* environment variables override it.")
    Path profile;

    @Option(names = "--principal", paramLabel = "TYPE:NAME",
            description = "The app's principal, such as User:predict-foo. Default: User:<security.sasl.username> "
                    + "when the profile logs in with SASL, else User:<username> of its kafka.*.sasl.jaas.config when "
                    + "its sasl.mechanism is PLAIN or SCRAM.")
    String principal;

    @Option(names = "--proxy", description = "The app writes back through the write-back proxy, as the profile's "
            + "write-back: proxy says (which makes this the default): no WRITE on its outputs and dead-letter topic, "
            + "which the proxy writes under its own principal.")
    boolean proxy;

    @Option(names = "--proxy-principal", paramLabel = "TYPE:NAME",
            description = "Instead of the app's ACLs, those of the write-back proxy's principal (such as User:ferry-proxy) "
                    + "for writing this app's outputs: WRITE and DESCRIBE on its outputs and dead-letter topic, "
                    + "IDEMPOTENT_WRITE on the cluster, READ on the announce topic. Run it for each app of the proxy's "
                    + "config; --apply adds what each needs.")
    String proxyPrincipal;

    @Option(names = "--apply", description = "Create the ACLs the principal lacks (idempotent), and say which "
            + "were created and which were there.")
    boolean apply;

    @Mixin
    ClusterOption clusterOption;

    @Option(names = "--command-config", paramLabel = "FILE",
            description = "Kafka client properties of the administrator who creates the ACLs (as kafka-acls.sh "
                    + "takes them), over the profile's kafka.admin settings. Only with --apply.")
    Path commandConfig;

    @Option(names = "--json", description = "Print JSON (one array of ACLs) instead of a table.")
    boolean json;

    @Override
    public Integer call() {
        String what = target != null ? target : defaultTarget();
        PlatformProfile platform = Profiles.load(root.env, root.workDir, profile);
        if (proxy || proxyPrincipal != null) {
            platform = platform.toBuilder().set("write-back", "proxy").build();
        }
        String who = proxyPrincipal != null ? checked("--proxy-principal", proxyPrincipal) : principal(platform);
        List<Path> cp = AppLoader.classpath(classpath, root.workDir);
        try (LoadedApp loaded = AppLoader.load(what, app, cp, root.workDir)) {
            AppDescriptor descriptor = loaded.spec();
            List<AppAcls.Acl> acls = proxyPrincipal != null ? ProxyAcls.of(descriptor, platform)
                    : AppAcls.of(descriptor, platform);
            String whose = proxyPrincipal != null ? "the write-back proxy, writing for app '" + descriptor.name() + "',"
                    : "app '" + descriptor.name() + "'";
            PrintWriter out = spec.commandLine().getOut();
            if (!apply) {
                print(whose, who, acls, null, out);
                return 0;
            }
            Cluster cluster = clusterOption.resolve(root);
            AclGrants.Result result = AclGrants.apply(acls, who, adminProperties(cluster), cluster);
            print(whose, who, acls, result, out);
            return 0;
        }
    }

    private String defaultTarget() {
        if (!Files.isDirectory(root.workDir.resolve(RunbookCommand.DEFAULT_TARGET))) {
            throw new ParameterException(spec.commandLine(), "Missing TARGET: there is no " + RunbookCommand.DEFAULT_TARGET
                    + " in " + root.workDir + " (build the project with mvn package, or name a .java file, .jar, class "
                    + "or descriptor .yaml)");
        }
        return RunbookCommand.DEFAULT_TARGET;
    }

    /** --principal, else the user the profile's SASL settings log in as, else a usage error. */
    private String principal(PlatformProfile platform) {
        if (principal != null) {
            return checked("--principal", principal);
        }
        return profileUser(platform).map(u -> "User:" + u).orElseThrow(() -> new ParameterException(spec.commandLine(),
                "Missing --principal: the profile logs in with no SASL username (security.sasl.username) to take "
                        + "it from; name the app's principal, such as --principal User:predict-foo"));
    }

    private String checked(String option, String value) {
        if (!PRINCIPAL.matcher(value).matches()) {
            throw new ParameterException(spec.commandLine(), option + " " + value + ": expected TYPE:NAME, such as "
                    + (option.equals("--principal") ? "User:predict-foo" : "User:ferry-proxy"));
        }
        return value;
    }

    /** The username of the consumer's PLAIN or SCRAM login in the profile, which the broker takes as the principal's name. */
    static Optional<String> profileUser(PlatformProfile platform) {
        if (platform.security().protocol().isPresent()) {
            return platform.security().saslUsername();
        }
        Map<String, String> props = platform.kafkaProperties("consumer");
        String mechanism = props.getOrDefault("sasl.mechanism", "GSSAPI").trim().toUpperCase(java.util.Locale.ROOT);
        String jaas = props.get("sasl.jaas.config");
        if (jaas == null || !NAMED_MECHANISMS.contains(mechanism)) {
            return Optional.empty();
        }
        Matcher m = JAAS_USERNAME.matcher(jaas);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    private Map<String, Object> adminProperties(Cluster cluster) {
        Map<String, Object> props = cluster.properties("admin");
        if (commandConfig != null) {
            Path file = root.workDir.resolve(commandConfig);
            Properties given = new Properties();
            try (InputStream in = Files.newInputStream(file)) {
                given.load(in);
            } catch (IOException e) {
                throw new CliException("--command-config " + commandConfig + ": cannot read it (" + e.getMessage() + ")", e);
            }
            given.stringPropertyNames().forEach(k -> props.put(k, given.getProperty(k)));
            props.put("bootstrap.servers", cluster.bootstrapServers());
        }
        return props;
    }

    private void print(String whose, String who, List<AppAcls.Acl> acls, AclGrants.Result result, PrintWriter out) {
        if (json) {
            out.println(json(who, acls, result));
            out.flush();
            return;
        }
        out.printf("%s needs %d ACL(s) for %s (ALLOW, host *):%n", whose, acls.size(), who);
        String row = "%-16s %-9s %-32s %-9s %s%n";
        String state = result == null ? "" : "%-8s ";
        out.printf(state + row, result == null ? new Object[] {"RESOURCE", "PATTERN", "NAME", "OPERATION", "WHY"}
                : new Object[] {"STATE", "RESOURCE", "PATTERN", "NAME", "OPERATION", "WHY"});
        for (AppAcls.Acl a : acls) {
            List<Object> cells = new ArrayList<>(List.of(a.resourceType(), a.patternType(), a.name(), a.operation(),
                    a.reason()));
            if (result != null) {
                cells.add(0, result.created().contains(a) ? "created" : "present");
            }
            out.printf(state + row, cells.toArray());
        }
        if (result != null) {
            out.printf("%d created, %d already present%n", result.created().size(), result.present().size());
            if (!result.extra().isEmpty()) {
                out.printf("%s also has %d ACL(s) the app does not need (left as they are):%n", who, result.extra().size());
                for (AclBinding b : result.extra()) {
                    out.printf("  %s %s %s %s %s host %s%n", b.entry().permissionType(), b.pattern().resourceType(),
                            b.pattern().patternType(), b.pattern().name(), b.entry().operation(), b.entry().host());
                }
            }
        }
        out.flush();
    }

    private static String json(String who, List<AppAcls.Acl> acls, AclGrants.Result result) {
        ObjectMapper mapper = new ObjectMapper();
        ArrayNode array = mapper.createArrayNode();
        for (AppAcls.Acl a : acls) {
            ObjectNode n = array.addObject();
            n.put("resourceType", a.resourceType().name());
            n.put("patternType", a.patternType().name());
            n.put("name", a.name());
            n.put("operation", a.operation().name());
            n.put("permission", "ALLOW");
            n.put("principal", who);
            n.put("host", "*");
            n.put("reason", a.reason());
            if (result != null) {
                n.put("state", result.created().contains(a) ? "created" : "present");
            }
        }
        try {
            return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(array);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the ACLs as JSON", e);
        }
    }
}
