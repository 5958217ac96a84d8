package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ferry proxy}: a new token and its config line, and a config file's mistake as one line. */
class ProxyCommandTest {

    @TempDir
    Path dir;

    @Test
    void new_token_prints_a_token_and_the_config_line_with_its_hash() {
        Cli.Result r = Cli.in(dir, Map.of()).run("proxy", "--new-token", "predict-foo");
        assertThat(r.exitCode()).isZero();
        String[] lines = r.out().strip().split("\n");
        assertThat(lines).hasSize(2);
        String token = lines[0].substring(lines[0].lastIndexOf(' ') + 1);
        assertThat(lines[1]).startsWith("config line, under apps:  predict-foo: sha256:")
                .isEqualTo("config line, under apps:  predict-foo: " + dev.ferry.proxy.TokenHash.of(token));
    }

    @Test
    void a_config_mistake_is_one_line_naming_the_file_and_key() throws Exception {
        Files.writeString(dir.resolve("proxy.yaml"), "apps:\n  a: not-a-hash\n");
        Cli.Result r = Cli.in(dir, Map.of()).run("proxy", "--config", "proxy.yaml");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("proxy config " + dir.resolve("proxy.yaml") + ": apps.a: not a token hash");
    }

    @Test
    void without_a_config_it_says_what_to_give() {
        Cli.Result r = Cli.in(dir, Map.of()).run("proxy");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("give --config FILE (or --new-token APP)");
    }
}
