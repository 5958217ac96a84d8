package dev.ferry.proxy.client;

import dev.ferry.engine.Durations;
import dev.ferry.engine.Guarantee;
import dev.ferry.engine.ProfileException;
import dev.ferry.engine.StartupException;
import dev.ferry.engine.spi.PluginContext;
import dev.ferry.engine.spi.Sink;
import dev.ferry.engine.spi.SinkContext;
import dev.ferry.engine.spi.SinkProvider;
import dev.ferry.proxy.wire.ProxyProtocol;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The write-back {@code proxy}: outputs go through the validating proxy ({@code ferry proxy}) rather
 * than straight to the cluster. Its settings are the profile's {@code plugins.proxy.*}: {@code address}
 * (host:port), the app's token from {@code token-file} or the environment variable {@code token-env}
 * (or, with mutual TLS, its client certificate alone), TLS from {@code tls.ca}, {@code tls.certificate}
 * and {@code tls.key} ({@link ProxyChannelSecurity}),
 * {@code timeout} (how long a batch waits for the proxy's answer, default 30s) and
 * {@code max-in-flight} (batches of one consumer sent and not yet answered, default 8). Start-up asks
 * the proxy whose the token is, so a wrong token is a start-up error; a proxy that cannot be reached
 * then is an outage the writes retry.
 *
 * <p>At-least-once (and at-most-once) only: the proxy writes with its own producer, so outputs cannot
 * commit in the app's transaction with its input offsets, and exactly-once is refused at start.
 */
public final class ProxySinkProvider implements SinkProvider {

    /** The name the profile's {@code write-back} uses. */
    public static final String NAME = "proxy";

    private static final Logger LOG = LoggerFactory.getLogger(ProxySinkProvider.class);

    @Override
    public String name() {
        return NAME;
    }

    /**
     * No: the proxy writes the app's outputs and its dead letters (which the engine hands to this sink
     * as it does outputs) with its own producer and principal, so the app needs WRITE on none of them
     * ({@code ferry acl --proxy-principal} prints the proxy's grants).
     */
    @Override
    public boolean writesAsTheApp() {
        return false;
    }

    @Override
    public Sink create(SinkContext context) {
        String app = context.app().name();
        if (context.guarantee() == Guarantee.EXACTLY_ONCE) {
            throw new ProfileException("app '" + app + "': write-back proxy cannot give the exactly-once guarantee: "
                    + "the proxy writes the outputs with its own producer, outside the app's transaction, so they cannot "
                    + "commit together with the input offsets; choose guarantee: at-least-once, or write-back: direct");
        }
        PluginContext settings = context.plugin();
        String address = required(settings, "address", app);
        ProxyChannelSecurity security = ProxyChannelSecurity.of(settings, app);
        Optional<String> token = security.clientCertificate() && noToken(settings) ? Optional.empty()
                : Optional.of(token(settings, app));
        if (token.isPresent()) {
            security.checkTokenTravelsSafely(address, settings, app);
        }
        Duration timeout = duration(settings, "timeout", "30s", app);
        int maxInFlight = positive(settings, "max-in-flight", 8, app);
        Metadata headers = new Metadata();
        token.ifPresent(t -> headers.put(ProxyProtocol.AUTHORIZATION, "Bearer " + t));
        headers.put(ProxyProtocol.APP, app);
        ManagedChannel channel = NettyChannelBuilder.forTarget(address, security.credentials())
                .maxInboundMessageSize(ProxyProtocol.MAX_MESSAGE_BYTES)
                .intercept(MetadataUtils.newAttachHeadersInterceptor(headers)).build();
        hello(channel, address, app, settings, context, security);
        return new ProxySink(channel, address, "app '" + app + "': consumer " + context.consumer(), timeout,
                maxInFlight, context.store());
    }

    /** Asks the proxy whose the token is: a refusal stops the start, an unreachable proxy is waited out. */
    private static void hello(ManagedChannel channel, String address, String app, PluginContext settings,
                              SinkContext context, ProxyChannelSecurity security) {
        try {
            ClientCalls.blockingUnaryCall(channel, ProxyProtocol.HELLO,
                    CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS), app);
        } catch (StatusRuntimeException e) {
            Status s = e.getStatus();
            if (s.getCode() == Status.Code.UNAUTHENTICATED || s.getCode() == Status.Code.PERMISSION_DENIED) {
                channel.shutdownNow();
                throw new StartupException("app '" + app + "': the write-back proxy at " + address + " (from "
                        + settings.sourceOf("address") + ") refused it: " + s.getDescription() + "; check "
                        + (noToken(settings) ? "the client certificate in plugins.proxy.tls.certificate"
                        : "the token in " + tokenSource(settings)) + " and the proxy's config");
            }
            Optional<String> handshake = security.handshakeFailure(e);
            if (handshake.isPresent()) {
                channel.shutdownNow();
                throw new StartupException("app '" + app + "': the write-back proxy at " + address + " (from "
                        + settings.sourceOf("address") + "): the TLS handshake failed: " + handshake.get());
            }
            String why = s.getCode() + (s.getDescription() == null ? "" : ": " + s.getDescription());
            LOG.warn("app '{}': consumer {}: the write-back proxy at {} cannot be reached at start ({}); writes wait "
                    + "for it, retried", app, context.consumer(), address, why);
            context.store().unavailable("write-back proxy at " + address + ": " + why);
        }
    }

    private static String required(PluginContext settings, String key, String app) {
        String v = settings.setting(key, "").trim();
        if (v.isEmpty()) {
            throw new ProfileException("app '" + app + "': write-back proxy needs plugins.proxy." + key
                    + " (FERRY_PLUGINS_PROXY_" + key.toUpperCase(java.util.Locale.ROOT).replace('-', '_')
                    + "): the proxy's host:port, as ferry proxy prints it");
        }
        return v;
    }

    private static boolean noToken(PluginContext settings) {
        return settings.setting("token-file", "").isBlank() && settings.setting("token-env", "").isBlank();
    }

    private static String token(PluginContext settings, String app) {
        String file = settings.setting("token-file", "").trim();
        String env = settings.setting("token-env", "").trim();
        if (file.isEmpty() == env.isEmpty()) {
            throw new ProfileException("app '" + app + "': write-back proxy needs the app's token from exactly one of "
                    + "plugins.proxy.token-file (a file holding it, such as a mounted Secret) or plugins.proxy.token-env "
                    + "(the environment variable holding it), or a client certificate (plugins.proxy.tls.certificate "
                    + "and tls.key) for a proxy with mutual TLS" + (file.isEmpty() ? "" : "; both are set"));
        }
        String token;
        if (!file.isEmpty()) {
            try {
                token = Files.readString(Path.of(file)).trim();
            } catch (IOException e) {
                throw new ProfileException("app '" + app + "': plugins.proxy.token-file (from "
                        + settings.sourceOf("token-file") + "): cannot read " + file + ": " + e.getMessage(), e);
            }
        } else {
            token = System.getenv(env) == null ? "" : System.getenv(env).trim();
        }
        if (token.isEmpty()) {
            throw new ProfileException("app '" + app + "': the token in " + tokenSource(settings) + " is empty");
        }
        return token;
    }

    private static String tokenSource(PluginContext settings) {
        String file = settings.setting("token-file", "").trim();
        return file.isEmpty() ? "environment variable " + settings.setting("token-env", "") + " (plugins.proxy.token-env)"
                : "file " + file + " (plugins.proxy.token-file)";
    }

    private static Duration duration(PluginContext settings, String key, String fallback, String app) {
        try {
            Duration d = Durations.parse(settings.setting(key, fallback));
            if (d.isZero() || d.isNegative()) {
                throw new IllegalArgumentException("must be more than 0");
            }
            return d;
        } catch (IllegalArgumentException e) {
            throw new ProfileException("app '" + app + "': plugins.proxy." + key + " (from " + settings.sourceOf(key)
                    + "): " + e.getMessage(), e);
        }
    }

    private static int positive(PluginContext settings, String key, int fallback, String app) {
        String v = settings.setting(key, String.valueOf(fallback)).trim();
        try {
            int n = Integer.parseInt(v);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new ProfileException("app '" + app + "': plugins.proxy." + key + " (from " + settings.sourceOf(key)
                + "): expected a whole number of at least 1, got '" + v + "'");
    }
}
