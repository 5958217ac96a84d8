package dev.ferry.benchmark;

import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * One contender's throughput runs, one per round, summarised by their medians (each metric on its own),
 * so that one run disturbed by something else on the machine does not decide the result.
 *
 * @param contender who ran
 * @param runs      its runs, in round order
 */
record ThroughputSummary(Contender contender, List<ThroughputResult> runs) {

    ThroughputSummary {
        runs = List.copyOf(runs);
    }

    /** Whether at least one run finished. */
    boolean ok() {
        return runs.stream().anyMatch(ThroughputResult::ok);
    }

    /** Whether every run finished with exactly N events in its output topic. */
    boolean complete() {
        return runs.stream().allMatch(r -> r.ok() && r.outputEvents() == r.events());
    }

    double eventsPerSecond() {
        return median(ThroughputResult::eventsPerSecond);
    }

    double cpuSeconds() {
        return median(ThroughputResult::cpuSeconds);
    }

    double brokerCpuSeconds() {
        return median(ThroughputResult::brokerCpuSeconds);
    }

    double peakRssMb() {
        return median(ThroughputResult::peakRssMb);
    }

    double wallFromLaunchSeconds() {
        return median(ThroughputResult::wallFromLaunchSeconds);
    }

    /** The median of a metric over the runs that finished; NaN if none did. */
    double median(ToDoubleFunction<ThroughputResult> metric) {
        double[] values = runs.stream().filter(ThroughputResult::ok).mapToDouble(metric).filter(v -> !Double.isNaN(v))
                .sorted().toArray();
        if (values.length == 0) {
            return Double.NaN;
        }
        int mid = values.length / 2;
        return values.length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }

    /** Events/s of each run in round order, NaN for a failed one. */
    double[] eventsPerSecondByRound() {
        return runs.stream().mapToDouble(ThroughputResult::eventsPerSecond).toArray();
    }

    @Override
    public String toString() {
        return contender.key() + " " + Arrays.toString(eventsPerSecondByRound());
    }
}
