package dev.ferry.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.engine.spi.LifecycleListener;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** Telling an unreachable cluster from the bytes a consumer receives, on a clock the test turns. */
class ClusterContactTest {

    private static final Duration BOUND = Duration.ofSeconds(6);
    private static final Instant START = Instant.parse("2026-11-25T10:00:00Z");

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final AtomicLong bytes = new AtomicLong();
    private final List<String> heard = new CopyOnWriteArrayList<>();
    private final BytesConsumer consumer = new BytesConsumer();
    private final ClusterContact contact = new ClusterContact("scorer", 0, consumer, new Listeners("scorer",
            List.of(new LifecycleListener() {
                @Override
                public void clusterUnreachable(int c, Instant since) {
                    heard.add("unreachable since " + since);
                }

                @Override
                public void clusterReachable(int c, Duration unreachableFor) {
                    heard.add("reachable after " + unreachableFor.toSeconds() + "s");
                }
            })), new ClusterContact.Expectation("broker:9092", BOUND), nanos::get, new TurningClock());

    /** A consumer whose only metric is the count of bytes received, which the test sets. */
    private final class BytesConsumer extends MockConsumer<byte[], byte[]> {
        BytesConsumer() {
            super("earliest");
        }

        @Override
        public synchronized Map<MetricName, ? extends Metric> metrics() {
            MetricName name = new MetricName("incoming-byte-total", "consumer-metrics", "bytes read", Map.of());
            return Map.of(name, new Metric() {
                @Override
                public MetricName metricName() {
                    return name;
                }

                @Override
                public Object metricValue() {
                    return (double) bytes.get();
                }
            });
        }
    }

    /** Wall time that moves with the test's nanosecond clock. */
    private final class TurningClock extends Clock {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return START.plusNanos(nanos.get() - 1_000_000_000L);
        }
    }

    private void after(Duration d) {
        nanos.addAndGet(d.toNanos());
        contact.check();
    }

    private void receive() {
        bytes.addAndGet(100);
    }

    @Test
    void a_consumer_with_partitions_that_hears_nothing_for_the_bound_says_the_cluster_cannot_be_reached_once() {
        consumer.assign(List.of(new TopicPartition("in", 0)));
        contact.check();
        after(Duration.ofSeconds(1));
        receive();
        after(Duration.ofSeconds(1));

        after(BOUND.minusMillis(500));
        assertThat(heard).isEmpty();
        after(Duration.ofMillis(500));
        assertThat(heard).containsExactly("unreachable since 2026-11-25T10:00:02Z");

        after(Duration.ofSeconds(30));
        assertThat(heard).hasSize(1);
    }

    @Test
    void bytes_received_again_end_the_outage_saying_for_how_long() {
        consumer.assign(List.of(new TopicPartition("in", 0)));
        contact.check();
        after(BOUND);
        after(Duration.ofSeconds(14));

        receive();
        after(Duration.ofSeconds(1));

        assertThat(heard).containsExactly("unreachable since 2026-11-25T10:00:00Z", "reachable after 21s");
        after(BOUND.minusMillis(1));
        assertThat(heard).hasSize(2);
    }

    @Test
    void a_consumer_without_partitions_is_not_judged_and_its_silence_counts_from_when_it_has_some() {
        contact.check();
        after(Duration.ofSeconds(40));
        assertThat(heard).isEmpty();

        consumer.assign(List.of(new TopicPartition("in", 0)));
        after(BOUND.minusMillis(500));
        assertThat(heard).isEmpty();
        after(Duration.ofMillis(500));
        assertThat(heard).hasSize(1);
    }

    @Test
    void once_unreachable_it_stays_so_until_it_hears_from_the_cluster_even_with_its_partitions_gone() {
        consumer.assign(List.of(new TopicPartition("in", 0)));
        contact.check();
        after(BOUND);
        consumer.assign(List.of());

        after(Duration.ofSeconds(10));
        assertThat(heard).hasSize(1);
        receive();
        after(Duration.ofMillis(250));
        assertThat(heard).last().isEqualTo("reachable after 16s");
    }

    @Test
    void checks_at_most_every_quarter_second_unless_asked_now() {
        consumer.assign(List.of(new TopicPartition("in", 0)));
        contact.check();
        nanos.addAndGet(BOUND.toNanos());
        contact.check();
        assertThat(heard).hasSize(1);
        receive();
        nanos.addAndGet(Duration.ofMillis(100).toNanos());
        contact.check();
        assertThat(heard).as("checked 100 ms ago").hasSize(1);

        contact.checkNow();
        assertThat(heard).hasSize(2);
    }

    @Test
    void a_consumer_without_the_byte_count_is_never_judged() {
        ClusterContact blind = new ClusterContact("scorer", 0, new MockConsumer<>("earliest"),
                new Listeners("scorer", List.of()), new ClusterContact.Expectation("broker:9092", BOUND), nanos::get,
                Clock.systemUTC());

        blind.check();
        nanos.addAndGet(Duration.ofMinutes(5).toNanos());
        blind.check();

        assertThat(heard).isEmpty();
    }

    @Test
    void the_bound_is_twice_the_longest_wait_of_a_healthy_cluster_and_at_least_three_seconds() {
        assertThat(ClusterContact.silenceBound(Map.of())).isEqualTo(Duration.ofSeconds(6));
        assertThat(ClusterContact.silenceBound(Map.of("heartbeat.interval.ms", "500"))).isEqualTo(Duration.ofSeconds(3));
        assertThat(ClusterContact.silenceBound(Map.of("heartbeat.interval.ms", "500", "fetch.max.wait.ms", "4000")))
                .isEqualTo(Duration.ofSeconds(8));
        assertThat(ClusterContact.silenceBound(Map.of("group.protocol", "CONSUMER"))).isEqualTo(Duration.ofSeconds(10));
        assertThat(ClusterContact.Expectation.of(Map.of("bootstrap.servers", "b1:9092,b2:9092")))
                .isEqualTo(new ClusterContact.Expectation("b1:9092,b2:9092", Duration.ofSeconds(6)));
    }
}
