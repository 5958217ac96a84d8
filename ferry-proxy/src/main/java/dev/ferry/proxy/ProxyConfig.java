package dev.ferry.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.ferry.engine.Durations;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.security.auth.x500.X500Principal;

/**
 * The proxy's config file ({@code ferry proxy --config FILE}): where it listens, each app's token
 * hash, the envelope rules file, the bounds, and topics whose owner (and schema) the platform pins
 * instead of leaving them to the catalog. Read once at start; an unknown key or a bad value is an
 * error naming the file and the key. The Kafka cluster and the announce topic come from the
 * platform profile, as for every other command.
 *
 * @param file            the file it was read from, for messages
 * @param host            the address to bind, default {@code 127.0.0.1}
 * @param port            the port, 0 for any free one
 * @param apps            how each app authenticates: its token hash ({@code sha256:...}), its client certificate's subject, or both
 * @param rulesFile       the envelope rules file, if any (re-read when it changes)
 * @param rulesPoll       how often the rules file's modification time is looked at
 * @param maxInFlight     batches of one write stream (a consumer of an app) taken and not yet answered
 * @param catalogWait     how long a write for an app or topic the catalog does not know yet waits for it
 * @param deadLetterTopic the dead-letter topic pattern apps may write to ({@code {app}} is the app)
 * @param pinned          topics whose owner (and optionally schema) the platform fixes
 * @param tls             the proxy's TLS (its certificate, and the CA of client certificates), if it is not plaintext
 * @param metricsListen   {@code HOST:PORT} of the Prometheus endpoint ({@code /metrics}), if any
 */
