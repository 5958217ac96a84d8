package dev.ferry.benchmark;

import dev.ferry.engine.AppDescriptor;
import dev.ferry.engine.PlatformProfile;
import dev.ferry.proxy.ProxyConfig;
import dev.ferry.proxy.ProxyServer;
import dev.ferry.proxy.TokenHash;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Ferry through the write-back proxy: a {@link ProxyServer} started in this JVM on a free port, with a
 * config file listing a fresh token for the run's app, and {@link FerryBenchApp}'s proxy app run with
 * {@code write-back: proxy} and that token. Both use the announce topic {@code ferry.apps}, from which
 * the proxy learns the app's output and schema. Otherwise the profile is the {@code ferry} contender's.
 */
final class FerryProxyContender implements ContenderRunner {

    private final ContenderRunner app;
    private final ProxyServer proxy;

    private FerryProxyContender(ContenderRunner app, ProxyServer proxy) {
        this.app = app;
        this.proxy = proxy;
    }

    static ContenderRunner start(RunSpec spec) {
        try {
            Path dir = Files.createTempDirectory("ferry-proxy-bench");
            String token = TokenHash.newToken();
            Path tokenFile = Files.writeString(dir.resolve("app.token"), token);
            Path config = Files.writeString(dir.resolve("proxy.yaml"), "listen: 127.0.0.1:0\napps:\n  " + spec.group()
                    + ": " + TokenHash.of(token) + "\n");
            PlatformProfile base = PlatformProfile.builder().environment(System.getenv())
                    .bootstrapServers(spec.bootstrap()).set("announce.topic", "ferry.apps").build();
            ProxyServer proxy = ProxyServer.start(ProxyConfig.load(config), base);
            try {
                PlatformProfile profile = base.toBuilder().set("write-back", "proxy")
                        .set("plugins.proxy.address", proxy.address())
                        .set("plugins.proxy.token-file", tokenFile.toString()).build();
                return new FerryProxyContender(FerryContender.running(AppDescriptor.of(FerryBenchApp.class,
                        spec.group()), spec, profile), proxy);
            } catch (RuntimeException e) {
                proxy.close();
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Optional<String> failure() {
        return app.failure();
    }

    @Override
    public void close() {
        try {
            app.close();
        } finally {
            proxy.close();
        }
    }
}
