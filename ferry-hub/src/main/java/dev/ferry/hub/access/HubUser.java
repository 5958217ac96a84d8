package dev.ferry.hub.access;

import java.util.Objects;

/**
 * Who a request comes from, once authenticated: the name the audit log records and the role the
 * routes check.
 *
 * @param name its name (a user's, or a token's)
 * @param role what it may see
 */
public record HubUser(String name, Role role) {

    /** Who every request is on a hub started open ({@code ferry hub --open}): no login, every role. */
    public static final HubUser ANONYMOUS = new HubUser("anonymous", Role.ADMIN);

    /** Checks both are there, and that the role is a user's. */
    public HubUser {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
        if (role == Role.PUBLIC) {
            throw new IllegalArgumentException("a user's role is viewer, reader or admin, not public");
        }
    }
}
