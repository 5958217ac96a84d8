package dev.ferry.testsecurity;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The certificates of a test's TLS: a CA made for the test, a broker certificate for
 * {@code localhost} and {@code 127.0.0.1}, and a client certificate for mutual TLS, each written
 * where a broker and a Ferry profile read them (PEM files, PKCS12 stores, password files). EC P-256
 * keys, which are quick to make; valid for a day.
 */
public final class TestCertificates {

    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    private final Path dir;
    private final String storePassword;
    private KeyPair caKeys;

    private TestCertificates(Path dir, String storePassword) {
        this.dir = dir;
        this.storePassword = storePassword;
    }

    /** Makes the CA and both certificates in {@code dir}. */
    public static TestCertificates create(Path dir) {
        TestCertificates c = new TestCertificates(dir, "store-" + Long.toHexString(SERIAL.incrementAndGet()));
        try {
            Files.createDirectories(dir);
            KeyPair caKeys = keys();
            c.caKeys = caKeys;
            X500Name caName = new X500Name("CN=Ferry Test CA");
            X509Certificate ca = certificate(caName, caKeys, caName, caKeys, true, null);
            KeyPair brokerKeys = keys();
            X509Certificate broker = certificate(caName, caKeys, new X500Name("CN=localhost"), brokerKeys, false,
                    new GeneralNames(new GeneralName[] {new GeneralName(GeneralName.dNSName, "localhost"),
                            new GeneralName(GeneralName.iPAddress, InetAddress.getLoopbackAddress().getHostAddress())}));
            KeyPair clientKeys = keys();
            X509Certificate client = certificate(caName, caKeys, new X500Name("CN=ferry-client"), clientKeys, false, null);
            Files.writeString(c.caPem(), pem("CERTIFICATE", ca.getEncoded()));
            Files.writeString(c.clientCertificatePem(), pem("CERTIFICATE", client.getEncoded()) + pem("CERTIFICATE", ca.getEncoded()));
            Files.writeString(c.clientKeyPem(), pem("PRIVATE KEY", clientKeys.getPrivate().getEncoded()));
            Files.writeString(c.serverCertificatePem(), pem("CERTIFICATE", broker.getEncoded()) + pem("CERTIFICATE", ca.getEncoded()));
            Files.writeString(c.serverKeyPem(), pem("PRIVATE KEY", brokerKeys.getPrivate().getEncoded()));
            c.pkcs12(c.brokerKeystore(), "broker", brokerKeys, broker, ca);
            c.pkcs12(c.clientKeystore(), "client", clientKeys, client, ca);
            Files.writeString(c.storePasswordFile(), c.storePassword + "\n");
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("ca", ca);
            try (OutputStream out = Files.newOutputStream(c.truststorePkcs12())) {
                trust.store(out, c.storePassword.toCharArray());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("could not make the test certificates: " + e, e);
        }
        return c;
    }

    /** The CA's certificate (PEM): the trust store of brokers and clients. */
    public Path caPem() {
        return dir.resolve("ca.pem");
    }

    /** The CA's certificate in a PKCS12 trust store, whose password is in {@link #storePasswordFile()}. */
    public Path truststorePkcs12() {
        return dir.resolve("truststore.p12");
    }

    /** The broker's key and certificate chain (PKCS12, password {@link #storePassword()}). */
    public Path brokerKeystore() {
        return dir.resolve("broker.p12");
    }

    /** The client's certificate chain (PEM), for mutual TLS. */
    public Path clientCertificatePem() {
        return dir.resolve("client.pem");
    }

    /** The client's private key (PEM, unencrypted PKCS#8), for mutual TLS. */
    public Path clientKeyPem() {
        return dir.resolve("client.key");
    }

    /** The server certificate's chain (PEM, for {@code localhost} and {@code 127.0.0.1}): what a gRPC server presents. */
    public Path serverCertificatePem() {
        return dir.resolve("server.pem");
    }

    /** The server certificate's private key (PEM, unencrypted PKCS#8). */
    public Path serverKeyPem() {
        return dir.resolve("server.key");
    }

    /**
     * Makes another client certificate of this CA, for {@code subject} (such as
     * {@code CN=predict-foo,O=Ferry}, read as RFC 2253 reads it, most specific first, so the
     * certificate's subject prints back the same), and writes its chain and key as PEM files named
     * {@code name.pem} and {@code name.key}; returns the chain's file (the key's is beside it).
     */
    public Path clientCertificate(String name, String subject) {
        try {
            X509Certificate ca = (X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
                    .generateCertificate(new java.io.ByteArrayInputStream(Files.readAllBytes(caPem())));
            KeyPair k = keys();
            X509Certificate cert = certificate(X500Name.getInstance(ca.getSubjectX500Principal().getEncoded()), caKeys,
                    X500Name.getInstance(new javax.security.auth.x500.X500Principal(subject).getEncoded()), k, false, null);
            Path chain = dir.resolve(name + ".pem");
            Files.writeString(chain, pem("CERTIFICATE", cert.getEncoded()) + pem("CERTIFICATE", ca.getEncoded()));
            Files.writeString(dir.resolve(name + ".key"), pem("PRIVATE KEY", k.getPrivate().getEncoded()));
            return chain;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("could not make the client certificate " + subject + ": " + e, e);
        }
    }

    /** The client's key and certificate chain as a PKCS12 key store (password {@link #storePassword()}). */
    public Path clientKeystore() {
        return dir.resolve("client.p12");
    }

    /** The password of every store made here. */
    public String storePassword() {
        return storePassword;
    }

    /** A file that holds {@link #storePassword()}, with a trailing newline as {@code echo} writes it. */
    public Path storePasswordFile() {
        return dir.resolve("store.password");
    }

    private void pkcs12(Path file, String alias, KeyPair keys, X509Certificate cert, X509Certificate ca)
            throws IOException, GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry(alias, keys.getPrivate(), storePassword.toCharArray(), new Certificate[] {cert, ca});
        try (OutputStream out = Files.newOutputStream(file)) {
            ks.store(out, storePassword.toCharArray());
        }
    }

    private static KeyPair keys() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    private static X509Certificate certificate(X500Name issuer, KeyPair issuerKeys, X500Name subject, KeyPair subjectKeys,
                                               boolean ca, GeneralNames names)
            throws IOException, GeneralSecurityException, OperatorCreationException {
        Instant now = Instant.now();
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(SERIAL.incrementAndGet()),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(1))), subject,
                subjectKeys.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
        if (ca) {
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        } else {
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            b.addExtension(Extension.extendedKeyUsage, false,
                    new ExtendedKeyUsage(new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
        }
        if (names != null) {
            b.addExtension(Extension.subjectAlternativeName, false, names);
        }
        return new JcaX509CertificateConverter().getCertificate(
                b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate())));
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
