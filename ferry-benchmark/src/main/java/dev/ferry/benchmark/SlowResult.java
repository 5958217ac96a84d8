package dev.ferry.benchmark;

import java.util.Optional;

/**
 * One contender's run in the slow scenario at one input partition count.
 *
 * @param contender   who ran
 * @param partitions  input partitions
 * @param run         its measurements (a failed run when it did not finish or was not supported)
 * @param order       the check of its output topic, empty if it was not read
 * @param unsupported why it could not run on this build at all, if so (then it is skipped, not failed)
 */
record SlowResult(Contender contender, int partitions, ThroughputResult run, Optional<OrderCheck.Result> order,
                  Optional<String> unsupported) {

    /** Whether it finished with every event out once, each key in order. */
    boolean ok() {
        return run.ok() && order.isPresent() && order.get().complete() && order.get().inOrder();
    }

    /** Whether it ran at all (it may still have failed). */
    boolean supported() {
        return unsupported.isEmpty();
    }
}
