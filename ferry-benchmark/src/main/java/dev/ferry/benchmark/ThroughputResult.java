package dev.ferry.benchmark;

import java.util.Optional;

/**
 * One contender's throughput run.
 *
 * @param contender    who ran
 * @param events       input events
 * @param report       the child's report, empty if it failed
 * @param launchedMs   when the harness launched its JVM
 * @param outputEvents records in its output topic afterwards, counted by the harness (-1 if not counted)
 * @param brokerCpuNanos CPU time of the harness JVM, which hosts the broker, from launch to the child's report
 * @param failure      why it failed, empty if it did not
 */
record ThroughputResult(Contender contender, long events, Optional<ChildReport> report, long launchedMs,
                        long outputEvents, long brokerCpuNanos, Optional<String> failure) {

    static ThroughputResult done(Contender contender, long events, ChildReport report, long launchedMs, long outputEvents,
                                 long brokerCpuNanos) {
        return new ThroughputResult(contender, events, Optional.of(report), launchedMs, outputEvents, brokerCpuNanos,
                Optional.empty());
    }

    static ThroughputResult failed(Contender contender, long events, long launchedMs, long outputEvents, String why) {
        return new ThroughputResult(contender, events, Optional.empty(), launchedMs, outputEvents, -1, Optional.of(why));
    }

    boolean ok() {
        return report.isPresent();
    }

    /** Events per second from the first event seen to the last one committed. */
    double eventsPerSecond() {
        return report.map(r -> events * 1000.0 / r.processingMs()).orElse(Double.NaN);
    }

    /** CPU seconds of the whole child process, start-up included, until done. */
    double cpuSeconds() {
        return report.map(r -> r.cpuNanos() / 1e9).orElse(Double.NaN);
    }

    /** CPU seconds the broker's JVM (the harness) spent while this contender ran, start-up included. */
    double brokerCpuSeconds() {
        return report.isPresent() && brokerCpuNanos >= 0 ? brokerCpuNanos / 1e9 : Double.NaN;
    }

    /** Peak RSS of the child process in MiB. */
    double peakRssMb() {
        return report.filter(r -> r.peakRssKb() >= 0).map(r -> r.peakRssKb() / 1024.0).orElse(Double.NaN);
    }

    /** Seconds from launching the JVM to the last commit: start-up, group join and processing. */
    double wallFromLaunchSeconds() {
        return report.map(r -> (r.doneMs() - launchedMs) / 1000.0).orElse(Double.NaN);
    }
}
