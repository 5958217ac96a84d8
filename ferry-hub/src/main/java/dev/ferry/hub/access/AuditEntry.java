package dev.ferry.hub.access;

import java.time.Instant;
import java.util.Objects;

/**
 * One line of the audit log: who did what to which topic, when. The hub writes peeks, logins,
 * failed logins, the skips and replays its admins make and every change it refused; {@code ferry skip} and {@code ferry replay} write skips and replays (read back
 * from their {@code SkipRecord}s and {@code ReplayRecord}s).
 *
 * @param at     when
 * @param by     who (a user or token name; for a failed login, the name tried)
 * @param action {@value #PEEK}, {@value #LOGIN}, {@value #LOGIN_FAILED}, {@value #LOGOUT}, {@value #SKIP},
 *               {@value #REPLAY}, {@value #REFUSED}, or {@code skip} or {@code replay} (from the CLI)
 * @param topic  the topic it concerns, or empty
 * @param detail what exactly: partitions and offsets peeked, the app and event skipped, ...
 */
public record AuditEntry(Instant at, String by, String action, String topic, String detail) {

    /** A peek at a topic's events (page or API). */
    public static final String PEEK = "hub.peek";
    /** A successful login (form) on the hub. */
    public static final String LOGIN = "hub.login";
    /** A refused login: bad password, unknown user, unknown token. */
    public static final String LOGIN_FAILED = "hub.login-failed";
    /** A logout. */
    public static final String LOGOUT = "hub.logout";
    /** An event skipped from the hub by an admin (its {@code SkipRecord} is on the audit topic too). */
    public static final String SKIP = "hub.skip";
    /** A replay started from the hub by an admin (its {@code ReplayRecord}s are on the audit topic too). */
    public static final String REPLAY = "hub.replay";
    /** A refused change: a role too low, a forged or token-less request, or a skip or replay the cluster refused. */
    public static final String REFUSED = "hub.refused";

    /** Checks every part is there. */
    public AuditEntry {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(by, "by");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(detail, "detail");
    }
}
