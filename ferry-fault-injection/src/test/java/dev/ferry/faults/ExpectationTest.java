package dev.ferry.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.engine.Guarantee;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.IsolationLevel;
import org.junit.jupiter.api.Test;

class ExpectationTest {

    private static OutputAudit audit(long covered, long duplicates) {
        return new OutputAudit(100, 0, covered + duplicates, 0, covered, 100 - covered, duplicates, 0, Map.of(), List.of(), java.time.Duration.ZERO);
    }

    @Test
    void every_engine_guarantee_has_an_expectation() {
        for (Guarantee g : Guarantee.values()) {
            assertThat(Expectation.of(g).name()).isEqualTo(g.name());
        }
    }

    @Test
    void at_least_once_fails_on_a_lost_event_and_accepts_duplicates() {
        assertThat(Expectation.AT_LEAST_ONCE.violation(audit(100, 7))).isNull();
        assertThat(Expectation.AT_LEAST_ONCE.violation(audit(99, 0))).isEqualTo("1 event(s) lost");
    }

    @Test
    void exactly_once_reads_committed_outputs_and_fails_on_a_duplicate() {
        assertThat(Expectation.EXACTLY_ONCE.isolation()).isEqualTo(IsolationLevel.READ_COMMITTED);
        assertThat(Expectation.EXACTLY_ONCE.violation(audit(100, 0))).isNull();
        assertThat(Expectation.EXACTLY_ONCE.violation(audit(100, 1))).isEqualTo("1 duplicate output(s)");
        assertThat(Expectation.EXACTLY_ONCE.violation(audit(99, 0))).isEqualTo("1 event(s) lost");
    }

    @Test
    void at_most_once_accepts_losses_and_fails_on_a_duplicate() {
        assertThat(Expectation.AT_MOST_ONCE.violation(audit(90, 0))).isNull();
        assertThat(Expectation.AT_MOST_ONCE.violation(audit(100, 2))).isEqualTo("2 duplicate output(s)");
    }

    @Test
    void events_the_group_never_committed_are_unprocessed_not_lost() {
        OutputAudit halted = new OutputAudit(100, 0, 90, 0, 90, 0, 0, 0, Map.of(), List.of(), java.time.Duration.ZERO);
        assertThat(halted.unprocessed()).isEqualTo(10);
        assertThat(Expectation.EXACTLY_ONCE.violation(halted)).isNull();
    }

    @Test
    void outputs_that_no_input_explains_fail_every_guarantee() {
        OutputAudit stray = new OutputAudit(100, 0, 101, 0, 100, 0, 0, 1, Map.of(), List.of(), java.time.Duration.ZERO);
        for (Expectation e : Expectation.values()) {
            assertThat(e.violation(stray)).contains("no input should have produced");
        }
    }
}
