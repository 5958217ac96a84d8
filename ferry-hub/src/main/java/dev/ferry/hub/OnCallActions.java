package dev.ferry.hub;

import dev.ferry.engine.EventPosition;
import dev.ferry.engine.OnCallException;
import dev.ferry.engine.ReplayPlan;
import dev.ferry.engine.ReplayRecord;
import dev.ferry.engine.ReplayRequest;
import dev.ferry.engine.SkipRecord;
import java.util.List;

/**
 * What an admin may do to an app from the hub when on call: skip the event a halted app is stuck
 * at, and replay a range of its input. The same actions as {@code ferry skip} and
 * {@code ferry replay}, with the same checks and the same audit records (they are the engine's
 * {@code EventSkip} and {@code OffsetReplay}); the hub's web side decides who may call them and
 * records each call, and each refusal, in its audit log. Its implementation on a cluster is
 * {@code KafkaOnCall}; {@link #NONE} refuses every action, for a hub that has no cluster to act on.
 */
public interface OnCallActions {

    /**
     * Skips {@code event} of {@code app}, which must be halted at it (or stopped with its committed
     * offset there).
     *
     * @return the audit record written: the halted instance goes on after the event by itself
     * @throws OnCallException refusing it, saying why (not halted there, unknown app, ...)
     */
    SkipRecord skip(String app, EventPosition event, String by, String reason);

    /**
     * What {@code request} would do; nothing is changed.
     *
     * @throws OnCallException refusing it (running members, out of retention, nothing to replay, ...)
     */
    ReplayPlan planReplay(ReplayRequest request);

    /**
     * Carries out a plan of {@link #planReplay}: moves the stopped app's committed offsets back after
     * recording the replay. Plan it just before, so its committed offsets are the app's.
     *
     * @return the records written, one per partition moved
     * @throws OnCallException if the app has running members now, or the cluster fails
     */
    List<ReplayRecord> replay(ReplayPlan plan, String by, String reason);

    /** Refuses every action: this hub has no cluster to act on. */
    OnCallActions NONE = new OnCallActions() {
        @Override
        public SkipRecord skip(String app, EventPosition event, String by, String reason) {
            throw none();
        }

        @Override
        public ReplayPlan planReplay(ReplayRequest request) {
            throw none();
        }

        @Override
        public List<ReplayRecord> replay(ReplayPlan plan, String by, String reason) {
            throw none();
        }

        private OnCallException none() {
            return new OnCallException("this hub runs no on-call actions; use ferry skip or ferry replay");
        }
    };
}
