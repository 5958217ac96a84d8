package dev.ferry.proxy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * App tokens as the proxy's config file keeps them: {@code sha256:<hex>} of the token, never the
 * token itself (the hub's users file keeps its API tokens the same way). A token is 32 random bytes,
 * so one SHA-256 is enough; comparisons take the same time whatever matches.
 */
public final class TokenHash {

    private static final String PREFIX = "sha256:";
    private static final SecureRandom RANDOM = new SecureRandom();

    private TokenHash() {
    }

    /** A new random token (URL-safe Base64 of 32 bytes). */
    public static String newToken() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** The hash of {@code token}, as the config file lists it. */
    public static String of(String token) {
        return PREFIX + HexFormat.of().formatHex(sha256(token));
    }

    /**
     * Checks that {@code hash} is one {@link #of} writes.
     *
     * @throws IllegalArgumentException saying what is wrong
     */
    public static void check(String hash) {
        if (!hash.startsWith(PREFIX) || hash.length() != PREFIX.length() + 64
                || !hash.substring(PREFIX.length()).matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("not a token hash: expected sha256: and 64 lower-case hex digits "
                    + "(ferry proxy --new-token APP makes one)");
        }
    }

    /** Whether {@code token} is the one {@code hash} was made from. */
    public static boolean matches(String token, String hash) {
        return MessageDigest.isEqual(of(token).getBytes(StandardCharsets.US_ASCII),
                hash.getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
