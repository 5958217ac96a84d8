package dev.ferry.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The envelope rules: what set and map do to an event, whom they apply to, and the file's mistakes. */
class EnvelopeRulesTest {

    private static final String EVENT = "{\"metadata\":{\"id\":\"a\",\"version\":\"1\"},\"payload\":{\"n\":1}}";

    private static String apply(String rules, String app, String topic, String event) {
        byte[] out = EnvelopeRules.parse(rules, "rules.yaml").apply(app, topic, event.getBytes(StandardCharsets.UTF_8));
        return new String(out, StandardCharsets.UTF_8);
    }

    @Test
    void set_adds_a_field_with_the_app_and_topic_filled_in() {
        assertThat(apply("rules:\n  - set: metadata.producer\n    value: \"{app}@{topic}\"\n", "predict", "p.t", EVENT))
                .isEqualTo("{\"metadata\":{\"id\":\"a\",\"version\":\"1\",\"producer\":\"predict@p.t\"},"
                        + "\"payload\":{\"n\":1}}");
    }

    @Test
    void set_makes_the_objects_on_its_path_but_leaves_an_event_whose_path_holds_a_value() {
        assertThat(apply("rules:\n  - set: trace.source.app\n    value: x\n", "a", "t", "{\"n\":1}"))
                .isEqualTo("{\"n\":1,\"trace\":{\"source\":{\"app\":\"x\"}}}");
        assertThat(apply("rules:\n  - set: n.deeper\n    value: x\n", "a", "t", "{\"n\":1}")).isEqualTo("{\"n\":1}");
    }

    @Test
    void map_replaces_only_the_value_it_names() {
        String rules = "rules:\n  - map: metadata.version\n    from: \"1\"\n    to: \"2\"\n";
        assertThat(apply(rules, "a", "t", EVENT)).contains("\"version\":\"2\"");
        assertThat(apply(rules, "a", "t", EVENT.replace("\"1\"", "\"7\""))).contains("\"version\":\"7\"");
    }

    @Test
    void rules_limited_to_apps_or_topics_leave_the_others_byte_for_byte() {
        String rules = "rules:\n  - set: metadata.producer\n    value: p\n    apps: [billing]\n"
                + "  - map: metadata.version\n    from: \"1\"\n    to: \"2\"\n    topics: only.this\n";
        assertThat(apply(rules, "other", "t", EVENT)).isEqualTo(EVENT);
        assertThat(apply(rules, "billing", "t", EVENT)).contains("\"producer\":\"p\"").contains("\"version\":\"1\"");
        assertThat(apply(rules, "other", "only.this", EVENT)).contains("\"version\":\"2\"").doesNotContain("producer");
    }

    @Test
    void an_event_that_is_not_a_json_object_is_left_as_it_is() {
        assertThat(apply("rules:\n  - set: a\n    value: b\n", "a", "t", "[1, 2]")).isEqualTo("[1, 2]");
        assertThat(apply("rules:\n  - set: a\n    value: b\n", "a", "t", "not json")).isEqualTo("not json");
    }

    @Test
    void mistakes_name_the_file_the_rule_and_the_fix() {
        assertThatThrownBy(() -> EnvelopeRules.parse("rules:\n  - set: a\n", "rules.yaml"))
                .hasMessage("rules.yaml: rule 1: set needs value: a text value");
        assertThatThrownBy(() -> EnvelopeRules.parse("rules:\n  - set: a\n    value: b\n  - drop: c\n", "rules.yaml"))
                .hasMessageStartingWith("rules.yaml: rule 2: unknown key 'drop'");
        assertThatThrownBy(() -> EnvelopeRules.parse("rules:\n  - set: a\n    map: b\n", "rules.yaml"))
                .hasMessage("rules.yaml: rule 1: give exactly one of set: FIELD or map: FIELD");
        assertThatThrownBy(() -> EnvelopeRules.parse("rules:\n  - map: a..b\n    from: x\n    to: y\n", "rules.yaml"))
                .hasMessage("rules.yaml: rule 1: 'a..b' is not a field path such as metadata.producer");
        assertThatThrownBy(() -> EnvelopeRules.parse("set: a\n", "rules.yaml"))
                .hasMessageStartingWith("rules.yaml: expected 'rules:' and a list of rules");
        assertThat(EnvelopeRules.parse("", "rules.yaml").size()).isZero();
    }
}
