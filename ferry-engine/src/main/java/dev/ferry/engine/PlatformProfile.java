package dev.ferry.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The platform team's choices for every app: Kafka client settings, the delivery guarantee, how
 * outputs are written back, retries and time limits. They live here, in a YAML file and
 * {@code FERRY_*} environment variables, so that the platform can change them without touching
 * any author's code. Immutable; build one with {@link #load} or {@link #builder()}.
 *
 * <p>Every key, its default and its environment variable are listed in the README's "Platform
 * profile" section. Environment variables win over the file; the file wins over defaults.
 */
public final class PlatformProfile {

    /** The file read when {@code FERRY_PROFILE} is not set, if it exists. */
    public static final String DEFAULT_FILE = "ferry.yaml";

    private static final String KAFKA = "kafka.";
    private static final String PLUGINS = "plugins.";
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private static final List<String> KAFKA_SECTIONS = List.of("common", "consumer", "producer", "admin");
    private static final Map<String, String> DEFAULTS = defaults();
    private static final Pattern INSTANCE_ID = Pattern.compile("[A-Za-z0-9._-]{1,100}");
    // --- Container images (ferry package) ---
    /** The base image of app images when the profile names none: Eclipse Temurin's Java 17 JRE. */
    public static final String DEFAULT_IMAGE_BASE = "eclipse-temurin:17-jre";
    /** The JVM options of app images when the profile names none: see {@link #imageJvmOptions()}. */
    public static final String DEFAULT_IMAGE_JVM_OPTIONS = "-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError";
    private static final Pattern IMAGE_USER = Pattern.compile("([0-9]+)(:([0-9]+))?");
    // --- end of container images ---
    private static final Set<String> IGNORED_ENV = Set.of("FERRY_PROFILE", "FERRY_HOME", "FERRY_OPTS");

    private final Map<String, Setting> settings;
    private final Map<String, String> environment;
    private final KafkaSecurity security;

    private record Setting(String value, String source) {
    }

    private PlatformProfile(Map<String, Setting> settings, Map<String, String> environment) {
        this.settings = Collections.unmodifiableMap(new TreeMap<>(settings));
        this.environment = environment;
        this.security = new KafkaSecurity(this::value, this::sourceOf, environment);
        validate();
    }

