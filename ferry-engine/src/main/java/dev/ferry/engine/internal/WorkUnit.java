package dev.ferry.engine.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A sub-batch of one poll that one call of the function gets: every event of the poll with one of
 * its keys, in poll order. It may start once every earlier unit sharing a key with it has finished.
 */
final class WorkUnit {

    private final PolledBatch batch;
    private final List<InRecord> events;
    private final Set<Object> keys;
    private final List<WorkUnit> dependents = new ArrayList<>(2);
    private int waitingFor;
    private boolean finished;

    WorkUnit(PolledBatch batch, List<InRecord> events, Set<Object> keys) {
        this.batch = batch;
        this.events = events;
        this.keys = keys;
    }

    /** The poll this unit is part of. */
    PolledBatch batch() {
        return batch;
    }

    /** The unit's events, in poll order. */
    List<InRecord> events() {
        return events;
    }

    /** The keys of its events, as the scheduler orders them. */
    Set<Object> keys() {
        return keys;
    }

    // The rest is the scheduler's bookkeeping, guarded by the scheduler's lock.

    List<WorkUnit> dependents() {
        return dependents;
    }

    /** Makes {@code later} wait for this unit, unless this one has finished; returns whether it waits. */
    boolean addDependent(WorkUnit later) {
        if (finished || dependents.contains(later)) {
            return false;
        }
        dependents.add(later);
        later.waitingFor++;
        return true;
    }

    /** One unit it waited for has finished; returns whether it may start now. */
    boolean dependencyFinished() {
        return --waitingFor == 0;
    }

    boolean isReady() {
        return waitingFor == 0;
    }

    void markFinished() {
        finished = true;
    }
}
