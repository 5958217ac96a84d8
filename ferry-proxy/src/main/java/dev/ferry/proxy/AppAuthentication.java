package dev.ferry.proxy;

import dev.ferry.proxy.ProxyConfig.AppCredential;
import dev.ferry.proxy.wire.ProxyProtocol;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.security.auth.x500.X500Principal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets a call through only when it proves to be the app it names ({@code ferry-app}): by a token
 * ({@code authorization: Bearer <token>}) matching that app's hash in the config file, or, with no
 * token, by a client certificate (mutual TLS; the handshake already checked it against
 * {@code tls.client-ca}) whose subject is the one the config lists for the app. It tells the service
 * which app it is ({@link #APP}). A refusal is {@code UNAUTHENTICATED} with a sentence that names
 * the app, the certificate's subject and the config file, never the token.
 */
final class AppAuthentication implements ServerInterceptor {

    private static final Logger LOG = LoggerFactory.getLogger(AppAuthentication.class);

    /** The authenticated app of the call. */
    static final Context.Key<String> APP = Context.key("ferry-app");

    private final Map<String, AppCredential> apps;
    private final String file;

    AppAuthentication(Map<String, AppCredential> apps, String file) {
        this.apps = apps;
        this.file = file;
    }

    @Override
    public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers,
                                                       ServerCallHandler<Q, A> next) {
        String app = headers.get(ProxyProtocol.APP);
        String auth = headers.get(ProxyProtocol.AUTHORIZATION);
        String refused = refusal(app, auth, peerSubject(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION)));
        if (refused != null) {
            LOG.warn("refused a call from {}: {}", call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR), refused);
            call.close(Status.UNAUTHENTICATED.withDescription(refused), new Metadata());
            return new ServerCall.Listener<>() { };
        }
        return Contexts.interceptCall(Context.current().withValue(APP, app), call, headers, next);
    }

    /** The subject of the client certificate the TLS handshake verified, if the client sent one. */
    static Optional<X500Principal> peerSubject(SSLSession session) {
        if (session == null) {
            return Optional.empty();
        }
        try {
            Certificate[] chain = session.getPeerCertificates();
            return chain.length > 0 && chain[0] instanceof X509Certificate x
                    ? Optional.of(x.getSubjectX500Principal()) : Optional.empty();
        } catch (SSLPeerUnverifiedException e) {
            return Optional.empty();
        }
    }

    private String refusal(String app, String auth, Optional<X500Principal> subject) {
        if (app == null || app.isBlank()) {
            return "the call names no app (header ferry-app)";
        }
        AppCredential credential = apps.get(app);
        if (credential == null) {
            return "app '" + app + "' is not listed under apps in the proxy's config " + file;
        }
        if (auth != null && auth.startsWith("Bearer ")) {
            return byToken(app, auth.substring("Bearer ".length()).trim(), credential);
        }
        if (subject.isPresent()) {
            return byCertificate(app, subject.get(), credential);
        }
        return "app '" + app + "' sent no token (header authorization: Bearer TOKEN)"
                + (credential.subject().isPresent() ? " and no client certificate" : "");
    }

    private String byToken(String app, String token, AppCredential credential) {
        if (credential.tokenHash().isEmpty()) {
            return "app '" + app + "' sent a token, but the proxy's config " + file + " lists no token for it: it "
                    + "authenticates by its client certificate (" + credential.subject().map(X500Principal::getName)
                    .orElse("") + ")";
        }
        if (!TokenHash.matches(token, credential.tokenHash().get())) {
            return "app '" + app + "': the token is not the one whose hash the proxy's config " + file + " lists for it";
        }
        return null;
    }

    private String byCertificate(String app, X500Principal subject, AppCredential credential) {
        if (credential.subject().isEmpty()) {
            return "app '" + app + "' sent no token, and the proxy's config " + file + " lists no certificate-subject "
                    + "for it, so its client certificate '" + subject.getName() + "' does not authenticate it";
        }
        if (!credential.subject().get().equals(subject)) {
            return "app '" + app + "': the client certificate's subject '" + subject.getName() + "' is not the "
                    + "certificate-subject the proxy's config " + file + " lists for it ('"
                    + credential.subject().get().getName() + "')";
        }
        return null;
    }
}
