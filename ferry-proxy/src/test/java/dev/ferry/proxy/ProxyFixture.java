package dev.ferry.proxy;

import dev.ferry.api.Start;
import dev.ferry.engine.AppDescriptor;
import dev.ferry.engine.FunctionRef;
import dev.ferry.engine.OutputDescriptor;
import dev.ferry.engine.PlatformProfile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real proxy for a test: a config file in a temporary directory listing a token for each app
 * named, optional extra config lines (pinned topics, rules), started in-process on a free port (or a
 * given one, to restart it where apps look for it), and the profile an app uses to write through it.
 */
final class ProxyFixture implements AutoCloseable {

    private static final AtomicInteger UNIQUE = new AtomicInteger();

    final Path dir;
    final Path config;
    final Map<String, String> tokens = new LinkedHashMap<>();
    final PlatformProfile profile;
    ProxyServer server;

    private ProxyFixture(Path dir, Path config, PlatformProfile profile) {
        this.dir = dir;
        this.config = config;
        this.profile = profile;
    }

    /** A proxy on {@code profile}'s cluster for {@code apps}, with {@code extra} lines of config. */
    static ProxyFixture start(Path dir, PlatformProfile profile, List<String> apps, String extra) throws IOException {
        return start(dir, profile, apps, Map.of(), extra);
    }

    /**
     * A proxy for {@code apps} with tokens, and for each of {@code subjects}' apps authenticating by a
     * client certificate with that subject only, with {@code extra} lines of config (such as {@code tls}).
     */
    static ProxyFixture start(Path dir, PlatformProfile profile, List<String> apps, Map<String, String> subjects,
                              String extra) throws IOException {
        StringBuilder yaml = new StringBuilder("listen: 127.0.0.1:0\n"
                + (extra.contains("catalog-wait:") ? "" : "catalog-wait: 10s\n") + "apps:\n");
        Map<String, String> tokens = new LinkedHashMap<>();
        for (String app : apps) {
            String token = TokenHash.newToken();
            tokens.put(app, token);
            yaml.append("  ").append(app).append(": ").append(TokenHash.of(token)).append('\n');
            Files.writeString(dir.resolve(app + ".token"), token + "\n");
        }
        subjects.forEach((app, subject) -> yaml.append("  ").append(app).append(": {certificate-subject: \"")
                .append(subject).append("\"}\n"));
        yaml.append(extra);
        Path config = dir.resolve("proxy-" + UNIQUE.incrementAndGet() + ".yaml");
        Files.writeString(config, yaml);
        ProxyFixture f = new ProxyFixture(dir, config, profile);
        f.tokens.putAll(tokens);
        f.server = ProxyServer.start(ProxyConfig.load(config), profile);
        return f;
    }

    /** Stops the proxy and starts it again on the same port, as after a crash and restart. */
    void restart() {
        int port = server.port();
        server.close();
        server = ProxyServer.start(ProxyConfig.load(config).withPort(port), profile);
    }

    /** The profile of {@code app} writing through this proxy with its own token, in dev mode. */
    PlatformProfile appProfile(String app) {
        return appProfile(app, dir.resolve(app + ".token"));
    }

    /** The profile of an app writing through this proxy with the token in {@code tokenFile}. */
    PlatformProfile appProfile(String app, Path tokenFile) {
        return profile.toBuilder()
                .set("dev-mode", "true")
                .set("dev-partitions", "1")
                .set("write-back", "proxy")
                .set("plugins.proxy.address", server.address())
                .set("plugins.proxy.token-file", tokenFile.toString())
                .set("plugins.proxy.timeout", "5s")
                .build();
    }

    /** An app named {@code name} reading {@code in} from the beginning and writing each score as an envelope to {@code out}. */
    static AppDescriptor scoring(String name, String in, String out) {
        return AppDescriptor.builder(name).topics(in).start(Start.BEGINNING).batchSize(10)
                .output(new OutputDescriptor(out, java.util.Optional.empty(), java.util.Optional.empty(),
                        java.util.Optional.of(Scores.Score.class.getName()), java.util.Optional.empty()))
                .function(FunctionRef.java(Scores.class.getName(), "score"))
                .classLoader(ProxyFixture.class.getClassLoader()).build();
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
    }
}
