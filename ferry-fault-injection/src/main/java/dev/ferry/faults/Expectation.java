package dev.ferry.faults;

import dev.ferry.engine.Guarantee;
import org.apache.kafka.common.IsolationLevel;

/**
 * What a delivery guarantee promises about the output of a run, and how to read the output to check
 * it. One constant per engine {@link Guarantee}: a guarantee added to the engine makes the switch in
 * {@link #of} stop compiling until its expectation is written here.
 */
enum Expectation {

    /** Every input has an output (or a dead letter); outputs may repeat. Everything written counts. */
    AT_LEAST_ONCE(IsolationLevel.READ_UNCOMMITTED, false, true),
    /** Every input has exactly one committed output: outputs of aborted transactions are not read. */
    EXACTLY_ONCE(IsolationLevel.READ_COMMITTED, false, false),
    /** No input has two outputs; the batches in flight at a crash are lost, and that is counted, not failed. */
    AT_MOST_ONCE(IsolationLevel.READ_UNCOMMITTED, true, false);

    private final IsolationLevel isolation;
    private final boolean lossAllowed;
    private final boolean duplicatesAllowed;

    Expectation(IsolationLevel isolation, boolean lossAllowed, boolean duplicatesAllowed) {
        this.isolation = isolation;
        this.lossAllowed = lossAllowed;
        this.duplicatesAllowed = duplicatesAllowed;
    }

    /** The expectation of an engine guarantee. */
    static Expectation of(Guarantee guarantee) {
        return switch (guarantee) {
            case AT_LEAST_ONCE -> AT_LEAST_ONCE;
            case EXACTLY_ONCE -> EXACTLY_ONCE;
            case AT_MOST_ONCE -> AT_MOST_ONCE;
        };
    }

    /** How the audit reads the output and the dead letters. */
    IsolationLevel isolation() {
        return isolation;
    }

    /** Whether lost events are within the guarantee. */
    boolean lossAllowed() {
        return lossAllowed;
    }

    /** Whether duplicates are within the guarantee. */
    boolean duplicatesAllowed() {
        return duplicatesAllowed;
    }

    /** Why the audit breaks this guarantee, or null if it holds. */
    String violation(OutputAudit audit) {
        if (!lossAllowed && audit.lost() > 0) {
            return audit.lost() + " event(s) lost";
        }
        if (!duplicatesAllowed && audit.duplicates() > 0) {
            return audit.duplicates() + " duplicate output(s)";
        }
        if (audit.unexpected() > 0) {
            return audit.unexpected() + " output(s) or dead letter(s) that no input should have produced";
        }
        return null;
    }
}