public record ProxyConfig(Path file, String host, int port, Map<String, AppCredential> apps, Optional<Path> rulesFile,
                          Duration rulesPoll, int maxInFlight, Duration catalogWait, String deadLetterTopic,
                          Map<String, Pinned> pinned, Optional<Tls> tls, Optional<String> metricsListen) {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Set<String> KEYS = Set.of("listen", "apps", "rules-file", "rules-poll", "max-in-flight",
            "catalog-wait", "dead-letter-topic", "topics", "tls", "metrics-listen");
    private static final Set<String> TOPIC_KEYS = Set.of("owner", "schema-file");
    private static final Set<String> APP_KEYS = Set.of("token", "certificate-subject");
    private static final Set<String> TLS_KEYS = Set.of("certificate", "key", "client-ca", "client-auth");

    /** Whether the proxy asks apps for a client certificate (mutual TLS), as {@code tls.client-auth} says. */
    public enum ClientAuth {
        /** No client certificate asked for: apps authenticate by token. */
        NONE,
        /** A client certificate is asked for, not required: an app authenticates by it or by its token. */
        OPTIONAL,
        /** A connection without a client certificate of {@code client-ca} is refused in the handshake. */
        REQUIRE
    }

    /**
     * The proxy's TLS: PEM files, read when the server starts.
     *
     * @param certificate the proxy's certificate chain
     * @param key         its private key (unencrypted PKCS#8)
     * @param clientCa    the CA that issues the apps' client certificates, for mutual TLS
     * @param clientAuth  whether a client certificate is asked for, or required
     */
    public record Tls(Path certificate, Path key, Optional<Path> clientCa, ClientAuth clientAuth) {
    }

    /**
     * How one app proves who it is: a token whose hash is {@code tokenHash}, or a client certificate
     * of the proxy's {@code tls.client-ca} whose subject is {@code subject}; at least one.
     *
     * @param tokenHash the token's {@code sha256:...}, if it may authenticate by token
     * @param subject   its client certificate's subject distinguished name, if it may authenticate by certificate
     */
    public record AppCredential(Optional<String> tokenHash, Optional<X500Principal> subject) {

        /** An app that authenticates by the token whose hash this is. */
        public static AppCredential token(String hash) {
            return new AppCredential(Optional.of(hash), Optional.empty());
        }
    }

    /**
     * A topic the platform pins.
     *
     * @param owner  the only app that may write it
     * @param schema a JSON Schema document its events must also match (with the owner's declared one), if given
     * @param source where the schema was read from, for messages
     */
    public record Pinned(String owner, Optional<String> schema, String source) {
    }

    /** Copies the maps. */
    public ProxyConfig {
        apps = Map.copyOf(apps);
        pinned = Map.copyOf(pinned);
    }

    /** Whether the proxy serves TLS. */
    public boolean tlsEnabled() {
        return tls.isPresent();
    }

    /**
     * Reads a config file.
     *
     * @throws ProxyException naming the file, the key and what is wrong
     */
    public static ProxyConfig load(Path file) {
        JsonNode root;
        try {
            root = YAML.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new ProxyException("proxy config " + file + ": cannot be read: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new ProxyException("proxy config " + file + ": expected a YAML mapping with at least 'apps'");
        }
        String at = "proxy config " + file + ": ";
        unknownKeys(root, KEYS, at);
        String[] listen = listen(root.path("listen").asText("127.0.0.1:7070"), at);
        Path dir = file.toAbsolutePath().getParent();
        Optional<Path> rules = root.hasNonNull("rules-file")
                ? Optional.of(dir.resolve(root.get("rules-file").asText())) : Optional.empty();
        Optional<Tls> tls = tls(root.path("tls"), dir, at);
        Map<String, AppCredential> apps = apps(root.path("apps"), at);
        boolean certificates = tls.map(t -> t.clientAuth() != ClientAuth.NONE).orElse(false);
        apps.forEach((app, c) -> {
            if (c.subject().isPresent() && !certificates) {
                throw new ProxyException(at + "apps." + app + ".certificate-subject: the proxy asks for no client "
                        + "certificates; set tls.client-ca (and tls.client-auth optional or require) for apps to "
                        + "authenticate by certificate");
            }
        });
        Optional<String> metrics = Optional.empty();
        if (root.hasNonNull("metrics-listen")) {
            String[] m = listen(root.get("metrics-listen").asText(), at + "metrics-");
            metrics = Optional.of(m[0] + ":" + m[1]);
        }
        return new ProxyConfig(file, listen[0], Integer.parseInt(listen[1]), apps, rules,
                duration(root, "rules-poll", "1s", at), positive(root, "max-in-flight", 16, at),
                duration(root, "catalog-wait", "5s", at),
                root.path("dead-letter-topic").asText("{app}.dead-letter"), pinned(root.path("topics"), dir, at),
                tls, metrics);
    }

    /** The dead-letter topic of {@code app}. */
    public String deadLetterTopic(String app) {
        return deadLetterTopic.replace("{app}", app);
    }

    /** The same config listening on {@code port} instead (0 for any free one), for tests and tools. */
    public ProxyConfig withPort(int port) {
        return new ProxyConfig(file, host, port, apps, rulesFile, rulesPoll, maxInFlight, catalogWait,
                deadLetterTopic, pinned, tls, metricsListen);
    }

    private static void unknownKeys(JsonNode node, Set<String> known, String at) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!known.contains(k)) {
                throw new ProxyException(at + "unknown key '" + k + "'; the keys are " + String.join(", ",
                        new java.util.TreeSet<>(known)));
            }
        }
    }

    private static String[] listen(String text, String at) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || !text.substring(colon + 1).matches("\\d{1,5}")
                || Integer.parseInt(text.substring(colon + 1)) > 65535) {
            throw new ProxyException(at + "listen: expected HOST:PORT (port 0 for any free one), got '" + text + "'");
        }
        return new String[] {text.substring(0, colon), text.substring(colon + 1)};
    }

    private static Map<String, AppCredential> apps(JsonNode apps, String at) {
        if (!apps.isObject() || apps.isEmpty()) {
            throw new ProxyException(at + "apps: expected a mapping of app name to token hash (sha256:...), such "
                    + "as the line ferry proxy --new-token APP prints, or to {certificate-subject: DN}");
        }
        Map<String, AppCredential> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : apps.properties()) {
            String where = at + "apps." + e.getKey();
            JsonNode v = e.getValue();
            if (v.isObject()) {
                unknownKeys(v, APP_KEYS, where + ": ");
                if (!v.hasNonNull("token") && !v.hasNonNull("certificate-subject")) {
                    throw new ProxyException(where + ": expected token (sha256:...) or certificate-subject (such as "
                            + "\"CN=" + e.getKey() + ",O=Example\"), or both");
                }
                Optional<String> hash = v.hasNonNull("token")
                        ? Optional.of(tokenHash(v.get("token").asText(), where + ".token")) : Optional.empty();
                Optional<X500Principal> subject = v.hasNonNull("certificate-subject")
                        ? Optional.of(subject(v.get("certificate-subject").asText(), where + ".certificate-subject"))
                        : Optional.empty();
                out.put(e.getKey(), new AppCredential(hash, subject));
            } else {
                out.put(e.getKey(), AppCredential.token(tokenHash(v.asText(), where)));
            }
        }
        return out;
    }

    private static String tokenHash(String hash, String where) {
        try {
            TokenHash.check(hash);
        } catch (IllegalArgumentException ex) {
            throw new ProxyException(where + ": " + ex.getMessage());
        }
        return hash;
    }

    private static X500Principal subject(String dn, String where) {
        try {
            return new X500Principal(dn);
        } catch (IllegalArgumentException ex) {
            throw new ProxyException(where + ": not a distinguished name (such as \"CN=predict-foo,O=Example\"): '"
                    + dn + "': " + ex.getMessage());
        }
    }

    private static Optional<Tls> tls(JsonNode tls, Path dir, String at) {
        if (tls.isMissingNode() || tls.isNull()) {
            return Optional.empty();
        }
        String where = at + "tls: ";
        if (!tls.isObject()) {
            throw new ProxyException(where + "expected a mapping with certificate, key and optionally client-ca and "
                    + "client-auth");
        }
        unknownKeys(tls, TLS_KEYS, where);
        Path certificate = pemFile(tls, "certificate", dir, at);
        Path key = pemFile(tls, "key", dir, at);
        Optional<Path> ca = tls.hasNonNull("client-ca") ? Optional.of(pemFile(tls, "client-ca", dir, at)) : Optional.empty();
        String auth = tls.path("client-auth").asText(ca.isPresent() ? "optional" : "none");
        ClientAuth clientAuth;
        try {
            clientAuth = ClientAuth.valueOf(auth.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ProxyException(at + "tls.client-auth: expected none, optional or require, got '" + auth + "'");
        }
        if (clientAuth != ClientAuth.NONE && ca.isEmpty()) {
            throw new ProxyException(at + "tls.client-auth " + auth + " needs tls.client-ca: the CA (PEM) whose client "
                    + "certificates the proxy accepts");
        }
        return Optional.of(new Tls(certificate, key, ca, clientAuth));
    }

    private static Path pemFile(JsonNode tls, String key, Path dir, String at) {
        if (!tls.hasNonNull(key)) {
            throw new ProxyException(at + "tls." + key + ": missing; tls needs certificate and key (PEM files)");
        }
        Path p = dir.resolve(tls.get(key).asText());
        if (!Files.isReadable(p)) {
            throw new ProxyException(at + "tls." + key + ": cannot read " + p);
        }
        return p;
    }

    private static Map<String, Pinned> pinned(JsonNode topics, Path dir, String at) {
        Map<String, Pinned> out = new LinkedHashMap<>();
        if (topics.isMissingNode() || topics.isNull()) {
            return out;
        }
        if (!topics.isObject()) {
            throw new ProxyException(at + "topics: expected a mapping of topic to {owner, schema-file}");
        }
        for (Map.Entry<String, JsonNode> e : topics.properties()) {
            String where = at + "topics." + e.getKey() + ": ";
            JsonNode t = e.getValue();
            if (!t.isObject() || !t.hasNonNull("owner")) {
                throw new ProxyException(where + "expected a mapping with owner (the app that writes it) and "
                        + "optionally schema-file");
            }
            unknownKeys(t, TOPIC_KEYS, where);
            Optional<String> schema = Optional.empty();
            String source = "";
            if (t.hasNonNull("schema-file")) {
                Path p = dir.resolve(t.get("schema-file").asText());
                try {
                    schema = Optional.of(Files.readString(p));
                    source = "schema-file " + p;
                } catch (IOException ex) {
                    throw new ProxyException(where + "schema-file " + p + " cannot be read: " + ex.getMessage(), ex);
                }
            }
            out.put(e.getKey(), new Pinned(t.get("owner").asText(), schema, source));
        }
        return out;
    }

    private static Duration duration(JsonNode root, String key, String fallback, String at) {
        String text = root.path(key).asText(fallback);
        try {
            return Durations.parse(text);
        } catch (RuntimeException e) {
            throw new ProxyException(at + key + ": " + e.getMessage());
        }
    }

    private static int positive(JsonNode root, String key, int fallback, String at) {
        JsonNode n = root.get(key);
        if (n == null) {
            return fallback;
        }
        if (!n.canConvertToInt() || n.asInt() < 1) {
            throw new ProxyException(at + key + ": expected a whole number of at least 1, got '" + n.asText() + "'");
        }
        return n.asInt();
    }
}
