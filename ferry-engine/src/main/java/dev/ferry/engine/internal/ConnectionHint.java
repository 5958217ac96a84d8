package dev.ferry.engine.internal;

import dev.ferry.engine.PlatformProfile;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;

/**
 * What to check when a client cannot reach the cluster, from what went wrong: a refused SASL login
 * names the user and where its password comes from, a failed TLS handshake the trust store and the
 * client certificate, and no answer at all the address and the protocol (a TLS or SASL listener gives
 * a plaintext client no answer). Names keys and sources only, never a secret.
 */
final class ConnectionHint {

    private ConnectionHint() {
    }

    static String of(Throwable failure, PlatformProfile profile) {
        Throwable t = failure;
        while (t != null && !(t instanceof SaslAuthenticationException) && !(t instanceof SslAuthenticationException)) {
            t = t.getCause();
        }
        if (t instanceof SaslAuthenticationException) {
            return ". The cluster refused the SASL login" + user(profile) + ": check the user and its password";
        }
        if (t instanceof SslAuthenticationException) {
            return ". The TLS handshake failed: check that the trust store (security.tls.truststore, from "
                    + profile.sourceOf("security.tls.truststore") + ") holds the CA of the broker's certificate, that "
                    + "the certificate names the host (or set security.tls.endpoint-identification: none), and, where "
                    + "the listener requires a client certificate, security.tls.certificate and security.tls.key or "
                    + "security.tls.keystore";
        }
        return ". Check the address, that the cluster is up, and that its listener there speaks security.protocol "
                + profile.securityProtocol("admin") + " (from " + profile.securityProtocolSource("admin") + "): a TLS "
                + "or SASL listener gives a client of another protocol no answer";
    }

    private static String user(PlatformProfile profile) {
        if (!profile.security().sasl()) {
            return "";
        }
        String passwordKey = profile.settings().containsKey("security.sasl.password-file") ? "security.sasl.password-file"
                : "security.sasl.password-env";
        return " of user '" + profile.settings().get("security.sasl.username") + "' (security.sasl.username, from "
                + profile.sourceOf("security.sasl.username") + "; its password from " + passwordKey + ", from "
                + profile.sourceOf(passwordKey) + ")";
    }
}
