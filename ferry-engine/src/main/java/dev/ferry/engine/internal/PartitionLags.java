package dev.ferry.engine.internal;

import dev.ferry.engine.LagRules;
import dev.ferry.engine.AppStatus.Health;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The lag of each input partition of one app, shared by its consumers: the consumer that owns a
 * partition records a sample about once a second (on its poll thread), anyone reads the latest
 * values, the verdict, and the {@code ferry.consumer.lag} gauges. A partition's gauges exist while
 * one of the app's consumers owns it.
 */
final class PartitionLags {

    /** What is known of one partition now. */
    public record View(String topic, int partition, long lag, double lagSeconds, Health health, String reason) {
    }

    private final MeterRegistry registry;
    private final int windowSize;
    private final Map<Partition, Cell> cells = new ConcurrentHashMap<>();

    private record Partition(String topic, int partition) {
    }

    /** The lags of an app whose gauges go to {@code registry}; verdicts over {@code windowSize} samples. */
    PartitionLags(MeterRegistry registry, int windowSize) {
        this.registry = registry;
        this.windowSize = windowSize;
    }

    /** Records a sample of a partition owned by consumer {@code owner}. */
    void record(String topic, int partition, int owner, LagRules.Sample sample, double lagSeconds) {
        Cell c = cells.computeIfAbsent(new Partition(topic, partition), p -> new Cell(p, owner));
        c.record(owner, sample, lagSeconds);
    }

    /** Forgets partitions consumer {@code owner} no longer has, and removes their gauges. */
    void release(Collection<dev.ferry.engine.spi.Partition> partitions, int owner) {
        for (dev.ferry.engine.spi.Partition tp : partitions) {
            cells.computeIfPresent(new Partition(tp.topic(), tp.partition()), (p, c) -> {
                if (c.owner != owner) {
                    return c;
                }
                registry.remove(c.lagGauge);
                registry.remove(c.secondsGauge);
                return null;
            });
        }
    }

    /** Every partition known now, by topic and partition. */
    public List<View> views() {
        List<View> out = new ArrayList<>();
        cells.values().forEach(c -> out.add(c.view()));
        out.sort(Comparator.comparing(View::topic).thenComparingInt(View::partition));
        return out;
    }

    /** The worst partition now, or a view with health OK and no reason if none is worse. */
    View worst() {
        View worst = null;
        long total = 0;
        for (Cell c : cells.values()) {
            View v = c.view();
            total += v.lag();
            if (worst == null || v.health().compareTo(worst.health()) > 0) {
                worst = v;
            }
        }
        return worst == null || worst.health() == Health.OK ? new View("", -1, total, 0, Health.OK, "")
                : new View(worst.topic(), worst.partition(), total, worst.lagSeconds(), worst.health(), worst.reason());
    }

    /** One partition: written by its owner's poll thread, read by anyone. */
    private final class Cell {
        private final Partition partition;
        private final ArrayDeque<LagRules.Sample> window = new ArrayDeque<>();
        private final Gauge lagGauge;
        private final Gauge secondsGauge;
        private volatile int owner;
        private volatile View view;

        Cell(Partition p, int owner) {
            this.partition = p;
            this.owner = owner;
            this.view = new View(p.topic(), p.partition(), 0, 0, Health.OK, "");
            String number = Integer.toString(p.partition());
            this.lagGauge = Gauge.builder("ferry.consumer.lag", this, c -> c.view.lag())
                    .description("events behind: log end offset minus the offset of the next event to process")
                    .tags("topic", p.topic(), "partition", number).strongReference(true).register(registry);
            this.secondsGauge = Gauge.builder("ferry.consumer.lag.seconds", this, c -> c.view.lagSeconds())
                    .description("age of the oldest event not yet processed; 0 when caught up")
                    .tags("topic", p.topic(), "partition", number).strongReference(true).register(registry);
        }

        synchronized void record(int by, LagRules.Sample sample, double lagSeconds) {
            if (by != owner) {
                owner = by;
                window.clear();
            }
            window.addLast(sample);
            while (window.size() > windowSize) {
                window.removeFirst();
            }
            List<LagRules.Sample> samples = List.copyOf(window);
            Health h = LagRules.evaluate(samples, windowSize);
            view = new View(partition.topic(), partition.partition(), sample.lag(), lagSeconds, h,
                    LagRules.reason(h, partition.topic(), partition.partition(), samples));
        }

        View view() {
            return view;
        }
    }
}
