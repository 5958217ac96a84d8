package dev.ferry.proxy.client;

import dev.ferry.engine.ProfileException;
import dev.ferry.engine.spi.PluginContext;
import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import java.io.File;
import java.io.IOException;
import java.util.Locale;
import java.util.Optional;
import javax.net.ssl.SSLException;

/**
 * How an app's channel to the proxy is secured, from {@code plugins.proxy.tls.*}: TLS when
 * {@code tls.ca} (the CA that issued the proxy's certificate, PEM) or {@code tls.certificate} is set,
 * with the app's client certificate ({@code tls.certificate} and {@code tls.key}, PEM) for mutual
 * TLS; plaintext otherwise. grpc-java's {@link TlsChannelCredentials} reads the files when the
 * channel is made; their contents are never logged. A token would cross the network readable over
 * plaintext, so plaintext to an address that is not loopback is refused unless
 * {@code plugins.proxy.plaintext: true} says the network is trusted. Each {@code tls.X} key may also
 * be written {@code tls-X}, as the variable {@code FERRY_PLUGINS_PROXY_TLS_X} gives it.
 */
final class ProxyChannelSecurity {

    private final Optional<String> ca;
    private final Optional<String> certificate;
    private final Optional<String> key;
    private final String caSource;

    private ProxyChannelSecurity(Optional<String> ca, Optional<String> certificate, Optional<String> key,
                                 String caSource) {
        this.ca = ca;
        this.certificate = certificate;
        this.key = key;
        this.caSource = caSource;
    }

    static ProxyChannelSecurity of(PluginContext settings, String app) {
        Optional<String> certificate = file(settings, "certificate");
        Optional<String> key = file(settings, "key");
        if (certificate.isPresent() != key.isPresent()) {
            throw new ProfileException("app '" + app + "': plugins.proxy.tls." + (certificate.isPresent() ? "key" : "certificate")
                    + " is missing: a client certificate for mutual TLS needs both plugins.proxy.tls.certificate (PEM "
                    + "chain) and plugins.proxy.tls.key (PEM, unencrypted PKCS#8)");
        }
        Optional<String> ca = file(settings, "ca");
        String caSource = ca.map(f -> "plugins.proxy.tls.ca " + f + " (from " + source(settings, "ca") + ")")
                .orElse("the JVM's default trust store (no plugins.proxy.tls.ca)");
        return new ProxyChannelSecurity(ca, certificate, key, caSource);
    }

    /** Whether the channel is TLS. */
    boolean tls() {
        return ca.isPresent() || certificate.isPresent();
    }

    /** Whether the app presents a client certificate (mutual TLS). */
    boolean clientCertificate() {
        return certificate.isPresent();
    }

    /**
     * Refuses to send a token over plaintext beyond this machine, unless {@code plugins.proxy.plaintext: true}.
     *
     * @throws ProfileException naming the address and the fixes
     */
    void checkTokenTravelsSafely(String address, PluginContext settings, String app) {
        if (tls() || loopback(address) || Boolean.parseBoolean(settings.setting("plaintext", "false").trim())) {
            return;
        }
        throw new ProfileException("app '" + app + "': the write-back proxy at " + address + " (from "
                + settings.sourceOf("address") + ") is not on this machine, and the app's token would travel to it in "
                + "plaintext, readable on the network: set plugins.proxy.tls.ca to the CA of the proxy's certificate "
                + "(and give the proxy tls in its config), or, on a network you trust, plugins.proxy.plaintext: true");
    }

    /** The channel's credentials; reads the PEM files now. */
    ChannelCredentials credentials() {
        if (!tls()) {
            return InsecureChannelCredentials.create();
        }
        TlsChannelCredentials.Builder b = TlsChannelCredentials.newBuilder();
        try {
            if (ca.isPresent()) {
                b.trustManager(new File(ca.get()));
            }
            if (certificate.isPresent()) {
                b.keyManager(new File(certificate.get()), new File(key.get()));
            }
        } catch (IOException | RuntimeException e) {
            throw new ProfileException("write-back proxy: plugins.proxy.tls.* cannot be used (PEM files expected: ca, "
                    + "certificate chain, unencrypted PKCS#8 key): " + e.getMessage(), e);
        }
        return b.build();
    }

    /** If a call failed in the TLS handshake, why, with what to check: a wrong CA is a mistake, not an outage. */
    Optional<String> handshakeFailure(StatusRuntimeException e) {
        if (!tls()) {
            return Optional.empty();
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SSLException) {
                return Optional.of(t.getMessage() + "; the proxy's certificate must be issued by the CA in " + caSource
                        + (clientCertificate() ? ", and the app's client certificate (plugins.proxy.tls.certificate) by "
                        + "the proxy's tls.client-ca" : "; a proxy with tls.client-auth: require also needs the app's "
                        + "client certificate (plugins.proxy.tls.certificate and tls.key)") + "; and the proxy's "
                        + "certificate must name the address's host");
            }
        }
        return Optional.empty();
    }

    static boolean loopback(String address) {
        String host = address.startsWith("dns:///") ? address.substring("dns:///".length()) : address;
        int colon = host.lastIndexOf(':');
        if (colon > 0 && !host.endsWith("]")) {
            host = host.substring(0, colon);
        }
        host = host.replace("[", "").replace("]", "").toLowerCase(Locale.ROOT);
        return host.equals("localhost") || host.startsWith("127.") || host.equals("::1");
    }

    private static Optional<String> file(PluginContext settings, String name) {
        String v = settings.setting("tls." + name, settings.setting("tls-" + name, "")).trim();
        return v.isEmpty() ? Optional.empty() : Optional.of(v);
    }

    private static String source(PluginContext settings, String name) {
        return settings.setting("tls." + name, "").isBlank() ? settings.sourceOf("tls-" + name) : settings.sourceOf("tls." + name);
    }
}
