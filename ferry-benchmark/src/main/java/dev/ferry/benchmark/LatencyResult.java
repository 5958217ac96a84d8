package dev.ferry.benchmark;

import java.util.Optional;

/**
 * One contender's fixed-rate latency run.
 *
 * @param contender    who ran
 * @param produced     events produced, warm-up included
 * @param achievedRate the rate the harness actually produced at, events/s
 * @param latency      end-to-end latency of the measured events, empty if it failed
 * @param outputEvents records in its output topic afterwards (-1 if not counted)
 * @param failure      why it failed, empty if it did not
 */
record LatencyResult(Contender contender, long produced, double achievedRate, Optional<LatencyReader.Percentiles> latency,
                     long outputEvents, Optional<String> failure) {
}
