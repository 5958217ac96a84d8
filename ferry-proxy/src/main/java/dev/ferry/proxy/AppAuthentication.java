package dev.ferry.proxy;

import dev.ferry.proxy.wire.ProxyProtocol;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets a call through only with the token of the app it names ({@code ferry-app}, and
 * {@code authorization: Bearer <token>} matching that app's hash in the config file), and tells the
 * service which app it is ({@link #APP}). A refusal is {@code UNAUTHENTICATED} with a sentence that
 * names the app and the config file, never the token.
 */
final class AppAuthentication implements ServerInterceptor {

    private static final Logger LOG = LoggerFactory.getLogger(AppAuthentication.class);

    /** The authenticated app of the call. */
    static final Context.Key<String> APP = Context.key("ferry-app");

    private final Map<String, String> hashes;
    private final String file;

    AppAuthentication(Map<String, String> hashes, String file) {
        this.hashes = hashes;
        this.file = file;
    }

    @Override
    public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers,
                                                       ServerCallHandler<Q, A> next) {
        String app = headers.get(ProxyProtocol.APP);
        String auth = headers.get(ProxyProtocol.AUTHORIZATION);
        String refused = refusal(app, auth);
        if (refused != null) {
            LOG.warn("refused a call from {}: {}", call.getAttributes().get(io.grpc.Grpc.TRANSPORT_ATTR_REMOTE_ADDR),
                    refused);
            call.close(Status.UNAUTHENTICATED.withDescription(refused), new Metadata());
            return new ServerCall.Listener<>() { };
        }
        return Contexts.interceptCall(Context.current().withValue(APP, app), call, headers, next);
    }

    private String refusal(String app, String auth) {
        if (app == null || app.isBlank()) {
            return "the call names no app (header ferry-app)";
        }
        String hash = hashes.get(app);
        if (hash == null) {
            return "app '" + app + "' is not listed under apps in the proxy's config " + file;
        }
        if (auth == null || !auth.startsWith("Bearer ")) {
            return "app '" + app + "' sent no token (header authorization: Bearer TOKEN)";
        }
        if (!TokenHash.matches(auth.substring("Bearer ".length()).trim(), hash)) {
            return "app '" + app + "': the token is not the one whose hash the proxy's config " + file + " lists for it";
        }
        return null;
    }
}
