package dev.ferry.runbook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.engine.AppDescriptor;
import dev.ferry.engine.FerryEngine;
import dev.ferry.engine.PlatformProfile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generated rules against Prometheus's own rule engine: {@code promtool check rules} on the
 * file, and {@code promtool test rules} with input series that make each of the five alerts fire,
 * and series (and moments) where it must not: before its {@code for:} has passed, below its
 * threshold, while the app makes progress, and when a halt explains it. Every case runs with the
 * default profile's thresholds (lag 300s for 5m, stalled 5m then 1m, not ready 5m, halted 1m,
 * dead letters over 15m).
 */
class PromtoolRulesTest {

    private static final AppDescriptor APP = AppDescriptor.of(SignupScorer.class);
    private static final String SEL = "app=\"signup-scorer\"";

    @TempDir
    Path dir;

    private RunbookFiles files;
    private Map<String, JsonNode> rules;

    @BeforeEach
    void writeTheRules() throws Exception {
        PlatformProfile profile = PlatformProfile.builder().build();
        files = RunbookWriter.write(APP, FerryEngine.outputSchemas(APP, profile), profile, dir);
        rules = new LinkedHashMap<>();
        for (JsonNode r : PrometheusRules.YAML.readTree(files.rules().toFile()).at("/groups/0/rules")) {
            rules.put(r.get("alert").asText(), r);
        }
    }

    /** One independent set of input series and the alerts expected at given moments. */
    private final class Case {
        final ObjectNode node = PrometheusRules.YAML.createObjectNode();
        final ArrayNode series = node.put("interval", "1m").putArray("input_series");
        final ArrayNode checks = node.putArray("alert_rule_test");

        Case series(String name, String values) {
            series.addObject().put("series", name).put("values", values);
            return this;
        }

        /** At {@code minute}, {@code alert} fires (once, for the app) or does not. */
        Case at(int minute, String alert, boolean fires) {
            ObjectNode check = checks.addObject().put("eval_time", minute + "m").put("alertname", alert);
            ArrayNode expected = check.putArray("exp_alerts");
            if (fires) {
                ObjectNode e = expected.addObject();
                e.set("exp_labels", rules.get(alert).get("labels"));
                e.set("exp_annotations", rules.get(alert).get("annotations"));
            }
            return this;
        }
    }

    private Case newCase() {
        return new Case();
    }

    private Promtool.Result promtoolTest(List<Case> cases) throws Exception {
        ObjectNode root = PrometheusRules.YAML.createObjectNode();
        root.putArray("rule_files").add(files.rules().getFileName().toString());
        root.put("evaluation_interval", "1m");
        ArrayNode tests = root.putArray("tests");
        cases.forEach(c -> tests.add(c.node));
        Path test = dir.resolve("signup-scorer.rules.test.yaml");
        PrometheusRules.YAML.writeValue(test.toFile(), root);
        return Promtool.run(dir, "test", "rules", test.getFileName().toString());
    }

    @Test
    void promtool_checks_the_rules_file() throws Exception {
        Promtool.Result r = Promtool.run(dir, "check", "rules", files.rules().getFileName().toString());

        assertThat(r.output()).contains("SUCCESS: 5 rules found");
        assertThat(r.exitCode()).isZero();
    }

    @Test
    void promtool_finds_a_broken_rules_file() throws Exception {
        Path broken = Files.writeString(dir.resolve("broken.rules.yaml"),
                Files.readString(files.rules()).replace("== 1", "== == 1"));

        Promtool.Result r = Promtool.run(dir, "check", "rules", broken.getFileName().toString());

        assertThat(r.exitCode()).as(r.output()).isNotZero();
    }

