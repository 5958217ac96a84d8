package dev.ferry.hub.access;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Password and token hashes as users files keep them, so no secret is stored in plain text.
 * Passwords: PBKDF2 with HMAC-SHA256 from the JDK, salted, its iteration count in the hash
 * ({@code pbkdf2-sha256$600000$salt$hash}, Base64). API tokens are long random strings, so one
 * SHA-256 is enough ({@code sha256:hex}). Comparisons take the same time whatever matches.
 */
public final class PasswordHash {

    /** Iterations of new password hashes (OWASP's figure for PBKDF2-HMAC-SHA256). */
    public static final int DEFAULT_ITERATIONS = 600_000;
    /** Fewer iterations than this are refused when a users file is read. */
    public static final int MIN_ITERATIONS = 10_000;

    private static final String PBKDF2 = "pbkdf2-sha256";
    private static final String SHA256 = "sha256:";
    private static final SecureRandom RANDOM = new SecureRandom();

    private PasswordHash() {
    }

    /** A new hash of {@code password} with {@value #DEFAULT_ITERATIONS} iterations. */
    public static String hash(char[] password) {
        return hash(password, DEFAULT_ITERATIONS);
    }

    /** A new hash of {@code password} with {@code iterations} (at least {@value #MIN_ITERATIONS}). */
    public static String hash(char[] password, int iterations) {
        if (iterations < MIN_ITERATIONS) {
            throw new IllegalArgumentException("a password hash needs at least " + MIN_ITERATIONS + " iterations");
        }
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return PBKDF2 + "$" + iterations + "$" + b64.encodeToString(salt) + "$"
                + b64.encodeToString(pbkdf2(password, salt, iterations));
    }

    /**
     * Checks that {@code hash} is one this class writes.
     *
     * @throws IllegalArgumentException saying what is wrong with it
     */
    public static void checkPasswordHash(String hash) {
        parse(hash);
    }

    /** Whether {@code password} is the one {@code hash} was made from. */
    public static boolean matches(char[] password, String hash) {
        Parsed p = parse(hash);
        return MessageDigest.isEqual(pbkdf2(password, p.salt(), p.iterations()), p.hash());
    }

    /** A new API token: 32 random bytes, Base64url, prefixed {@code fhub_} so it is recognisable in a leak. */
    public static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return "fhub_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The hash of an API token as users files keep it: {@code sha256:} and its hex. */
    public static String tokenHash(String token) {
        return SHA256 + HexFormat.of().formatHex(sha256(token));
    }

    /** Whether {@code token} hashes to {@code hash} (a {@link #tokenHash}). */
    public static boolean tokenMatches(String token, String hash) {
        return MessageDigest.isEqual(tokenHash(token).getBytes(StandardCharsets.US_ASCII),
                hash.getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * Checks that {@code hash} is a token hash.
     *
     * @throws IllegalArgumentException saying what is wrong with it
     */
    public static void checkTokenHash(String hash) {
        if (!hash.matches("sha256:[0-9a-f]{64}")) {
            throw new IllegalArgumentException("a token's hash is 'sha256:' and 64 lower-case hex digits "
                    + "(ferry hub --new-token writes one)");
        }
    }

    private record Parsed(int iterations, byte[] salt, byte[] hash) {
    }

    private static Parsed parse(String hash) {
        String[] parts = hash.split("\\$");
        if (parts.length != 4 || !parts[0].equals(PBKDF2)) {
            throw new IllegalArgumentException("a password hash is pbkdf2-sha256$iterations$salt$hash "
                    + "(ferry hub --hash-password writes one); plain-text passwords are not accepted");
        }
        int iterations;
        try {
            iterations = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the iteration count '" + parts[1] + "' is not a number");
        }
        if (iterations < MIN_ITERATIONS) {
            throw new IllegalArgumentException("the hash has " + iterations + " iterations, fewer than "
                    + MIN_ITERATIONS);
        }
        try {
            byte[] salt = Base64.getDecoder().decode(parts[2]);
            byte[] h = Base64.getDecoder().decode(parts[3]);
            if (salt.length < 8 || h.length != 32) {
                throw new IllegalArgumentException("its salt or hash has the wrong length");
            }
            return new Parsed(iterations, salt, h);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the salt or hash is not Base64 of the right length: " + e.getMessage());
        }
    }

    private static byte[] pbkdf2(char[] password, byte[] salt, int iterations) {
        try {
            PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, 256);
            try {
                return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
            } finally {
                spec.clearPassword();
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no PBKDF2WithHmacSHA256", e);
        }
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no SHA-256", e);
        }
    }
}
