package dev.ferry.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class FaultInjectionCommandTest {

    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = new CommandLine(new FaultInjectionCommand());
        cl.setErr(new PrintWriter(err));
        cl.setOut(new PrintWriter(new StringWriter()));
        return cl.execute(args);
    }

    @Test
    void an_unknown_guarantee_is_a_usage_error_listing_the_known_ones() {
        assertThat(run("--guarantee", "twice")).isEqualTo(2);
        assertThat(err.toString()).contains("unknown guarantee 'twice'").contains("at-least-once");
    }

    @Test
    void a_bad_duration_is_a_usage_error_with_an_example() {
        assertThat(run("--session-timeout", "soon")).isEqualTo(2);
        assertThat(err.toString()).contains("--session-timeout must be a duration such as 500ms, 30s or 10m, got 'soon'");
    }

    @Test
    void a_negative_count_is_a_usage_error() {
        assertThat(run("--kills", "-1")).isEqualTo(2);
        assertThat(err.toString()).contains("--kills must be 0 or more, got -1");
    }

    @Test
    void too_few_events_for_the_faults_planned_is_a_usage_error() {
        assertThat(run("--events", "4", "--kills", "2", "--broker-restarts", "1", "--rebalances", "1")).isEqualTo(2);
        assertThat(err.toString()).contains("--events must be more than the 5 faults planned");
    }

    @Test
    void each_fault_holds_back_one_batch_or_less_so_that_at_most_a_fifth_of_the_input_waits() {
        assertThat(FaultRun.heldBackPerFault(100_000, 13)).isEqualTo(FaultApp.BATCH_SIZE);
        assertThat(FaultRun.heldBackPerFault(5_000, 6)).isEqualTo(166);
        assertThat(FaultRun.heldBackPerFault(1_000, 6)).isEqualTo(33);
        assertThat(FaultRun.heldBackPerFault(10, 6)).isEqualTo(1);
        assertThat(FaultRun.heldBackPerFault(10, 0)).isZero();
    }

    @Test
    void durations_are_read_as_in_the_profile() {
        assertThat(FaultInjectionCommand.duration("500ms", "--x").toMillis()).isEqualTo(500);
        assertThat(FaultInjectionCommand.duration("3s", "--x").toSeconds()).isEqualTo(3);
        assertThat(FaultInjectionCommand.duration("10m", "--x").toMinutes()).isEqualTo(10);
    }
}
