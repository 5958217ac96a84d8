package dev.ferry.hub.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The users file: hashed passwords and tokens only, a clear error naming the line otherwise. */
class UsersTest {

    private static final String HASH = PasswordHash.hash("s3cret".toCharArray(), PasswordHash.MIN_ITERATIONS);

    @Test
    void users_log_in_with_their_password_and_tokens_are_recognised() {
        String token = PasswordHash.newToken();
        Users users = Users.parse(List.of("# the hub's users", "", "user alice admin " + HASH + "  # on call",
                "token ci-bot viewer " + PasswordHash.tokenHash(token)), "users.txt");
        assertThat(users.login("alice", "s3cret".toCharArray())).contains(new HubUser("alice", Role.ADMIN));
        assertThat(users.login("alice", "S3cret".toCharArray())).isEmpty();
        assertThat(users.login("bob", "s3cret".toCharArray())).isEmpty();
        assertThat(users.token(token)).contains(new HubUser("ci-bot", Role.VIEWER));
        assertThat(users.token(token + "x")).isEmpty();
        assertThat(users.describe()).isEqualTo("1 user(s), 1 token(s)");
    }

    @Test
    void a_password_hash_is_salted_and_verifies() {
        String a = PasswordHash.hash("pw".toCharArray(), PasswordHash.MIN_ITERATIONS);
        String b = PasswordHash.hash("pw".toCharArray(), PasswordHash.MIN_ITERATIONS);
        assertThat(a).isNotEqualTo(b).startsWith("pbkdf2-sha256$10000$");
        assertThat(PasswordHash.matches("pw".toCharArray(), a)).isTrue();
        assertThat(PasswordHash.matches("pw ".toCharArray(), a)).isFalse();
    }

    @Test
    void a_plain_text_password_is_refused_naming_the_line() {
        assertThatThrownBy(() -> Users.parse(List.of("user alice admin " + HASH, "user bob reader hunter2"), "u.txt"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("u.txt line 2").hasMessageContaining("plain-text passwords are not accepted");
    }

    @Test
    void an_unknown_role_a_bad_line_a_weak_hash_and_an_empty_file_are_refused() {
        assertThatThrownBy(() -> Users.parse(List.of("user alice root " + HASH), "u.txt"))
                .hasMessageContaining("u.txt line 1").hasMessageContaining("unknown role 'root'");
        assertThatThrownBy(() -> Users.parse(List.of("alice admin " + HASH), "u.txt"))
                .hasMessageContaining("u.txt line 1").hasMessageContaining("expected 'user NAME ROLE HASH'");
        assertThatThrownBy(() -> Users.parse(List.of("user alice admin pbkdf2-sha256$100$AAAAAAAAAAA$AAAA"), "u.txt"))
                .hasMessageContaining("fewer than 10000");
        assertThatThrownBy(() -> Users.parse(List.of("token t viewer abc"), "u.txt"))
                .hasMessageContaining("u.txt line 1").hasMessageContaining("sha256:");
        assertThatThrownBy(() -> Users.parse(List.of("user a viewer " + HASH, "user a admin " + HASH), "u.txt"))
                .hasMessageContaining("u.txt line 2").hasMessageContaining("listed twice");
        assertThatThrownBy(() -> Users.parse(List.of("# nobody"), "u.txt")).hasMessageContaining("no user");
    }
}
