package dev.ferry.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Exponential backoff from the initial wait, doubling, capped at the maximum. */
class RetryPolicyTest {

    @Test
    void doubles_the_wait_after_each_failed_attempt() {
        RetryPolicy retry = new RetryPolicy(Duration.ofMillis(100), Duration.ofHours(1), 10);

        assertThat(retry.backoffAfter(1)).isEqualTo(Duration.ofMillis(100));
        assertThat(retry.backoffAfter(2)).isEqualTo(Duration.ofMillis(200));
        assertThat(retry.backoffAfter(3)).isEqualTo(Duration.ofMillis(400));
        assertThat(retry.backoffAfter(4)).isEqualTo(Duration.ofMillis(800));
    }

    @Test
    void never_waits_longer_than_the_maximum() {
        RetryPolicy retry = new RetryPolicy(Duration.ofSeconds(1), Duration.ofSeconds(30), 10);

        assertThat(retry.backoffAfter(5)).isEqualTo(Duration.ofSeconds(16));
        assertThat(retry.backoffAfter(6)).isEqualTo(Duration.ofSeconds(30));
        assertThat(retry.backoffAfter(9)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void stays_at_the_maximum_for_very_late_attempts_without_overflowing() {
        RetryPolicy retry = new RetryPolicy(Duration.ofDays(100), Duration.ofDays(365), Integer.MAX_VALUE);

        assertThat(retry.backoffAfter(64)).isEqualTo(Duration.ofDays(365));
        assertThat(retry.backoffAfter(Integer.MAX_VALUE)).isEqualTo(Duration.ofDays(365));
        assertThat(new RetryPolicy(Duration.ofSeconds(1), Duration.ofSeconds(30), 10).backoffAfter(1_000))
                .isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void none_tries_once_and_never_waits() {
        assertThat(RetryPolicy.NONE.maxAttempts()).isEqualTo(1);
        assertThat(RetryPolicy.NONE.backoffAfter(1)).isEqualTo(Duration.ZERO);
    }
}
