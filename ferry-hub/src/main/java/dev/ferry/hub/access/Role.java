package dev.ferry.hub.access;

import java.util.Locale;

/**
 * What a hub user may see and do. Each role includes the ones before it: a viewer sees topics,
 * rates, lag, lineage and apps but no event contents; a reader also peeks at events (masked); an
 * admin also reads the audit log. Routes name the least role they need ({@link #PUBLIC} for the
 * login page and assets), so a route cannot be registered without deciding who may use it.
 */
public enum Role {
    /** Anyone, logged in or not: the login page, the stylesheet and script. Not a user's role. */
    PUBLIC,
    /** Topics, rates, consumers, lag, apps, lineage; no event contents. */
    VIEWER,
    /** Also event contents (peeks), with sensitive fields masked. */
    READER,
    /** Also the audit log. */
    ADMIN;

    /** Whether a user with this role may use a route that needs {@code needed}. */
    public boolean allows(Role needed) {
        return compareTo(needed) >= 0;
    }

    /**
     * The role named {@code name} ({@code viewer}, {@code reader}, {@code admin}).
     *
     * @throws IllegalArgumentException naming the accepted roles, if it is none of them
     */
    public static Role ofUser(String name) {
        String n = name.strip().toLowerCase(Locale.ROOT);
        return switch (n) {
            case "viewer" -> VIEWER;
            case "reader" -> READER;
            case "admin" -> ADMIN;
            default -> throw new IllegalArgumentException("unknown role '" + name + "': a user's role is viewer, "
                    + "reader or admin");
        };
    }

    /** Its name as users files spell it. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
