package dev.ferry.engine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * How every Kafka client Ferry makes reaches the cluster securely: the profile's {@code security.*}
 * keys (the protocol, SASL's mechanism and user, TLS's trust and client certificate), turned into
 * Kafka client properties. Obtained from {@link PlatformProfile#security()}; the profile's
 * {@link PlatformProfile#kafkaProperties(String)} already includes {@link #clientProperties()}, so a
 * tool that makes its clients from the profile is secured without a line of its own.
 *
 * <p>The keys are checked when the profile is built, without touching a file; the secrets (the SASL
 * password, a store's password, the client key) are read only when {@link #clientProperties()} is
 * called, that is when a client is about to be made, because the tools that ship a profile
 * ({@code ferry deploy}) run where the pod's secret files do not exist. A secret never appears in a
 * message of this class, only the key, the file or variable it comes from, and what is wrong.
 */
public final class KafkaSecurity {

    /** The profile keys of this section, with their defaults (empty: not set). */
    static final Map<String, String> DEFAULTS = defaults();

    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final List<String> PROTOCOLS = List.of("plaintext", "ssl", "sasl_ssl", "sasl_plaintext");
    private static final Map<String, String> LOGIN_MODULES = Map.of(
            "SCRAM-SHA-512", "org.apache.kafka.common.security.scram.ScramLoginModule",
            "SCRAM-SHA-256", "org.apache.kafka.common.security.scram.ScramLoginModule",
            "PLAIN", "org.apache.kafka.common.security.plain.PlainLoginModule");

    private final Function<String, String> value;
    private final Function<String, String> source;
    private final Map<String, String> environment;

    KafkaSecurity(Function<String, String> value, Function<String, String> source, Map<String, String> environment) {
        this.value = value;
        this.source = source;
        this.environment = environment;
        validate();
    }

    private static Map<String, String> defaults() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("security.protocol", "");
        d.put("security.sasl.mechanism", "SCRAM-SHA-512");
        d.put("security.sasl.username", "");
        d.put("security.sasl.password-file", "");
        d.put("security.sasl.password-env", "");
        d.put("security.tls.truststore", "");
        d.put("security.tls.truststore-password-file", "");
        d.put("security.tls.truststore-password-env", "");
        d.put("security.tls.keystore", "");
        d.put("security.tls.keystore-password-file", "");
        d.put("security.tls.keystore-password-env", "");
        d.put("security.tls.certificate", "");
        d.put("security.tls.key", "");
        d.put("security.tls.key-password-file", "");
        d.put("security.tls.key-password-env", "");
        d.put("security.tls.endpoint-identification", "https");
        return java.util.Collections.unmodifiableMap(d);
    }

    /**
     * The protocol the profile chooses, as Kafka names it ({@code SASL_SSL}, {@code SSL},
     * {@code SASL_PLAINTEXT}, {@code PLAINTEXT}), or empty when {@code security.protocol} is not set
     * (then this section adds nothing, and Kafka's {@code security.protocol}, PLAINTEXT unless a
     * {@code kafka.*} key sets it, applies).
     */
    public Optional<String> protocol() {
        String p = get("security.protocol");
        return p.isEmpty() ? Optional.empty() : Optional.of(p.toUpperCase(Locale.ROOT));
    }

    /** Whether the protocol is SASL_SSL or SASL_PLAINTEXT. */
    public boolean sasl() {
        return protocol().map(p -> p.startsWith("SASL_")).orElse(false);
    }

    /**
     * The user a SASL login of this section logs in as ({@code security.sasl.username}), when the
     * protocol is SASL_*: the name the broker gives the app's principal ({@code User:<username>}).
     * Reads no secret, so it works where the password file is not (an operator's machine).
     */
    public Optional<String> saslUsername() {
        String user = get("security.sasl.username").trim();
        return sasl() && !user.isEmpty() ? Optional.of(user) : Optional.empty();
    }

    /** Whether the protocol is SSL or SASL_SSL. */
    public boolean tls() {
        return protocol().map(p -> p.endsWith("SSL")).orElse(false);
    }

    /**
     * The files this section names (stores, certificates, keys, password files), by key: what a pod
     * must have mounted, for {@code ferry deploy}.
     */
    public Map<String, Path> files() {
        Map<String, Path> out = new LinkedHashMap<>();
        DEFAULTS.keySet().stream().filter(k -> k.endsWith("-file") || k.equals("security.tls.truststore")
                        || k.equals("security.tls.keystore") || k.equals("security.tls.certificate") || k.equals("security.tls.key"))
                .filter(k -> !get(k).isEmpty()).forEach(k -> out.put(k, Path.of(get(k))));
        return out;
    }

    /** The environment variables this section reads secrets from, by key. */
    public Map<String, String> variables() {
        Map<String, String> out = new LinkedHashMap<>();
        DEFAULTS.keySet().stream().filter(k -> k.endsWith("-env") && !get(k).isEmpty()).forEach(k -> out.put(k, get(k)));
        return out;
    }

    /**
     * The Kafka client properties of this section, the same for consumers, producers and admin
     * clients: {@code security.protocol}, {@code sasl.mechanism} and {@code sasl.jaas.config} (with the
     * password read now from its file or variable), and the {@code ssl.*} stores. Empty when
     * {@code security.protocol} is not set. The map holds secrets: hand it to a Kafka client (which
     * logs its password-type values as {@code [hidden]}), never to a log or a message.
     *
     * @throws ProfileException if a file cannot be read or is not what its key says, or a variable is
     *                          not set; the message names the key and where it came from, never a secret
     */
    public Map<String, String> clientProperties() {
        Map<String, String> props = new LinkedHashMap<>();
        Optional<String> protocol = protocol();
        if (protocol.isEmpty()) {
            return props;
        }
        props.put("security.protocol", protocol.get());
        if (sasl()) {
            String mechanism = mechanism();
            props.put("sasl.mechanism", mechanism);
            props.put("sasl.jaas.config", LOGIN_MODULES.get(mechanism) + " required username=\""
                    + jaasQuoted(get("security.sasl.username")) + "\" password=\""
                    + jaasQuoted(secret("security.sasl.password")) + "\";");
        }
        if (tls()) {
            props.put("ssl.endpoint.identification.algorithm",
                    get("security.tls.endpoint-identification").equalsIgnoreCase("none") ? "" : "https");
            truststore(props);
            keystore(props);
        }
        return props;
    }

    /**
     * The Kafka client properties {@link #clientProperties()} sets, without reading any secret: for
     * checking that no {@code kafka.*} key sets them too.
     */
    List<String> propertyNames() {
        if (protocol().isEmpty()) {
            return List.of();
        }
        List<String> names = new java.util.ArrayList<>(List.of("security.protocol"));
        if (sasl()) {
            names.addAll(List.of("sasl.mechanism", "sasl.jaas.config"));
        }
        if (tls()) {
            names.add("ssl.endpoint.identification.algorithm");
            if (!get("security.tls.truststore").isEmpty()) {
                names.addAll(List.of("ssl.truststore.location", "ssl.truststore.type", "ssl.truststore.password"));
            }
            if (!get("security.tls.keystore").isEmpty() || !get("security.tls.certificate").isEmpty()) {
                names.addAll(List.of("ssl.keystore.type", "ssl.keystore.location", "ssl.keystore.password",
                        "ssl.keystore.certificate.chain", "ssl.keystore.key", "ssl.key.password"));
            }
        }
        return names;
    }

    private void truststore(Map<String, String> props) {
        String file = get("security.tls.truststore");
        if (file.isEmpty()) {
            return; // the JVM's default trust store (the public CAs)
        }
        String type = storeType(file);
        if (type.equals("PEM")) {
            requirePem("security.tls.truststore", read("security.tls.truststore"), "CERTIFICATE");
        } else {
            readable("security.tls.truststore");
            secretIfSet("security.tls.truststore-password").ifPresent(p -> props.put("ssl.truststore.password", p));
        }
        props.put("ssl.truststore.location", file);
        props.put("ssl.truststore.type", type);
    }

    private void keystore(Map<String, String> props) {
        String store = get("security.tls.keystore");
        if (!store.isEmpty()) {
            readable("security.tls.keystore");
            String password = secret("security.tls.keystore-password");
            props.put("ssl.keystore.location", store);
            props.put("ssl.keystore.type", storeType(store));
            props.put("ssl.keystore.password", password);
            props.put("ssl.key.password", secretIfSet("security.tls.key-password").orElse(password));
            return;
        }
        if (get("security.tls.certificate").isEmpty()) {
            return;
        }
        // PEM given inline: Kafka reads a PEM key store from a file only with an encrypted key
        String chain = read("security.tls.certificate");
        requirePem("security.tls.certificate", chain, "CERTIFICATE");
        String key = read("security.tls.key");
        Optional<String> keyPassword = secretIfSet("security.tls.key-password");
        if (key.contains("-----BEGIN RSA PRIVATE KEY-----") || key.contains("-----BEGIN EC PRIVATE KEY-----")) {
            throw new ProfileException(where("security.tls.key") + ": '" + get("security.tls.key") + "' holds a "
                    + "PKCS#1/SEC1 key, and Kafka reads PKCS#8 keys only: convert it with "
                    + "`openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8`");
        }
        requirePem("security.tls.key", key, keyPassword.isPresent() ? "ENCRYPTED PRIVATE KEY" : "PRIVATE KEY");
        props.put("ssl.keystore.type", "PEM");
        props.put("ssl.keystore.certificate.chain", chain);
        props.put("ssl.keystore.key", key);
        keyPassword.ifPresent(p -> props.put("ssl.key.password", p));
    }

    private String storeType(String file) {
        String f = file.toLowerCase(Locale.ROOT);
        if (f.endsWith(".jks")) {
            return "JKS";
        }
        if (f.endsWith(".p12") || f.endsWith(".pfx")) {
            return "PKCS12";
        }
        return "PEM";
    }

    private String mechanism() {
        return get("security.sasl.mechanism").toUpperCase(Locale.ROOT);
    }

    /** The secret of {@code base}: from {@code base-file} or {@code base-env}, whichever is set. */
    private String secret(String base) {
        return secretIfSet(base).orElseThrow(() -> new ProfileException(where(base + "-file") + ": not set, nor "
                + base + "-env: name the file or the environment variable that holds it"));
    }

    private Optional<String> secretIfSet(String base) {
        if (!get(base + "-file").isEmpty()) {
            String text = read(base + "-file");
            String trimmed = text.replaceAll("[\\r\\n]+$", "");
            if (trimmed.isEmpty()) {
                throw new ProfileException(where(base + "-file") + ": the file '" + get(base + "-file") + "' is empty");
            }
            return Optional.of(trimmed);
        }
        String variable = get(base + "-env");
        if (variable.isEmpty()) {
            return Optional.empty();
        }
        String v = environment.get(variable);
        if (v == null || v.isEmpty()) {
            throw new ProfileException(where(base + "-env") + ": the environment variable " + variable
                    + " is not set (or empty)");
        }
        return Optional.of(v);
    }

    private String read(String key) {
        Path file = Path.of(get(key));
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new ProfileException(where(key) + ": cannot read '" + file + "' (" + reason(e) + ")", e);
        }
    }

    private void readable(String key) {
        Path file = Path.of(get(key));
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new ProfileException(where(key) + ": cannot read '" + file + "' (" + (Files.exists(file)
                    ? "not a readable file" : "no such file") + ")");
        }
    }

    private static String reason(Exception e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.charset.MalformedInputException) {
            return "not a text file";
        }
        return e.getClass().getSimpleName();
    }

    private void requirePem(String key, String text, String block) {
        if (!text.contains("-----BEGIN " + block + "-----") || !text.contains("-----END " + block + "-----")) {
            throw new ProfileException(where(key) + ": '" + get(key) + "' is not a PEM file with a " + block
                    + " block (-----BEGIN " + block + "-----)");
        }
    }

    /** JAAS values are double-quoted; Kafka's parser takes {@code \\} and {@code \"} as escapes. */
    private static String jaasQuoted(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private void validate() {
        String protocol = get("security.protocol").toLowerCase(Locale.ROOT);
        if (!protocol.isEmpty() && !PROTOCOLS.contains(protocol)) {
            throw new ProfileException(where("security.protocol") + ": expected plaintext, ssl, sasl_ssl or "
                    + "sasl_plaintext, got '" + get("security.protocol") + "'");
        }
        for (String key : DEFAULTS.keySet()) {
            if (!key.equals("security.protocol") && isSet(key) && protocol.isEmpty()) {
                throw new ProfileException(where(key) + " is set, but security.protocol is not: set it to sasl_ssl, "
                        + "ssl or sasl_plaintext, or remove the " + key.substring(0, key.lastIndexOf('.')) + " keys");
            }
            if (key.endsWith("-env") && !get(key).isEmpty()) {
                checkVariableName(key);
            }
            if (key.startsWith("security.sasl.") && isSet(key) && !protocol.isEmpty() && !sasl()) {
                throw new ProfileException(where(key) + " is set, but security.protocol is " + protocol
                        + ", which uses no SASL: use sasl_ssl, or remove the security.sasl keys");
            }
            if (key.startsWith("security.tls.") && isSet(key) && !protocol.isEmpty() && !tls()) {
                throw new ProfileException(where(key) + " is set, but security.protocol is " + protocol
                        + ", which uses no TLS: use ssl or sasl_ssl, or remove the security.tls keys");
            }
        }
        both("security.sasl.password");
        both("security.tls.truststore-password");
        both("security.tls.keystore-password");
        both("security.tls.key-password");
        if (sasl()) {
            if (!LOGIN_MODULES.containsKey(mechanism())) {
                throw new ProfileException(where("security.sasl.mechanism") + ": expected SCRAM-SHA-512, SCRAM-SHA-256 "
                        + "or PLAIN, got '" + get("security.sasl.mechanism") + "'");
            }
            if (get("security.sasl.username").isBlank()) {
                throw new ProfileException(where("security.sasl.username") + ": security.protocol "
                        + get("security.protocol") + " with SASL mechanism " + mechanism() + " needs a username");
            }
            if (get("security.sasl.password-file").isEmpty() && get("security.sasl.password-env").isEmpty()) {
                throw new ProfileException(where("security.sasl.password-file") + ": SASL user '"
                        + get("security.sasl.username") + "' needs a password: set security.sasl.password-file (a "
                        + "file that holds it) or security.sasl.password-env (a variable that does)");
            }
        }
        String endpoint = get("security.tls.endpoint-identification").toLowerCase(Locale.ROOT);
        if (!endpoint.equals("https") && !endpoint.equals("none")) {
            throw new ProfileException(where("security.tls.endpoint-identification") + ": expected https (check that "
                    + "the broker's certificate names the host) or none, got '"
                    + get("security.tls.endpoint-identification") + "'");
        }
        validateStores();
    }

    private void validateStores() {
        boolean store = !get("security.tls.keystore").isEmpty();
        boolean cert = !get("security.tls.certificate").isEmpty();
        boolean key = !get("security.tls.key").isEmpty();
        if (store && (cert || key)) {
            throw new ProfileException(where(cert ? "security.tls.certificate" : "security.tls.key") + " is set, and so "
                    + "is security.tls.keystore (" + source.apply("security.tls.keystore") + "): give the client "
                    + "certificate either as a key store or as PEM certificate and key, not both");
        }
        if (cert != key) {
            String missing = cert ? "security.tls.key" : "security.tls.certificate";
            throw new ProfileException(where(cert ? "security.tls.certificate" : "security.tls.key") + " is set, but "
                    + missing + " is not: a client certificate for mutual TLS needs both its PEM certificate and its "
                    + "PEM private key");
        }
        if (store && get("security.tls.keystore-password-file").isEmpty() && get("security.tls.keystore-password-env").isEmpty()) {
            throw new ProfileException(where("security.tls.keystore") + ": a key store needs its password: set "
                    + "security.tls.keystore-password-file or security.tls.keystore-password-env");
        }
        if (!store && !cert && (isSet("security.tls.key-password-file") || isSet("security.tls.key-password-env"))) {
            throw new ProfileException(where(isSet("security.tls.key-password-file") ? "security.tls.key-password-file"
                    : "security.tls.key-password-env") + " is set, but there is no client key (security.tls.key or "
                    + "security.tls.keystore)");
        }
    }

    private void both(String base) {
        if (!get(base + "-file").isEmpty() && !get(base + "-env").isEmpty()) {
            throw new ProfileException(where(base + "-env") + " is set, and so is " + base + "-file ("
                    + source.apply(base + "-file") + "): name one place for the secret");
        }
    }

    private void checkVariableName(String key) {
        String v = get(key);
        if (!ENV_NAME.matcher(v).matches()) {
            throw new ProfileException(where(key) + ": '" + v + "' is not an environment variable name");
        }
        if (v.startsWith("FERRY_")) {
            throw new ProfileException(where(key) + ": '" + v + "' starts with FERRY_, which Ferry reads as profile "
                    + "settings: name a variable of your own, such as KAFKA_PASSWORD");
        }
    }

    private boolean isSet(String key) {
        return !get(key).equals(DEFAULTS.get(key));
    }

    private String get(String key) {
        String v = value.apply(key);
        return v == null ? "" : v.trim();
    }

    private String where(String key) {
        return source.apply(key) + ": " + key;
    }
}
