package dev.ferry.testsecurity;

import dev.ferry.broker.EmbeddedKafkaBroker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;

/**
 * A real embedded broker with the listeners a secured cluster has, for tests of Ferry's
 * {@code security.*} profile keys: {@code SASL} (SASL_SSL with SCRAM-SHA-512 and SCRAM-SHA-256, one
 * user whose credentials are made through the Admin API), {@code TLS} (SSL, no client certificate)
 * and {@code MTLS} (SSL with {@code ssl.client.auth=required}), all with a broker certificate of the
 * test's own CA ({@link TestCertificates}). The plaintext listener stays, as the inter-broker one and
 * for the test's own set-up. {@code *Profile()} give the profile keys that reach each listener.
 */
public final class SecureBroker implements AutoCloseable {

    /** The SASL_SSL listener's name. */
    public static final String SASL = "SASL";
    /** The TLS listener's name (server-authenticated only). */
    public static final String TLS = "TLS";
    /** The mutual-TLS listener's name. */
    public static final String MTLS = "MTLS";
    /** The SCRAM user {@link #start} makes. */
    public static final String USER = "ferry-app";

    private static final String SCRAM_SERVER = "org.apache.kafka.common.security.scram.ScramLoginModule required;";
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final EmbeddedKafkaBroker broker;
    private final TestCertificates certificates;
    private final Path dir;
    private final String password;

    private SecureBroker(EmbeddedKafkaBroker broker, TestCertificates certificates, Path dir, String password) {
        this.broker = broker;
        this.certificates = certificates;
        this.dir = dir;
        this.password = password;
    }

    /**
     * Makes the certificates in {@code dir}, starts the broker, and makes user {@link #USER} with
     * {@code password} (SCRAM-SHA-512 and -256), waiting until it can log in.
     */
    public static SecureBroker start(Path dir, String password) {
        TestCertificates certs = TestCertificates.create(dir.resolve("tls"));
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder()
                .listener(SASL, "SASL_SSL")
                .listener(TLS, "SSL")
                .listener(MTLS, "SSL")
                .brokerProperty("ssl.keystore.location", certs.brokerKeystore().toString())
                .brokerProperty("ssl.keystore.type", "PKCS12")
                .brokerProperty("ssl.keystore.password", certs.storePassword())
                .brokerProperty("ssl.key.password", certs.storePassword())
                .brokerProperty("ssl.truststore.location", certs.caPem().toString())
                .brokerProperty("ssl.truststore.type", "PEM")
                .brokerProperty("listener.name.mtls.ssl.client.auth", "required")
                .brokerProperty("sasl.enabled.mechanisms", "SCRAM-SHA-512,SCRAM-SHA-256")
                .brokerProperty("listener.name.sasl.sasl.enabled.mechanisms", "SCRAM-SHA-512,SCRAM-SHA-256")
                .brokerProperty("listener.name.sasl.scram-sha-512.sasl.jaas.config", SCRAM_SERVER)
                .brokerProperty("listener.name.sasl.scram-sha-256.sasl.jaas.config", SCRAM_SERVER)
                .start();
        SecureBroker secure = new SecureBroker(broker, certs, dir, password);
        try {
            secure.addUser(USER, password);
            Files.writeString(secure.passwordFile(), password + "\n");
        } catch (RuntimeException | IOException e) {
            broker.close();
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
        return secure;
    }

    /** Makes (or changes) a SCRAM user, SCRAM-SHA-512 and SCRAM-SHA-256, and waits until it can log in. */
    public void addUser(String user, String userPassword) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            for (ScramMechanism mechanism : List.of(ScramMechanism.SCRAM_SHA_512, ScramMechanism.SCRAM_SHA_256)) {
                // one request per mechanism: the broker refuses a user altered twice in one request
                admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(user,
                        new ScramCredentialInfo(mechanism, 4096), userPassword))).all().get(WAIT.toSeconds(), TimeUnit.SECONDS);
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not make SCRAM user " + user + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        awaitLogin(user, userPassword);
    }

    private void awaitLogin(String user, String userPassword) {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(SASL));
        props.put("security.protocol", "SASL_SSL");
        props.put("sasl.mechanism", "SCRAM-SHA-512");
        props.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                + user + "\" password=\"" + userPassword + "\";");
        props.put("ssl.truststore.location", certificates.caPem().toString());
        props.put("ssl.truststore.type", "PEM");
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000");
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        long deadline = System.nanoTime() + WAIT.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            // the credential reaches the broker's cache through the metadata log: until then a login fails
            try (Admin admin = Admin.create(props)) {
                admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
                return;
            } catch (ExecutionException | TimeoutException e) {
                last = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
        throw new IllegalStateException("SCRAM user " + user + " could not log in within " + WAIT.toSeconds() + "s: " + last);
    }

    /** The address of a listener: {@link #SASL}, {@link #TLS} or {@link #MTLS}. */
    public String bootstrapServers(String listener) {
        return broker.bootstrapServers(listener);
    }

    /** The plaintext listener, for a test's own set-up (and to show what a plaintext client gets). */
    public String plaintextBootstrapServers() {
        return broker.bootstrapServers();
    }

    /** The broker itself, e.g. to create topics. */
    public EmbeddedKafkaBroker broker() {
        return broker;
    }

    /** The certificates of the broker's CA and of a client. */
    public TestCertificates certificates() {
        return certificates;
    }

    /** {@link #USER}'s password. */
    public String password() {
        return password;
    }

    /** A file that holds {@link #USER}'s password, with a trailing newline. */
    public Path passwordFile() {
        return dir.resolve("sasl.password");
    }

    /** Profile keys for the SASL_SSL listener: SCRAM-SHA-512 as {@link #USER}, the CA's PEM as trust store. */
    public Map<String, String> saslProfile() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("kafka.common.bootstrap.servers", bootstrapServers(SASL));
        p.put("security.protocol", "sasl_ssl");
        p.put("security.sasl.mechanism", "SCRAM-SHA-512");
        p.put("security.sasl.username", USER);
        p.put("security.sasl.password-file", passwordFile().toString());
        p.put("security.tls.truststore", certificates.caPem().toString());
        return p;
    }

    /** Profile keys for the TLS listener: the CA's PEM as trust store, no client certificate. */
    public Map<String, String> tlsProfile() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("kafka.common.bootstrap.servers", bootstrapServers(TLS));
        p.put("security.protocol", "ssl");
        p.put("security.tls.truststore", certificates.caPem().toString());
        return p;
    }

    /** Profile keys for the mutual-TLS listener: the CA's PEM, the client's PEM certificate and key. */
    public Map<String, String> mtlsProfile() {
        Map<String, String> p = new LinkedHashMap<>(tlsProfile());
        p.put("kafka.common.bootstrap.servers", bootstrapServers(MTLS));
        p.put("security.tls.certificate", certificates.clientCertificatePem().toString());
        p.put("security.tls.key", certificates.clientKeyPem().toString());
        return p;
    }

    /** Profile keys for the mutual-TLS listener with PKCS12 stores and password files instead of PEM. */
    public Map<String, String> mtlsKeystoreProfile() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("kafka.common.bootstrap.servers", bootstrapServers(MTLS));
        p.put("security.protocol", "ssl");
        p.put("security.tls.truststore", certificates.truststorePkcs12().toString());
        p.put("security.tls.truststore-password-file", certificates.storePasswordFile().toString());
        p.put("security.tls.keystore", certificates.clientKeystore().toString());
        p.put("security.tls.keystore-password-file", certificates.storePasswordFile().toString());
        return p;
    }

    @Override
    public void close() {
        broker.close();
    }
}
