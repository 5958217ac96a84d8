package dev.ferry.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OrderCheckTest {

    @Test
    void each_keys_events_in_order_with_keys_interleaved_pass() {
        OrderCheck check = new OrderCheck();
        check.accept("a", 0);
        check.accept("b", 0);
        check.accept("a", 1);
        check.accept("b", 1);
        check.accept("a", 2);

        OrderCheck.Result r = check.result(5);
        assertThat(r.complete()).isTrue();
        assertThat(r.inOrder()).isTrue();
        assertThat(r.missing()).isZero();
    }

    @Test
    void an_event_after_a_later_one_of_its_key_is_a_violation() {
        OrderCheck check = new OrderCheck();
        check.accept("a", 0);
        check.accept("a", 2);
        check.accept("a", 1);

        OrderCheck.Result r = check.result(3);
        assertThat(r.violations()).isEqualTo(1);
        assertThat(r.inOrder()).isFalse();
        assertThat(r.complete()).isTrue();
    }

    @Test
    void a_replay_counts_as_duplicates_not_violations_and_missing_events_are_counted() {
        OrderCheck check = new OrderCheck();
        check.accept("a", 0);
        check.accept("a", 1);
        check.accept("a", 0);
        check.accept("a", 1);
        check.acceptUnreadable();

        OrderCheck.Result r = check.result(3);
        assertThat(r.duplicates()).isEqualTo(2);
        assertThat(r.violations()).isZero();
        assertThat(r.missing()).isEqualTo(1);
        assertThat(r.unreadable()).isEqualTo(1);
        assertThat(r.complete()).isFalse();
    }

    @Test
    void slow_events_number_each_keys_events_from_zero_and_are_the_same_every_time() {
        SlowEvents events = new SlowEvents(20);
        SlowEvents again = new SlowEvents(20);
        Map<String, Long> next = new HashMap<>();
        for (int i = 0; i < 1_000; i++) {
            SlowEvent e = events.next();
            assertThat(e).isEqualTo(again.next());
            assertThat(e.index()).isEqualTo(i);
            assertThat(e.seq()).isEqualTo(next.getOrDefault(e.key(), 0L));
            next.put(e.key(), e.seq() + 1);
        }
        assertThat(next).hasSize(20);
        assertThat(new String(SlowEvents.json(new SlowEvent("k-0007", 3, 42)), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo("{\"key\":\"k-0007\",\"seq\":3,\"index\":42}");
    }
}
