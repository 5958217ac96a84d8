package dev.ferry.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a replay request must say, and what a plan reports, before any cluster is asked. */
class ReplayRequestTest {

    private static final Instant T = Instant.parse("2026-12-01T10:00:00Z");

    @Test
    void a_request_names_one_start_and_offsets_name_their_partition() {
        assertThatThrownBy(() -> new ReplayRequest("a", "t", 0, null, null, null, null))
                .hasMessage("say where to replay from: an offset or a time, one of them");
        assertThatThrownBy(() -> new ReplayRequest("a", "t", 0, 1L, T, null, null))
                .hasMessage("say where to replay from: an offset or a time, one of them");
        assertThatThrownBy(() -> new ReplayRequest("a", "t", null, 1L, null, null, null))
                .hasMessage("a replay from or to an offset needs a topic and a partition: offsets are per partition");
        assertThatThrownBy(() -> new ReplayRequest("a", null, 0, null, T, null, null))
                .hasMessage("a partition needs its topic");
        assertThatThrownBy(() -> new ReplayRequest(" ", null, null, null, T, null, null))
                .hasMessage("say which app to replay");
    }

    @Test
    void an_end_is_one_of_an_offset_or_a_time_and_not_before_the_start() {
        assertThatThrownBy(() -> new ReplayRequest("a", "t", 0, 5L, null, 2L, null))
                .hasMessage("the end offset 2 is before the start offset 5: a replay ends at or after its start");
        assertThatThrownBy(() -> new ReplayRequest("a", null, null, null, T, null, T.minusSeconds(1)))
                .hasMessage("the end time 2026-12-01T09:59:59Z is before the start time 2026-12-01T10:00:00Z: a replay "
                        + "ends at or after its start");
        assertThatThrownBy(() -> new ReplayRequest("a", "t", 0, 1L, null, 2L, T))
                .hasMessage("say where the replay ends with an offset or a time, not both");
        assertThat(new ReplayRequest("a", "t", 0, 1L, null, 2L, null).bounded()).isTrue();
        assertThat(new ReplayRequest("a", null, null, null, T, null, null).bounded()).isFalse();
    }

    @Test
    void a_plan_says_per_partition_what_is_processed_again_and_where_it_goes_on() {
        ReplayPlan plan = new ReplayPlan("a", List.of(new ReplayPlan.Move("t", 2, 10, 2, 4L),
                new ReplayPlan.Move("t", 3, 10, 8, null)));
        assertThat(plan.events()).isEqualTo(3 + 2);
        assertThat(plan.moves().get(0).plan()).isEqualTo("processes 2 to 4 again (3 event(s)), then goes on from 10 "
                + "(offsets 5 to 9 are not processed again)");
        assertThat(plan.moves().get(1).plan()).isEqualTo("processes 8 to 9 again (2 event(s)), then goes on to the end");
        assertThat(plan.moves().get(1).where()).isEqualTo("topic 't' partition 3");
    }
}
