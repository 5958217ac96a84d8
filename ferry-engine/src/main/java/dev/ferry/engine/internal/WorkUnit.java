package dev.ferry.engine.internal;

import dev.ferry.engine.spi.Event;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A sub-batch of one poll that one call of the function gets: every event of the poll with one of
 * its keys, in poll order. It may start once every earlier unit sharing a key with it has finished.
 */
final class WorkUnit {

    private final PolledBatch batch;
    private final List<Event> events;
    private final Set<Object> keys;
    private final boolean waited;
    private final List<WorkUnit> dependents = new ArrayList<>(2);
    private int waitingFor;
    private boolean finished;

    WorkUnit(PolledBatch batch, List<Event> events, Set<Object> keys, boolean waited) {
        this.batch = batch;
        this.events = events;
        this.keys = keys;
        this.waited = waited;
    }

    /** The poll this unit is part of. */
    PolledBatch batch() {
        return batch;
    }

    /** The unit's events, in poll order. */
    List<Event> events() {
        return events;
    }

    /**
     * Whether the unit's outputs are written and waited for before it finishes, with a failure
     * narrowed down where it happened (a sink that owns offsets, or events gone back over), rather
     * than sent and acknowledged later.
     */
    boolean waited() {
        return waited;
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
