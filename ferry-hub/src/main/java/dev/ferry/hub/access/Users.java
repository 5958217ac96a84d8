package dev.ferry.hub.access;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The hub's users and API tokens, read from a users file: one per line, {@code #} starts a comment.
 *
 * <pre>
 * user  alice   admin  pbkdf2-sha256$600000$...$...
 * token ci-bot  viewer sha256:4f1c...
 * </pre>
 *
 * Only hashes are kept ({@link PasswordHash}); a line that is not one of these two is refused,
 * naming the file and line, so a typo cannot leave a user without the role meant for it.
 */
public final class Users {

    private record Entry(HubUser user, String hash) {
    }

    private final Map<String, Entry> users;
    private final List<Entry> tokens;

    private Users(Map<String, Entry> users, List<Entry> tokens) {
        this.users = Map.copyOf(users);
        this.tokens = List.copyOf(tokens);
    }

    /**
     * Reads a users file.
     *
     * @throws IllegalArgumentException naming the file and line, if a line is wrong or there is no entry
     * @throws UncheckedIOException     if it cannot be read
     */
    public static Users read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the hub's users file " + file + ": " + e.getMessage(), e);
        }
        return parse(lines, file.toString());
    }

    /** Reads the lines of a users file; {@code where} names it in errors. */
    public static Users parse(List<String> lines, String where) {
        Map<String, Entry> users = new LinkedHashMap<>();
        List<Entry> tokens = new java.util.ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int hash = line.indexOf('#');
            String content = (hash >= 0 ? line.substring(0, hash) : line).strip();
            if (content.isEmpty()) {
                continue;
            }
            String[] f = content.split("\\s+");
            String at = where + " line " + (i + 1);
            if (f.length != 4 || !(f[0].equals("user") || f[0].equals("token"))) {
                throw new IllegalArgumentException(at + ": expected 'user NAME ROLE HASH' or 'token NAME ROLE HASH', "
                        + "got " + f.length + " field(s) starting '" + f[0] + "'");
            }
            try {
                HubUser user = new HubUser(f[1], Role.ofUser(f[2]));
                if (f[0].equals("user")) {
                    PasswordHash.checkPasswordHash(f[3]);
                    if (users.put(f[1], new Entry(user, f[3])) != null) {
                        throw new IllegalArgumentException("user '" + f[1] + "' is listed twice");
                    }
                } else {
                    PasswordHash.checkTokenHash(f[3]);
                    tokens.add(new Entry(user, f[3]));
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(at + ": " + e.getMessage(), e);
            }
        }
        if (users.isEmpty() && tokens.isEmpty()) {
            throw new IllegalArgumentException(where + " lists no user and no token");
        }
        return new Users(users, tokens);
    }

    /** The user, if {@code password} is theirs. */
    public Optional<HubUser> login(String name, char[] password) {
        Entry e = users.get(name);
        if (e == null) {
            return Optional.empty();
        }
        return PasswordHash.matches(password, e.hash()) ? Optional.of(e.user()) : Optional.empty();
    }

    /** Whose token {@code token} is, if it is one. */
    public Optional<HubUser> token(String token) {
        for (Entry e : tokens) {
            if (PasswordHash.tokenMatches(token, e.hash())) {
                return Optional.of(e.user());
            }
        }
        return Optional.empty();
    }

    /** How many users and tokens, for the startup line. */
    public String describe() {
        return users.size() + " user(s), " + tokens.size() + " token(s)";
    }
}
