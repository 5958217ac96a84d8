package dev.ferry.proxy;

import io.grpc.InsecureServerCredentials;
import io.grpc.ServerCredentials;
import io.grpc.TlsServerCredentials;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import java.io.IOException;

/**
 * The proxy's transport security as its config's {@code tls} says: grpc-java's own
 * {@link TlsServerCredentials} from the PEM files (read now, at start), asking apps for a client
 * certificate of {@code client-ca} when {@code client-auth} is {@code optional} or {@code require};
 * plaintext without {@code tls}. The files are parsed here, with grpc-netty's {@link GrpcSslContexts},
 * so that a file that is not PEM stops the start naming its key rather than failing in the server.
 */
final class ProxyTls {

    private ProxyTls() {
    }

    static ServerCredentials credentials(ProxyConfig config) {
        if (config.tls().isEmpty()) {
            return InsecureServerCredentials.create();
        }
        ProxyConfig.Tls tls = config.tls().get();
        String at = "proxy config " + config.file() + ": tls: ";
        TlsServerCredentials.Builder b = TlsServerCredentials.newBuilder();
        try {
            b.keyManager(tls.certificate().toFile(), tls.key().toFile());
            GrpcSslContexts.forServer(tls.certificate().toFile(), tls.key().toFile()).build(); // parses them now
        } catch (IOException | RuntimeException e) {
            throw new ProxyException(at + "certificate " + tls.certificate() + " and key " + tls.key() + " cannot be "
                    + "used (PEM certificate chain and unencrypted PKCS#8 key expected): " + e.getMessage(), e);
        }
        if (tls.clientCa().isPresent()) {
            try {
                b.trustManager(tls.clientCa().get().toFile());
                GrpcSslContexts.forClient().trustManager(tls.clientCa().get().toFile()).build();
            } catch (IOException | RuntimeException e) {
                throw new ProxyException(at + "client-ca " + tls.clientCa().get() + " cannot be used (PEM "
                        + "certificates expected): " + e.getMessage(), e);
            }
        }
        b.clientAuth(switch (tls.clientAuth()) {
            case NONE -> TlsServerCredentials.ClientAuth.NONE;
            case OPTIONAL -> TlsServerCredentials.ClientAuth.OPTIONAL;
            case REQUIRE -> TlsServerCredentials.ClientAuth.REQUIRE;
        });
        return b.build();
    }

    /** For the start-up log line: {@code plaintext}, {@code TLS} or {@code TLS, client certificates required}. */
    static String describe(ProxyConfig config) {
        return config.tls().map(t -> switch (t.clientAuth()) {
            case NONE -> "TLS";
            case OPTIONAL -> "TLS, client certificates accepted";
            case REQUIRE -> "TLS, client certificates required";
        }).orElse("plaintext");
    }
}
