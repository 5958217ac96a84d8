package dev.ferry.materialize.redis;

import dev.ferry.engine.Durations;
import dev.ferry.materialize.MaterializeException;
import dev.ferry.materialize.TargetConfig;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The Redis target's settings, read and checked once from the file's {@code target:} keys and the
 * profile's {@code plugins.redis.*}: where Redis is ({@code url}, or {@code host}, {@code port},
 * {@code database}), who connects ({@code user}, {@code password}), the keys' prefix, the hashes' TTL
 * and the connection's timeout. Every error names the key and where it was set.
 *
 * @param host      the server's host
 * @param port      its port
 * @param tls       whether to connect with TLS ({@code rediss://})
 * @param user      the ACL user, if any
 * @param password  the password, if any
 * @param database  the database index
 * @param keyPrefix what every hash's key starts with
 * @param ttl       how long a hash lives after its last write, if it expires
 * @param timeout   the connect and read timeout
 */
record RedisSettings(String host, int port, boolean tls, Optional<String> user, Optional<String> password, int database,
                     String keyPrefix, Optional<Duration> ttl, Duration timeout) {

    static final String URL = "url";
    static final String HOST = "host";
    static final String PORT = "port";
    static final String USER = "user";
    static final String PASSWORD = "password";
    static final String DATABASE = "database";
    static final String KEY_PREFIX = "key-prefix";
    static final String TTL = "ttl";
    static final String TIMEOUT = "timeout";

    /** The target's own keys. */
    static final Set<String> KEYS = Set.of(URL, HOST, PORT, USER, PASSWORD, DATABASE, KEY_PREFIX, TTL, TIMEOUT);

    static final String DEFAULT_HOST = "127.0.0.1";
    static final int DEFAULT_PORT = 6379;
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    static final int MAX_PREFIX_LENGTH = 256;

    /** Hides the password from logs and messages. */
    @Override
    public String toString() {
        return "redis " + (tls ? "rediss" : "redis") + "://" + user.map(u -> u + "@").orElse("") + host + ":" + port
                + "/" + database + " (password " + (password.isPresent() ? "set" : "not set") + "), key prefix '"
                + keyPrefix + "', ttl " + ttl.map(Durations::format).orElse("none");
    }

    /**
     * Reads the settings.
     *
     * @param app the app's name, whose {@code <app>:} is the default key prefix
     * @throws MaterializeException naming the key, where it was set and the fix
     */
    static RedisSettings read(TargetConfig config, String app) {
        Optional<String> url = config.get(URL);
        Endpoint endpoint = url.isPresent() ? fromUrl(config, url.get()) : fromKeys(config);
        Optional<String> password = text(config, PASSWORD);
        if (password.isPresent() && endpoint.password().isPresent()) {
            throw config.error(PASSWORD, "the password is also in " + config.where(URL) + "; give it in one place");
        }
        Optional<String> user = text(config, USER);
        if (user.isPresent() && endpoint.user().isPresent()) {
            throw config.error(USER, "the user is also in " + config.where(URL) + "; give it in one place");
        }
        return new RedisSettings(endpoint.host(), endpoint.port(), endpoint.tls(), user.or(endpoint::user),
                password.or(endpoint::password), endpoint.database(), keyPrefix(config, app), ttl(config),
                timeout(config));
    }

    /** Where Redis is, from the URL or the separate keys. */
    private record Endpoint(String host, int port, boolean tls, Optional<String> user, Optional<String> password,
                            int database) {
    }

    private static Endpoint fromKeys(TargetConfig config) {
        String host = config.get(HOST, DEFAULT_HOST).trim();
        if (host.isEmpty() || host.chars().anyMatch(Character::isWhitespace)) {
            throw config.error(HOST, "'" + host + "' is not a host name or address");
        }
        return new Endpoint(host, config.integer(PORT, DEFAULT_PORT, 1, 65_535), false, Optional.empty(),
                Optional.empty(), config.integer(DATABASE, 0, 0, Integer.MAX_VALUE));
    }

    private static Endpoint fromUrl(TargetConfig config, String url) {
        for (String k : List.of(HOST, PORT, DATABASE)) {
            if (config.get(k).isPresent()) {
                throw config.error(k, "the url is also set (" + config.where(URL) + "); give either url or host, "
                        + "port and database, not both");
            }
        }
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw badUrl(config, url, e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme();
        if (!scheme.equals("redis") && !scheme.equals("rediss")) {
            throw badUrl(config, url, "its scheme must be redis:// (or rediss:// for TLS)");
        }
        if (uri.getHost() == null) {
            throw badUrl(config, url, "it has no host");
        }
        int port = uri.getPort() == -1 ? DEFAULT_PORT : uri.getPort();
        Optional<String> user = Optional.empty();
        Optional<String> password = Optional.empty();
        if (uri.getRawUserInfo() != null) {
            String info = uri.getRawUserInfo();
            int colon = info.indexOf(':');
            if (colon < 0) {
                throw badUrl(config, url, "its user part has no ':'; write redis://:password@host or "
                        + "redis://user:password@host");
            }
            String u = decode(info.substring(0, colon));
            String p = decode(info.substring(colon + 1));
            user = u.isEmpty() ? Optional.empty() : Optional.of(u);
            password = p.isEmpty() ? Optional.empty() : Optional.of(p);
        }
        int database = 0;
        String path = uri.getPath() == null ? "" : uri.getPath();
        if (!path.isEmpty() && !path.equals("/")) {
            try {
                database = Integer.parseInt(path.substring(1));
            } catch (NumberFormatException e) {
                database = -1;
            }
            if (database < 0) {
                throw badUrl(config, url, "its path '" + path + "' is not a database index such as /0");
            }
        }
        if (uri.getQuery() != null || uri.getFragment() != null) {
            throw badUrl(config, url, "it has a query or fragment, which the Redis target does not read");
        }
        return new Endpoint(uri.getHost(), port, scheme.equals("rediss"), user, password, database);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static MaterializeException badUrl(TargetConfig config, String url, String why) {
        String shown = url.replaceFirst("//[^@/]*@", "//***@");
        return config.error(URL, "'" + shown + "' is not a Redis URL such as redis://127.0.0.1:6379/0 ("
                + "redis://[user:password@]host[:port][/database]): " + why);
    }

    private static Optional<String> text(TargetConfig config, String key) {
        return config.get(key).map(v -> {
            if (v.isEmpty()) {
                throw config.error(key, "is empty; leave it out for none");
            }
            return v;
        });
    }

    private static String keyPrefix(TargetConfig config, String app) {
        String prefix = config.get(KEY_PREFIX, app + ":");
        if (prefix.length() > MAX_PREFIX_LENGTH) {
            throw config.error(KEY_PREFIX, "has " + prefix.length() + " characters, more than " + MAX_PREFIX_LENGTH);
        }
        if (prefix.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            throw config.error(KEY_PREFIX, "'" + prefix + "' has a space or a control character; use letters, "
                    + "digits and punctuation such as features:clients:");
        }
        return prefix;
    }

    private static Optional<Duration> ttl(TargetConfig config) {
        return config.get(TTL).map(v -> {
            Duration d = duration(config, TTL, v);
            if (d.isZero()) {
                throw config.error(TTL, "is zero; leave ttl out for hashes that never expire");
            }
            return d;
        });
    }

    private static Duration timeout(TargetConfig config) {
        Duration d = config.get(TIMEOUT).map(v -> duration(config, TIMEOUT, v)).orElse(DEFAULT_TIMEOUT);
        if (d.toMillis() < 1 || d.toMillis() > Integer.MAX_VALUE) {
            throw config.error(TIMEOUT, "must be from 1ms to " + Integer.MAX_VALUE + "ms");
        }
        return d;
    }

    private static Duration duration(TargetConfig config, String key, String v) {
        try {
            return Durations.parse(v);
        } catch (IllegalArgumentException e) {
            throw config.error(key, e.getMessage());
        }
    }
}
