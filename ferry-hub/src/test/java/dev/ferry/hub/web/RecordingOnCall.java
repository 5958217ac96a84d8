package dev.ferry.hub.web;

import dev.ferry.engine.EventPosition;
import dev.ferry.engine.OnCallException;
import dev.ferry.engine.ReplayPlan;
import dev.ferry.engine.ReplayRecord;
import dev.ferry.engine.ReplayRequest;
import dev.ferry.engine.SkipRecord;
import dev.ferry.hub.OnCallActions;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * On-call actions that only record what they were asked (the web tests check who may ask, not
 * what the cluster does; {@code OnCallHubTest} does that on a real broker). A replay plans one
 * move, {@code clicks.enriched} partition 1 from the request's start to its end, going on from 100.
 */
final class RecordingOnCall implements OnCallActions {

    record Skip(String app, EventPosition event, String by, String reason) {
    }

    record Replay(ReplayPlan plan, String by, String reason) {
    }

    final List<Skip> skips = new CopyOnWriteArrayList<>();
    final List<Replay> replays = new CopyOnWriteArrayList<>();
    final List<ReplayRequest> plans = new CopyOnWriteArrayList<>();
    volatile String refusal;

    @Override
    public SkipRecord skip(String app, EventPosition event, String by, String reason) {
        refuseIfSo();
        skips.add(new Skip(app, event, by, reason));
        return new SkipRecord(app, event, by, Instant.parse("2026-12-02T05:00:00Z"), reason, "k", null);
    }

    @Override
    public ReplayPlan planReplay(ReplayRequest request) {
        refuseIfSo();
        plans.add(request);
        return plan(request);
    }

    @Override
    public List<ReplayRecord> replay(ReplayPlan plan, String by, String reason) {
        refuseIfSo();
        replays.add(new Replay(plan, by, reason));
        ReplayPlan.Move m = plan.moves().get(0);
        return List.of(new ReplayRecord("id-1", plan.app(), m.topic(), m.partition(), m.from(), m.to(), m.committed(),
                by, Instant.parse("2026-12-02T05:00:00Z"), reason));
    }

    /** The committed offset the next plans start from; a test moves it to change the plan under a confirmation. */
    volatile long committed = 100;

    private ReplayPlan plan(ReplayRequest r) {
        return new ReplayPlan(r.app(), List.of(new ReplayPlan.Move("clicks.enriched", 1, committed,
                r.fromOffset() == null ? 0 : r.fromOffset(), r.toOffset())));
    }

    private void refuseIfSo() {
        if (refusal != null) {
            throw new OnCallException(refusal);
        }
    }
}