    private static Map<String, String> defaults() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("guarantee", "at-least-once");
        d.put("write-back", "direct");
        d.put("format", "json");
        d.put("dev-mode", "false");
        d.put("dev-partitions", "3");
        d.put("startup-timeout", "30s");
        d.put("shutdown-timeout", "30s");
        d.put("retry.initial-backoff", "1s");
        d.put("retry.max-backoff", "30s");
        d.put("retry.max-attempts", "10");
        d.put("poison-policy", "halt");
        d.put("dead-letter-topic", "{app}.dead-letter");
        d.put("monitoring.port", "-1");
        d.put("monitoring.lag-window", AppStatus.LAG_WINDOW + "s");
        d.put("concurrency", "1");
        d.put("instance-id", "");
        d.put("listeners", "");
        d.put("unchecked-kafka-prefixes", "");
        d.put("status.topic", "ferry.status");
        d.put("status.heartbeat", "10s");
        d.put("audit.topic", "ferry.audit");
        // --- what apps publish for the hub: see docs/hub-publishing.md ---
        d.put("announce.topic", "ferry.apps");
        d.put("lineage", "true");
        // --- end of what apps publish ---
        kubernetesDefaults(d);
        // --- alerts (ferry runbook: the app's Prometheus alert rules and its runbook) ---
        d.put("alerts.runbook-url", "");
        d.put("alerts.halted-for", "1m");
        d.put("alerts.lag-seconds", "300");
        d.put("alerts.lag-for", "5m");
        d.put("alerts.stalled-window", "5m");
        d.put("alerts.stalled-for", "1m");
        d.put("alerts.not-ready-for", "5m");
        d.put("alerts.dead-lettered-window", "15m");
        // --- end of alerts ---
        // --- Container images (ferry package): see docs/package.md ---
        d.put("image.base", DEFAULT_IMAGE_BASE);
        d.put("image.registry", "");
        d.put("image.user", "10001:10001");
        d.put("image.jvm-options", DEFAULT_IMAGE_JVM_OPTIONS);
        d.put("image.monitoring-port", "8080");
        // --- end of container images ---
        d.putAll(KafkaSecurity.DEFAULTS); // security.*: see docs/security.md
        return Collections.unmodifiableMap(d);
    }

    /**
     * Loads the profile from the environment: the YAML file named by {@code FERRY_PROFILE} (or
     * {@value #DEFAULT_FILE} in the working directory, if present), then {@code FERRY_*} variables.
     */
    public static PlatformProfile load(Map<String, String> env) {
        String named = env.get("FERRY_PROFILE");
        Path file = named != null ? Path.of(named) : Path.of(DEFAULT_FILE);
        if (named != null && !Files.isRegularFile(file)) {
            throw new ProfileException("FERRY_PROFILE names '" + named + "', which is not a readable file");
        }
        Builder b = builder();
        if (Files.isRegularFile(file)) {
            b.file(file);
        }
        return b.environment(env).build();
    }

    /** Loads the profile from this process's environment; see {@link #load(Map)}. */
    public static PlatformProfile load() {
        return load(System.getenv());
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this profile's settings. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.settings.putAll(settings);
        b.env = environment;
        return b;
    }

    /** Whether Kafka's {@code bootstrap.servers} is set anywhere: if not, there is no cluster. */
    public boolean hasCluster() {
        return settings.containsKey(KAFKA + "common.bootstrap.servers");
    }

    /**
     * Whether any {@code kafka.*} setting (or {@code security.protocol}) is present: then the profile
     * is about a real cluster, whose
     * {@code bootstrap.servers} must be among them, and no embedded dev broker may stand in for it.
     */
    public boolean configuresKafka() {
        return settings.keySet().stream().anyMatch(k -> k.startsWith(KAFKA) || k.equals("security.protocol"));
    }

    /** Whether nothing is set at all: no file setting, no variable, nothing set in code. */
    public boolean isEmpty() {
        return settings.isEmpty();
    }

    /** Every setting that is set (not a default), with where it came from, e.g. a file or a variable. */
    public Map<String, String> sources() {
        Map<String, String> out = new TreeMap<>();
        settings.forEach((k, v) -> out.put(k, v.source()));
        return out;
    }

    /** The bootstrap servers, or a {@link ProfileException} saying how to set them. */
    public String bootstrapServers() {
        Setting s = settings.get(KAFKA + "common.bootstrap.servers");
        if (s == null) {
            String other = settings.keySet().stream().filter(k -> k.startsWith(KAFKA) || k.equals("security.protocol"))
                    .findFirst()
                    .map(k -> " (the profile sets " + k + ", from " + settings.get(k).source() + ", so it is about a "
                            + "cluster, and no embedded dev broker stands in for it)")
                    .orElse("");
            throw new ProfileException("no Kafka cluster configured" + other + ": set kafka.common.bootstrap.servers in "
                    + DEFAULT_FILE + " or FERRY_KAFKA_BOOTSTRAP_SERVERS");
        }
        return s.value();
    }

    /**
     * The full Kafka client properties for one kind of client (consumer, producer or admin): the
     * {@code kafka.common.*} ones, then those of the {@link #security()} section (protocol, SASL,
     * TLS), then that kind's own. Every client Ferry makes starts from these. The map holds the
     * cluster's secrets (read now from their files or variables): give it to a Kafka client, never
     * to a log or a message.
     *
     * @throws ProfileException if a secret's file or variable cannot be read, naming the key
     */
    public Map<String, String> kafkaProperties(String kind) {
        if (!KAFKA_SECTIONS.contains(kind) || kind.equals("common")) {
            throw new IllegalArgumentException("kind must be consumer, producer or admin: " + kind);
        }
        Map<String, String> props = new LinkedHashMap<>(section("common"));
        props.putAll(security.clientProperties());
        props.putAll(section(kind));
        return props;
    }

    /**
     * The {@code security.protocol} a kind of client (consumer, producer, admin) uses, without reading
     * any secret: the security section's, else a {@code kafka.*} key's, else Kafka's PLAINTEXT.
     */
    public String securityProtocol(String kind) {
        return security.protocol().orElseGet(() -> {
            Setting s = settings.getOrDefault(KAFKA + kind + ".security.protocol", settings.get(KAFKA + "common.security.protocol"));
            return s == null ? "PLAINTEXT" : s.value().trim().toUpperCase(Locale.ROOT);
        });
    }

    /** Where {@link #securityProtocol(String)} came from, such as a file, a variable or the defaults. */
    public String securityProtocolSource(String kind) {
        return security.protocol().isPresent() ? sourceOf("security.protocol") : sourceOf(kind, "security.protocol");
    }

    /**
     * The profile's {@code security.*} section: how clients authenticate and encrypt. Its keys are
     * checked when the profile is built; its secrets are read by {@link #kafkaProperties(String)}.
     */
    public KafkaSecurity security() {
        return security;
    }

    /** The source (file or variable) of a Kafka property, for error messages. */
    public String sourceOf(String kind, String property) {
        Setting s = settings.get(KAFKA + kind + "." + property);
        if (s == null) {
            s = settings.get(KAFKA + "common." + property);
        }
        return s == null ? "the defaults" : s.source();
    }

    /** Where a Ferry setting (not a Kafka property) came from, such as a file, a variable or the defaults. */
    public String sourceOf(String key) {
        Setting s = settings.get(key);
        return s == null ? "the defaults" : s.source();
    }

    private Map<String, String> section(String name) {
        String prefix = KAFKA + name + ".";
        Map<String, String> out = new LinkedHashMap<>();
        settings.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                out.put(k.substring(prefix.length()), v.value());
            }
        });
        return out;
    }

    /** The delivery guarantee. Default at-least-once. */
    public Guarantee guarantee() {
        return Guarantee.parse(value("guarantee"), where("guarantee"));
    }

    /** Whether missing topics are created (dev mode) rather than reported. Default false. */
    public boolean devMode() {
        return bool("dev-mode");
    }

    /** Partitions of a topic created in dev mode. Default 3. */
    public int devPartitions() {
        return positiveInt("dev-partitions");
    }

    /** How long to wait for the cluster at start-up. Default 30s. */
    public Duration startupTimeout() {
        return duration("startup-timeout");
    }

    /** How long a stop waits for the batch in flight before abandoning it. Default 30s. */
    public Duration shutdownTimeout() {
        return duration("shutdown-timeout");
    }

    /** The wait before the first retry of a failing event; doubled each time. Default 1s. */
    public Duration retryInitialBackoff() {
        return duration("retry.initial-backoff");
    }

    /** The longest wait between two retries. Default 30s. */
    public Duration retryMaxBackoff() {
        return duration("retry.max-backoff");
    }

    /** How many times a failing event is tried before the app halts on it. Default 10. */
    public int retryMaxAttempts() {
        return positiveInt("retry.max-attempts");
    }

    /** What happens to an event that keeps failing. Default halt. */
    public PoisonPolicy poisonPolicy() {
        return PoisonPolicy.parse(value("poison-policy"), where("poison-policy"));
    }

    /** The dead-letter topic of an app: {@code {app}} in the setting is replaced by its name. */
    public String deadLetterTopic(String app) {
        return value("dead-letter-topic").trim().replace("{app}", app);
    }

    /**
     * The port of the app's monitoring endpoint (health, metrics, status): -1 for none (the
     * default), 0 for any free port, else that port.
     */
    public int monitoringPort() {
        String v = value("monitoring.port");
        try {
            int n = Integer.parseInt(v.trim());
            if (n < -1 || n > 65535) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new ProfileException(where("monitoring.port") + ": expected -1 (no monitoring endpoint), 0 (any "
                    + "free port) or a port up to 65535, got '" + v + "'");
        }
    }

    /**
     * How far back the health verdict looks: lag is sampled once a second, and each partition is
     * judged over its samples of this window (10s: the last 10 samples). Whole seconds, 2s to 1h.
     * Default 10s.
     */
    public Duration lagWindow() {
        Duration d = duration("monitoring.lag-window");
        if (d.toMillis() % 1000 != 0 || d.toSeconds() < 2 || d.toSeconds() > 3600) {
            throw new ProfileException(where("monitoring.lag-window") + ": expected whole seconds from 2s to 1h (lag "
                    + "is sampled once a second), got '" + value("monitoring.lag-window") + "'");
        }
        return d;
    }

    /**
     * The compacted topic every app instance reports its status to (key {@code <app>/<instance>}),
     * for {@code ferry status} and {@code ferry show-failure}; empty for no reports. Default
     * {@code ferry.status}.
     */
    public Optional<String> statusTopic() {
        String v = value("status.topic").trim();
        return v.isEmpty() ? Optional.empty() : Optional.of(v);
    }

    /** How often an instance reports its status when nothing changes: 1s to 1h. Default 10s. */
    public Duration statusHeartbeat() {
        Duration d = duration("status.heartbeat");
        if (d.toMillis() < 1000 || d.toSeconds() > 3600) {
            throw new ProfileException(where("status.heartbeat") + ": expected from 1s to 1h, got '"
                    + value("status.heartbeat") + "'");
        }
        return d;
    }

    /**
     * The compacted topic every app instance announces itself on (its {@link AppAnnouncement}, key
     * {@code <app>/<instance>}): at start, on change, and a last time on a clean stop, for the hub's
     * catalog and {@code ferry apps}; empty for no announcements. Default {@code ferry.apps}.
     */
    public Optional<String> announceTopic() {
        String v = value("announce.topic").trim();
        return v.isEmpty() ? Optional.empty() : Optional.of(v);
    }

    /**
     * Whether every output event carries the {@link Lineage} headers (trace context, the chain's
     * origin time, the hop count), continuing its input event's chain. Default true.
     */
    public boolean lineage() {
        return bool("lineage");
    }

    /**
     * The topic on-call actions ({@code ferry skip}) are recorded on, and that a halted app watches
     * for a skip of its event. Default {@code ferry.audit}.
     */
    public String auditTopic() {
        String v = value("audit.topic").trim();
        if (v.isEmpty()) {
            throw new ProfileException(where("audit.topic") + ": must name a topic, e.g. ferry.audit");
        }
        return v;
    }

    /**
     * How many sub-batches of a poll an app's function may work on at once, for apps that do not say
     * in their annotation. Default 1.
     */
    public int concurrency() {
        int n = positiveInt("concurrency");
        if (n > AppDescriptor.MAX_CONCURRENCY) {
            throw new ProfileException(where("concurrency") + ": expected at most " + AppDescriptor.MAX_CONCURRENCY
                    + ", got " + n);
        }
        return n;
    }

    /**
     * The stable identity of this app instance, such as a StatefulSet pod name, or empty (the default)
     * for a random one per process. It names the exactly-once producers' transactional ids
     * ({@code <app>-<instance-id>-<consumer>}), so that an instance restarted after a crash fences
     * its predecessor and aborts its open transaction at once, instead of leaving the partitions it
     * wrote blocked until the transaction times out.
     */
    public Optional<String> instanceId() {
        String v = value("instance-id").trim();
        if (v.isEmpty()) {
            return Optional.empty();
        }
        if (!INSTANCE_ID.matcher(v).matches()) {
            throw new ProfileException(where("instance-id") + ": '" + v + "' is not a valid instance id: it becomes "
                    + "part of Kafka transactional ids (<app>-<instance-id>-<consumer>), so use at most 100 letters, "
                    + "digits, '.', '_' or '-', e.g. the StatefulSet pod name; or leave it empty for a random id per "
                    + "process");
        }
        return Optional.of(v);
    }

    /**
     * The format of every topic whose app does not name one: a {@link dev.ferry.engine.spi.Format} on
     * the classpath. Default {@code json}.
     */
    public String format() {
        return name("format");
    }

    /**
     * Where outputs are written: the name of a {@link dev.ferry.engine.spi.SinkProvider} on the
     * classpath. Default {@code direct} (the Kafka producer).
     */
    public String writeBack() {
        return name("write-back");
    }

    /**
     * The {@link dev.ferry.engine.spi.ListenerProvider}s every app gets, by name, in order; none by
     * default. The app's status and metrics are always there.
     */
    public List<String> listeners() {
        String v = value("listeners").trim();
        if (v.isEmpty()) {
            return List.of();
        }
        List<String> out = new java.util.ArrayList<>();
        for (String part : v.split(",")) {
            String n = part.trim();
            if (!NAME.matcher(n).matches()) {
                throw new ProfileException(where("listeners") + ": '" + n + "' is not a listener name: give names of "
                        + "lower-case letters, digits, '.', '_' and '-', separated by commas");
            }
            out.add(n);
        }
        return List.copyOf(out);
    }

    // --- Container images (ferry package): image.* keys, documented in docs/package.md ---

    /**
     * The base image of every app image: a registry reference ({@code eclipse-temurin:17-jre}, the
     * default; {@code registry.example.com/java/jre:17}) or {@code docker-archive:PATH}, a tarball as
     * {@code docker save} or {@code skopeo copy ... docker-archive:PATH} writes it. It must have
     * {@code java} (17 or later) on its {@code PATH}.
     */
    public String imageBase() {
        String v = value("image.base").trim();
        if (v.isEmpty()) {
            throw new ProfileException(where("image.base") + ": must name a base image with Java 17 or later, e.g. "
                    + DEFAULT_IMAGE_BASE);
        }
        return v;
    }

    /**
     * The registry and path an app's image is named under, e.g. {@code registry.example.com/data-science}:
     * {@code ferry package} names it {@code <image.registry>/<app>:<tag>}. Empty (the default): just
     * {@code <app>:<tag>}.
     */
    public String imageRegistry() {
        String v = value("image.registry").trim();
        return v.endsWith("/") ? v.substring(0, v.length() - 1) : v;
    }

    /**
     * The user the app runs as in its container, numeric ({@code UID} or {@code UID:GID}) so that a
     * runtime can check it is not root without reading the image's {@code /etc/passwd}. Default
     * {@code 10001:10001}; 0 (root) is refused.
     */
    public String imageUser() {
        String v = value("image.user").trim();
        java.util.regex.Matcher m = IMAGE_USER.matcher(v);
        if (!m.matches() || Long.parseLong(m.group(1)) == 0 || Long.parseLong(m.group(1)) > Integer.MAX_VALUE) {
            throw new ProfileException(where("image.user") + ": expected a numeric non-root user, UID or UID:GID such "
                    + "as 10001:10001, got '" + v + "'");
        }
        return v;
    }

    /**
     * The JVM options of the image's entrypoint, separated by spaces. The default,
     * {@code -XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError}, sizes the heap from the container's
     * memory limit (Java 17 reads the cgroup limit), leaving a quarter for metaspace, threads and the
     * Kafka clients' buffers, and ends the process on an OutOfMemoryError so that the orchestrator
     * restarts it from the last committed offset instead of leaving a half-broken consumer running.
     */
    public List<String> imageJvmOptions() {
        String v = value("image.jvm-options").trim();
        return v.isEmpty() ? List.of() : List.of(v.split("\\s+"));
    }

    /**
     * The monitoring port of the app in its image: the image sets {@code FERRY_MONITORING_PORT} to it
     * and exposes it. Default 8080.
     */
    public int imageMonitoringPort() {
        int n = positiveInt("image.monitoring-port");
        if (n > 65535) {
            throw new ProfileException(where("image.monitoring-port") + ": expected a port up to 65535, got " + n);
        }
        return n;
    }

    // --- end of container images ---

    /** A plug-in's own settings, {@code plugins.<name>.*}, without the prefix. */
    public Map<String, String> pluginSettings(String plugin) {
        String prefix = PLUGINS + plugin + ".";
        Map<String, String> out = new TreeMap<>();
        settings.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                out.put(k.substring(prefix.length()), v.value());
            }
        });
        return out;
    }

    /** Where each of a plug-in's settings came from, by key without the prefix, for its messages. */
    public Map<String, String> pluginSources(String plugin) {
        String prefix = PLUGINS + plugin + ".";
        Map<String, String> out = new TreeMap<>();
        settings.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                out.put(k.substring(prefix.length()), v.source() + ": " + k);
            }
        });
        return out;
    }

    private String name(String key) {
        String v = value(key).trim();
        if (!NAME.matcher(v).matches()) {
            throw new ProfileException(where(key) + ": '" + value(key) + "' is not a valid name: use lower-case "
                    + "letters, digits, '.', '_' and '-'");
        }
        return v;
    }

    /** Where a non-Kafka setting comes from and its key, e.g. {@code environment variable FERRY_GUARANTEE: guarantee}. */
    public String source(String key) {
        return where(key);
    }

    /**
     * This profile as it applies to one app: the guarantee raised to what the app asks for in
     * {@code @Ferry(delivery = ...)} if that is stricter, and the concurrency the app asks for, if it
     * does. The engine runs every app with its resolved profile.
     */
    public PlatformProfile forApp(AppDescriptor spec) {
        Builder b = toBuilder();
        Guarantee asked = switch (spec.delivery()) {
            case PLATFORM -> null;
            case AT_LEAST_ONCE -> Guarantee.AT_LEAST_ONCE;
            case EXACTLY_ONCE -> Guarantee.EXACTLY_ONCE;
        };
        if (asked != null && asked.strictness() > guarantee().strictness()) {
            b.settings.put("guarantee", new Setting(asked.key(), "@Ferry(delivery) of app '" + spec.name() + "'"));
        }
        if (spec.concurrency() > 0) {
            b.settings.put("concurrency", new Setting(Integer.toString(spec.concurrency()),
                    "@Ferry(concurrency) of app '" + spec.name() + "'"));
        }
        return b.build();
    }

    /**
     * Every setting with its value, for {@code ferry config}-style output: a value that is a secret
     * (a key naming a password, a JAAS configuration or a private key) is shown as {@code ****}; a
     * reference to one ({@code security.sasl.password-file}) is shown.
     */
    public Map<String, String> describe() {
        Map<String, String> out = new TreeMap<>(DEFAULTS);
        settings.forEach((k, v) -> out.put(k, secret(k) ? "****" : v.value()));
        return out;
    }

    private static boolean secret(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        boolean reference = (k.startsWith("security.") && (k.endsWith("-file") || k.endsWith("-env")))
                || k.startsWith("kubernetes."); // Secret names and references, not secrets
        return !reference && (k.contains("password") || k.contains("jaas") || k.endsWith("ssl.keystore.key")
                || k.contains("secret"));
    }

    private String value(String key) {
        Setting s = settings.get(key);
        return s != null ? s.value() : DEFAULTS.get(key);
    }

    private String where(String key) {
        Setting s = settings.get(key);
        return (s != null ? s.source() : "defaults") + ": " + key;
    }

    private boolean bool(String key) {
        String v = value(key).trim().toLowerCase(Locale.ROOT);
        if (!v.equals("true") && !v.equals("false")) {
            throw new ProfileException(where(key) + ": expected true or false, got '" + value(key) + "'");
        }
        return v.equals("true");
    }

    private int positiveInt(String key) {
        try {
            int n = Integer.parseInt(value(key).trim());
            if (n < 1) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new ProfileException(where(key) + ": expected a whole number of at least 1, got '" + value(key) + "'");
        }
    }

    private Duration duration(String key) {
        try {
            return Durations.parse(value(key));
        } catch (IllegalArgumentException e) {
            throw new ProfileException(where(key) + ": " + e.getMessage());
        }
    }

    private void validate() {
        List<String> unchecked = uncheckedKafkaPrefixes();
        for (Map.Entry<String, Setting> e : settings.entrySet()) {
            String key = e.getKey();
            boolean kafka = key.startsWith(KAFKA)
                    && KAFKA_SECTIONS.stream().anyMatch(s -> key.startsWith(KAFKA + s + ".") && key.length() > KAFKA.length() + s.length() + 1);
            boolean plugin = key.startsWith(PLUGINS) && key.indexOf('.', PLUGINS.length()) > PLUGINS.length()
                    && !key.endsWith(".");
            if (!kafka && !plugin && !DEFAULTS.containsKey(key)) {
                throw new ProfileException(e.getValue().source() + ": unknown setting '" + key + "'; known settings are "
                        + String.join(", ", DEFAULTS.keySet()) + ", kafka.{common,consumer,producer,admin}.<client property>"
                        + " and plugins.<plug-in name>.<setting>");
            }
            if (kafka) {
                checkKafkaProperty(key, e.getValue(), unchecked);
            }
        }
        guarantee();
        devMode();
        devPartitions();
        startupTimeout();
        shutdownTimeout();
        retryInitialBackoff();
        retryMaxBackoff();
        retryMaxAttempts();
        poisonPolicy();
        monitoringPort();
        lagWindow();
        concurrency();
        instanceId();
        statusTopic();
        statusHeartbeat();
        auditTopic();
        announceTopic();
        lineage();
        if (value("dead-letter-topic").isBlank()) {
            throw new ProfileException(where("dead-letter-topic") + ": must name a topic, e.g. {app}.dead-letter");
        }
        writeBack();
        format();
        listeners();
        validateSecurityOverlap();
        validateKubernetes();
        validateAlerts();
        imageBase();
        imageUser();
        imageMonitoringPort();
    }

    /**
     * A Kafka property the security section sets may not be set by a {@code kafka.*} key too (except
     * {@code security.protocol} with the same value): two places for one setting is a mistake waiting
     * to happen. The message names both keys and their sources, never a value that may be a secret.
     */
    private void validateSecurityOverlap() {
        for (String property : security.propertyNames()) {
            for (String section : KAFKA_SECTIONS) {
                String key = KAFKA + section + "." + property;
                Setting s = settings.get(key);
                if (s == null) {
                    continue;
                }
                String protocol = security.protocol().orElse("");
                if (property.equals("security.protocol") && s.value().trim().equalsIgnoreCase(protocol)) {
                    continue;
                }
                String shown = property.equals("security.protocol") ? " is '" + s.value().trim() + "'" : " is set";
                throw new ProfileException(s.source() + ": " + key + shown + ", but the security section sets "
                        + property + " too (security.protocol " + value("security.protocol").trim() + ", from "
                        + sourceOf("security.protocol") + "): remove " + key + " and configure security with the "
                        + "security.* keys only");
            }
        }
    }

    // --- alerts: the settings of the app's alert rules (ferry runbook, ferry package) ---

    /**
     * The runbook link of an app's alerts, from the template {@code alerts.runbook-url} with
     * {@code {app}} replaced by the app's name, e.g. {@code https://runbooks.example/{app}}; empty (the
     * default) when the platform publishes no runbooks, and the alerts then name the runbook file.
     */
    public Optional<String> alertRunbookUrl(String app) {
        String v = value("alerts.runbook-url").trim();
        return v.isEmpty() ? Optional.empty() : Optional.of(v.replace("{app}", app));
    }

    /** How long an app must stay halted before its halted alert fires. Default 1m. */
    public Duration alertHaltedFor() {
        return duration("alerts.halted-for");
    }

    /** The age, in seconds, of an app's oldest waiting event above which it is lagging. Default 300. */
    public int alertLagSeconds() {
        return positiveInt("alerts.lag-seconds");
    }

    /** How long the lag must stay above {@link #alertLagSeconds()} before the alert fires. Default 5m. */
    public Duration alertLagFor() {
        return duration("alerts.lag-for");
    }

    /**
     * How long an app that has events waiting must complete none of them to be stalled: the range its
     * rule looks back over. At least 1s; default 5m.
     */
    public Duration alertStalledWindow() {
        Duration d = duration("alerts.stalled-window");
        if (d.toSeconds() < 1) {
            throw new ProfileException(where("alerts.stalled-window") + ": expected at least 1s, got '"
                    + value("alerts.stalled-window") + "'");
        }
        return d;
    }

    /** How long an app must stay stalled before the alert fires. Default 1m. */
    public Duration alertStalledFor() {
        return duration("alerts.stalled-for");
    }

    /** How long an app must stay not ready (or unscraped) before the alert fires. Default 5m. */
    public Duration alertNotReadyFor() {
        return duration("alerts.not-ready-for");
    }

    /**
     * How far back the dead-lettered alert looks: it fires as soon as an event is dead-lettered, and
     * resolves when none was for this long. At least 1s; default 15m.
     */
    public Duration alertDeadLetteredWindow() {
        Duration d = duration("alerts.dead-lettered-window");
        if (d.toSeconds() < 1) {
            throw new ProfileException(where("alerts.dead-lettered-window") + ": expected at least 1s, got '"
                    + value("alerts.dead-lettered-window") + "'");
        }
        return d;
    }

    private void validateAlerts() {
        alertRunbookUrl("app");
        alertHaltedFor();
        alertLagSeconds();
        alertLagFor();
        alertStalledWindow();
        alertStalledFor();
        alertNotReadyFor();
        alertDeadLetteredWindow();
    }

    // --- end of alerts ---

    /**
     * A {@code kafka.<section>.<property>} must name a property that Kafka's client of that section
     * knows ({@code common}: any of them), so that a typo such as {@code bootstrap.server} is an error
     * and not a setting every client ignores.
     */
    private static void checkKafkaProperty(String key, Setting setting, List<String> unchecked) {
        String rest = key.substring(KAFKA.length());
        String section = rest.substring(0, rest.indexOf('.'));
        String property = rest.substring(section.length() + 1);
        if (!KafkaPropertyNames.allowed(section, property, unchecked)) {
            throw new ProfileException(setting.source() + ": " + key + ": "
                    + KafkaPropertyNames.mistake(section, property, setting.source().startsWith("environment variable"))
                    + " A plug-in's own property (an interceptor's or a metrics reporter's) is let through when its "
                    + "prefix is in unchecked-kafka-prefixes");
        }
    }

    /**
     * Prefixes of Kafka client properties that Ferry passes on without checking them against Kafka's
     * config definitions, for the settings of the clients' plug-ins (an interceptor, a metrics
     * reporter, a partitioner), e.g. {@code confluent.monitoring.interceptor.}; none by default.
     */
    public List<String> uncheckedKafkaPrefixes() {
        String v = value("unchecked-kafka-prefixes").trim();
        if (v.isEmpty()) {
            return List.of();
        }
        List<String> out = new java.util.ArrayList<>();
        for (String part : v.split(",")) {
            String prefix = part.trim();
            if (prefix.isEmpty() || !prefix.endsWith(".")) {
                throw new ProfileException(where("unchecked-kafka-prefixes") + ": '" + prefix + "' is not a property "
                        + "prefix: give prefixes ending in '.', such as confluent.monitoring.interceptor., separated by "
                        + "commas");
            }
            String known = KafkaPropertyNames.knownUnder(prefix);
            if (known != null) {
                throw new ProfileException(where("unchecked-kafka-prefixes") + ": '" + prefix + "' would let misspelt "
                        + "Kafka properties through unchecked (Kafka's own " + known + " starts with it): name the "
                        + "plug-in's own prefix");
            }
            out.add(prefix);
        }
        return List.copyOf(out);
    }

    // ---- ferry deploy: the kubernetes.* keys (read by ferry-kubernetes when an app is deployed) ----

    private static final Pattern QUANTITY = Pattern.compile("[0-9]+(\\.[0-9]+)?(m|k|Ki|M|Mi|G|Gi|T|Ti|P|Pi|E|Ei)?");
    private static final Pattern K8S_NAME = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Pattern SECRET_KEY = Pattern.compile("[-._a-zA-Z0-9]{1,253}");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private static void kubernetesDefaults(Map<String, String> d) {
        d.put("kubernetes.namespace", "");
        d.put("kubernetes.replicas", "1");
        d.put("kubernetes.cpu-request", "250m");
        d.put("kubernetes.cpu-limit", "");
        d.put("kubernetes.memory-request", "512Mi");
        d.put("kubernetes.memory-limit", "512Mi");
        d.put("kubernetes.metrics", "annotations");
        d.put("kubernetes.autoscaling", "keda");
        d.put("kubernetes.keda.lag-threshold", "100");
        d.put("kubernetes.keda.min-replicas", "1");
        d.put("kubernetes.keda.authentication", "");
        d.put("kubernetes.credentials", "");
        d.put("kubernetes.secret-mounts", "");
    }

    private void validateKubernetes() {
        kubernetesNamespace();
        kubernetesReplicas();
        for (String key : List.of("cpu-request", "cpu-limit", "memory-request", "memory-limit")) {
            kubernetesResource(key);
        }
        kubernetesMetrics();
        kubernetesAutoscaling();
        kedaLagThreshold();
        kedaMinReplicas();
        kedaAuthentication();
        kubernetesCredentials();
        kubernetesSecretMounts();
    }

    /** The namespace ferry deploy uses, or empty (the default) for the kube context's own. */
    public Optional<String> kubernetesNamespace() {
        String v = value("kubernetes.namespace").trim();
        if (v.isEmpty()) {
            return Optional.empty();
        }
        if (!K8S_NAME.matcher(v).matches()) {
            throw new ProfileException(where("kubernetes.namespace") + ": '" + v + "' is not a Kubernetes namespace "
                    + "name: use at most 63 lower-case letters, digits and '-', starting and ending with a letter or digit");
        }
        return Optional.of(v);
    }

    /**
     * How many pods ferry deploy starts an app with (each runs the app's {@code consumers}), capped so
     * that every consumer can own a partition; {@code ferry scale} or KEDA change it later. Default 1.
     */
    public int kubernetesReplicas() {
        return positiveInt("kubernetes.replicas");
    }

    /**
     * A pod's CPU or memory request or limit ({@code cpu-request}, {@code cpu-limit},
     * {@code memory-request}, {@code memory-limit}) as a Kubernetes quantity, or empty for none.
     * Defaults: 250m CPU requested and no CPU limit (a limit throttles a busy consumer), 512Mi memory
     * requested and its limit.
     */
    public Optional<String> kubernetesResource(String key) {
        String k = "kubernetes." + key;
        if (!DEFAULTS.containsKey(k) || !key.matches("(cpu|memory)-(request|limit)")) {
            throw new IllegalArgumentException("not a resource key: " + key);
        }
        String v = value(k).trim();
        if (v.isEmpty()) {
            return Optional.empty();
        }
        if (!QUANTITY.matcher(v).matches()) {
            throw new ProfileException(where(k) + ": '" + v + "' is not a Kubernetes quantity, such as 500m or 1 for CPU, "
                    + "512Mi or 2Gi for memory");
        }
        return Optional.of(v);
    }

    /**
     * How Prometheus finds an app's metrics: {@code annotations} (the default: prometheus.io/scrape on
     * the pods) or {@code service-monitor} (a Prometheus Operator ServiceMonitor).
     */
    public String kubernetesMetrics() {
        return oneOf("kubernetes.metrics", "annotations", "service-monitor");
    }

    /** {@code keda} (the default: a KEDA ScaledObject scales on consumer lag) or {@code none}. */
    public String kubernetesAutoscaling() {
        return oneOf("kubernetes.autoscaling", "keda", "none");
    }

    /** The consumer lag per replica above which KEDA adds a replica. Default 100. */
    public int kedaLagThreshold() {
        return positiveInt("kubernetes.keda.lag-threshold");
    }

    /** The fewest replicas KEDA scales an app to: 0 lets an idle app stop. Default 1. */
    public int kedaMinReplicas() {
        try {
            int n = Integer.parseInt(value("kubernetes.keda.min-replicas").trim());
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new ProfileException(where("kubernetes.keda.min-replicas") + ": expected a whole number of at least 0, "
                    + "got '" + value("kubernetes.keda.min-replicas") + "'");
        }
    }

    /**
     * The KEDA {@code TriggerAuthentication} (in the app's namespace) that gives KEDA's lag reader
     * the cluster's credentials, needed when the cluster is not PLAINTEXT; empty by default.
     */
    public Optional<String> kedaAuthentication() {
        String v = value("kubernetes.keda.authentication").trim();
        if (v.isEmpty()) {
            return Optional.empty();
        }
        if (!K8S_NAME.matcher(v).matches()) {
            throw new ProfileException(where("kubernetes.keda.authentication") + ": '" + v + "' is not a Kubernetes "
                    + "object name: use at most 63 lower-case letters, digits and '-'");
        }
        return Optional.of(v);
    }

    /**
     * Credentials the pods get from Kubernetes Secrets, never from the profile: environment variable
     * to {@code secret/key}, written {@code FERRY_KAFKA_SASL_JAAS_CONFIG=kafka-credentials/jaas, ...}.
     * None by default.
     */
    public Map<String, String> kubernetesCredentials() {
        String v = value("kubernetes.credentials").trim();
        Map<String, String> out = new LinkedHashMap<>();
        if (v.isEmpty()) {
            return out;
        }
        for (String part : v.split(",")) {
            String ref = part.trim();
            int eq = ref.indexOf('=');
            int slash = ref.indexOf('/', Math.max(eq, 0));
            String env = eq > 0 ? ref.substring(0, eq).trim() : "";
            String secret = eq > 0 && slash > eq ? ref.substring(eq + 1, slash).trim() : "";
            String key = slash > eq ? ref.substring(slash + 1).trim() : "";
            if (!ENV_NAME.matcher(env).matches() || !K8S_NAME.matcher(secret).matches()
                    || !SECRET_KEY.matcher(key).matches()) {
                throw new ProfileException(where("kubernetes.credentials") + ": '" + ref + "' is not a secret reference: "
                        + "write ENV_VARIABLE=secret-name/key, such as FERRY_KAFKA_SASL_JAAS_CONFIG=kafka-credentials/jaas, "
                        + "separated by commas");
            }
            if (out.put(env, secret + "/" + key) != null) {
                throw new ProfileException(where("kubernetes.credentials") + ": " + env + " is named twice");
            }
        }
        return out;
    }

    /**
     * Kubernetes Secrets mounted as directories in the pods, for the files the {@code security.*} keys
     * name (a password file, a client key, a CA): secret name to absolute directory, written
     * {@code kafka-credentials=/etc/ferry/kafka, ...}. None by default.
     */
    public Map<String, String> kubernetesSecretMounts() {
        String v = value("kubernetes.secret-mounts").trim();
        Map<String, String> out = new LinkedHashMap<>();
        if (v.isEmpty()) {
            return out;
        }
        for (String part : v.split(",")) {
            String ref = part.trim();
            int eq = ref.indexOf('=');
            String secret = eq > 0 ? ref.substring(0, eq).trim() : "";
            String dir = eq > 0 ? ref.substring(eq + 1).trim() : "";
            while (dir.length() > 1 && dir.endsWith("/")) {
                dir = dir.substring(0, dir.length() - 1);
            }
            if (!K8S_NAME.matcher(secret).matches() || !dir.startsWith("/") || dir.length() < 2 || dir.contains(",")) {
                throw new ProfileException(where("kubernetes.secret-mounts") + ": '" + ref + "' is not a secret mount: "
                        + "write secret-name=/absolute/directory, such as kafka-credentials=/etc/ferry/kafka, separated "
                        + "by commas");
            }
            if (out.put(secret, dir) != null) {
                throw new ProfileException(where("kubernetes.secret-mounts") + ": " + secret + " is named twice");
            }
        }
        return out;
    }

    /**
     * Every setting that is set (not a default) with its value, credentials included: for a tool that
     * hands the profile on, such as ferry deploy's ConfigMap (which refuses credentials).
     */
    public Map<String, String> settings() {
        Map<String, String> out = new TreeMap<>();
        settings.forEach((k, v) -> out.put(k, v.value()));
        return out;
    }

    private String oneOf(String key, String... allowed) {
        String v = value(key).trim();
        if (!List.of(allowed).contains(v)) {
            throw new ProfileException(where(key) + ": expected " + String.join(" or ", allowed) + ", got '" + value(key)
                    + "'");
        }
        return v;
    }

    // ---- end of the kubernetes.* keys ----

    /** The environment variable that sets a profile key, such as {@code FERRY_RETRY_MAX_ATTEMPTS}. */
    public static String environmentVariable(String key) {
        String k = key.startsWith(KAFKA + "common.") ? KAFKA + key.substring((KAFKA + "common.").length()) : key;
        return "FERRY_" + k.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    @Override
    public String toString() {
        return "PlatformProfile" + describe();
    }

    /** Collects settings from files, environment variables and code; later ones win. */
    public static final class Builder {

        private final Map<String, Setting> settings = new LinkedHashMap<>();
        private Map<String, String> env = System.getenv();

        private Builder() {
        }

        /** Sets one key, as in the YAML file with dotted names (e.g. {@code retry.max-attempts}). */
        public Builder set(String key, String value) {
            return set(key, value, "code");
        }

        /**
         * Sets one key, saying where it came from for messages and the log, e.g. {@code the dev broker
         * ferry run started}.
         */
        public Builder set(String key, String value, String source) {
            settings.put(key, new Setting(value, source));
            return this;
        }

        /** Sets Kafka's {@code bootstrap.servers} for every client. */
        public Builder bootstrapServers(String servers) {
            return set(KAFKA + "common.bootstrap.servers", servers);
        }

        /** Sets a Kafka client property for one kind of client: common, consumer, producer or admin. */
        public Builder kafka(String kind, String property, String value) {
            return set(KAFKA + kind + "." + property, value);
        }

        /** Reads a YAML file; nested keys are joined with dots. */
        public Builder file(Path file) {
            JsonNode root;
            try {
                root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
            } catch (IOException e) {
                throw new ProfileException("platform profile " + file + " is not valid YAML: " + e.getMessage(), e);
            }
            if (root == null || root.isMissingNode() || root.isNull()) {
                return this;
            }
            if (!root.isObject()) {
                throw new ProfileException("platform profile " + file + " must be a YAML mapping of settings");
            }
            flatten("", root, "platform profile " + file);
            return this;
        }

        private void flatten(String prefix, JsonNode node, String source) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String key = prefix + e.getKey();
                if (e.getValue().isObject()) {
                    flatten(key + ".", e.getValue(), source);
                } else if (e.getValue().isContainerNode()) {
                    throw new ProfileException(source + ": " + key + " must be a single value, not a list");
                } else if (!e.getValue().isNull()) {
                    settings.put(key, new Setting(e.getValue().asText(), source));
                }
            }
        }

        /**
         * Reads {@code FERRY_*} variables; an unknown {@code FERRY_} variable is an error. The variables
         * the {@code security.*-env} keys name (a SASL password) are read from this map too, when a
         * client is made; without a call to this method, from the process's environment.
         */
        public Builder environment(Map<String, String> env) {
            this.env = Map.copyOf(env);
            Map<String, String> byVariable = new LinkedHashMap<>();
            DEFAULTS.keySet().forEach(k -> byVariable.put(environmentVariable(k), k));
            for (Map.Entry<String, String> e : new TreeMap<>(env).entrySet()) {
                String name = e.getKey();
                if (!name.startsWith("FERRY_") || IGNORED_ENV.contains(name)) {
                    continue;
                }
                String source = "environment variable " + name;
                if (byVariable.containsKey(name)) {
                    settings.put(byVariable.get(name), new Setting(e.getValue(), source));
                } else if (name.startsWith("FERRY_PLUGINS_") && name.indexOf('_', "FERRY_PLUGINS_".length()) > 0) {
                    settings.put(pluginKey(name.substring("FERRY_PLUGINS_".length())), new Setting(e.getValue(), source));
                } else if (name.startsWith("FERRY_KAFKA_")) {
                    settings.put(kafkaKey(name.substring("FERRY_KAFKA_".length())), new Setting(e.getValue(), source));
                } else {
                    throw new ProfileException("unknown " + source + "; known variables are "
                            + String.join(", ", byVariable.keySet()) + ", FERRY_KAFKA_[CONSUMER_|PRODUCER_|ADMIN_]<PROPERTY> and "
                            + "FERRY_PLUGINS_<PLUG-IN>_<SETTING>");
                }
            }
            return this;
        }

        /**
         * {@code AVRO_SCHEMAS} is {@code plugins.avro.schemas}; a double underscore ends a plug-in name
         * that has hyphens ({@code PG_STORE__TABLE} is {@code plugins.pg-store.table}). In a setting,
         * {@code _} is {@code -} ({@code TEXT__MAX_LENGTH} is {@code plugins.text.max-length}).
         */
        private static String pluginKey(String rest) {
            String lower = rest.toLowerCase(Locale.ROOT);
            int cut = lower.indexOf("__");
            if (cut > 0) {
                return PLUGINS + lower.substring(0, cut).replace('_', '-') + "." + lower.substring(cut + 2).replace('_', '-');
            }
            cut = lower.indexOf('_');
            return PLUGINS + lower.substring(0, cut) + "." + lower.substring(cut + 1).replace('_', '-');
        }

        private static String kafkaKey(String rest) {
            String lower = rest.toLowerCase(Locale.ROOT);
            for (String kind : KAFKA_SECTIONS) {
                if (lower.startsWith(kind + "_")) {
                    return KAFKA + kind + "." + lower.substring(kind.length() + 1).replace('_', '.');
                }
            }
            return KAFKA + "common." + lower.replace('_', '.');
        }

        /** The profile; throws {@link ProfileException} naming the first invalid setting. */
        public PlatformProfile build() {
            return new PlatformProfile(settings, env);
        }
    }
}
