package dev.ferry.hub.web;

import dev.ferry.hub.access.HubUser;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The hub's login sessions, in memory: a random id (the cookie's value) to its user and its CSRF
 * token, valid until it has been idle for the timeout. A restarted hub forgets them (users log in
 * again); several hub instances behind one address need sticky sessions.
 */
final class Sessions {

    /** One session. */
    record Session(String id, HubUser user, String csrf, Instant expires) {
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Duration idle;
    private final Clock clock;

    Sessions(Duration idle, Clock clock) {
        this.idle = idle;
        this.clock = clock;
    }

    Duration idle() {
        return idle;
    }

    Session open(HubUser user) {
        Instant now = clock.instant();
        sessions.values().removeIf(s -> !s.expires().isAfter(now));
        Session s = new Session(random(), user, random(), now.plus(idle));
        sessions.put(s.id(), s);
        return s;
    }

    /** The session of {@code id} if it has not expired, its expiry pushed back. */
    Optional<Session> find(String id) {
        if (id == null) {
            return Optional.empty();
        }
        Session s = sessions.get(id);
        Instant now = clock.instant();
        if (s == null) {
            return Optional.empty();
        }
        if (!s.expires().isAfter(now)) {
            sessions.remove(id);
            return Optional.empty();
        }
        Session renewed = new Session(s.id(), s.user(), s.csrf(), now.plus(idle));
        sessions.put(id, renewed);
        return Optional.of(renewed);
    }

    void close(String id) {
        if (id != null) {
            sessions.remove(id);
        }
    }

    static String random() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