    @Test
    void each_alert_fires_on_its_series_and_not_before_its_for_nor_on_the_series_that_must_not_fire()
            throws Exception {
        List<Case> cases = new ArrayList<>();
        // Halted from minute 2: pending at 2, firing from 3. Stalled and not ready stay quiet: the halt says it.
        cases.add(newCase()
                .series("ferry_halted{" + SEL + ",instance=\"pod-0\"}", "0 0 1x20")
                .series("ferry_halted{" + SEL + ",instance=\"pod-1\"}", "0x22")
                .series("ferry_ready{" + SEL + ",instance=\"pod-0\"}", "1 1 0x20")
                .series("ferry_ready{" + SEL + ",instance=\"pod-1\"}", "1x22")
                .series("ferry_consumer_lag{" + SEL + ",instance=\"pod-0\",topic=\"client.signed_up\",partition=\"0\"}",
                        "0 0 5+1x20")
                .series("ferry_events_consumed_total{" + SEL + ",instance=\"pod-0\"}", "0 10 20x20")
                .series("ferry_events_consumed_total{" + SEL + ",instance=\"pod-1\"}", "0x22")
                .at(1, AppAlerts.HALTED, false)
                .at(2, AppAlerts.HALTED, false)
                .at(4, AppAlerts.HALTED, true)
                .at(15, AppAlerts.HALTED, true)
                .at(15, AppAlerts.STALLED, false)
                .at(15, AppAlerts.NOT_READY, false));
        // The oldest waiting event passes 300s at minute 3 on partition 1; the alert fires 5m later.
        cases.add(newCase()
                .series("ferry_consumer_lag_seconds{" + SEL + ",instance=\"pod-0\",topic=\"client.signed_up\","
                        + "partition=\"0\"}", "0x15")
                .series("ferry_consumer_lag_seconds{" + SEL + ",instance=\"pod-1\",topic=\"client.signed_up\","
                        + "partition=\"1\"}", "0 100 200 301+60x12")
                .at(2, AppAlerts.LAGGING, false)
                .at(7, AppAlerts.LAGGING, false)
                .at(8, AppAlerts.LAGGING, true)
                .at(12, AppAlerts.LAGGING, true));
        // Lag of exactly the threshold, for a long time, is not above it.
        cases.add(newCase()
                .series("ferry_consumer_lag_seconds{" + SEL + ",instance=\"pod-0\",topic=\"client.signed_up\","
                        + "partition=\"0\"}", "0 100 200 300x15")
                .at(12, AppAlerts.LAGGING, false));
        // Events wait (lag 5) and nothing completes: stalled once a whole window of counts is there (5m), then 1m.
        cases.add(newCase()
                .series("ferry_consumer_lag{" + SEL + ",instance=\"pod-0\",topic=\"client.signed_up\",partition=\"0\"}",
                        "5x20")
                .series("ferry_events_consumed_total{" + SEL + ",instance=\"pod-0\"}", "100x20")
                .series("ferry_halted{" + SEL + ",instance=\"pod-0\"}", "0x20")
                .series("ferry_ready{" + SEL + ",instance=\"pod-0\"}", "1x20")
                .at(2, AppAlerts.STALLED, false)
                .at(5, AppAlerts.STALLED, false)
                .at(6, AppAlerts.STALLED, true)
                .at(12, AppAlerts.STALLED, true)
                .at(12, AppAlerts.NOT_READY, false));
        // Events wait but complete (a busy app with a steady backlog): never stalled.
        cases.add(newCase()
                .series("ferry_consumer_lag{" + SEL + ",instance=\"pod-0\",topic=\"client.signed_up\",partition=\"0\"}",
                        "50x20")
                .series("ferry_events_consumed_total{" + SEL + ",instance=\"pod-0\"}", "0+100x20")
                .series("ferry_halted{" + SEL + ",instance=\"pod-0\"}", "0x20")
                .at(12, AppAlerts.STALLED, false));
        // Caught up and idle (no lag, nothing consumed): not stalled either.
        cases.add(newCase()
                .series("ferry_consumer_lag{" + SEL + ",instance=\"pod-0\",topic=\"client.signed_up\",partition=\"0\"}",
                        "0x20")
                .series("ferry_events_consumed_total{" + SEL + ",instance=\"pod-0\"}", "100x20")
                .at(12, AppAlerts.STALLED, false));
        // One of two instances not ready from minute 2 (cluster unreachable): fires 5m later.
        cases.add(newCase()
                .series("ferry_ready{" + SEL + ",instance=\"pod-0\"}", "1 1 0x15")
                .series("ferry_ready{" + SEL + ",instance=\"pod-1\"}", "1x17")
                .series("ferry_halted{" + SEL + ",instance=\"pod-0\"}", "0x17")
                .at(6, AppAlerts.NOT_READY, false)
                .at(7, AppAlerts.NOT_READY, true));
        // Every instance ready: never.
        cases.add(newCase()
                .series("ferry_ready{" + SEL + ",instance=\"pod-0\"}", "1x15")
                .at(12, AppAlerts.NOT_READY, false));
        // No instance reports metrics at all (another app does): not ready after 5m.
        cases.add(newCase()
                .series("ferry_ready{app=\"other-app\",instance=\"pod-9\"}", "1x15")
                .at(4, AppAlerts.NOT_READY, false)
                .at(5, AppAlerts.NOT_READY, true));
        // One event dead-lettered at minute 3: fires at once, resolves when the 15m window no longer holds it.
        cases.add(newCase()
                .series("ferry_events_dead_lettered_total{" + SEL + ",instance=\"pod-0\"}", "0 0 0 1x25")
                .at(2, AppAlerts.DEAD_LETTERED, false)
                .at(3, AppAlerts.DEAD_LETTERED, true)
                .at(17, AppAlerts.DEAD_LETTERED, true)
                .at(20, AppAlerts.DEAD_LETTERED, false));
        // Nothing dead-lettered: never.
        cases.add(newCase()
                .series("ferry_events_dead_lettered_total{" + SEL + ",instance=\"pod-0\"}", "0x25")
                .at(20, AppAlerts.DEAD_LETTERED, false));

        Promtool.Result r = promtoolTest(cases);

        assertThat(r.output()).contains("SUCCESS");
        assertThat(r.exitCode()).as(r.output()).isZero();
    }

    @Test
    void promtool_test_fails_when_an_expectation_is_wrong_so_the_cases_above_can_fail() throws Exception {
        Promtool.Result r = promtoolTest(List.of(newCase()
                .series("ferry_halted{" + SEL + ",instance=\"pod-0\"}", "1x10")
                .at(5, AppAlerts.HALTED, false)));

        assertThat(r.exitCode()).isNotZero();
        assertThat(r.output()).contains("FerryAppHalted");
    }
}
