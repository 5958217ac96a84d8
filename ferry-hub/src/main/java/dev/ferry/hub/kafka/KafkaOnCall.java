package dev.ferry.hub.kafka;

import dev.ferry.engine.AppStatus;
import dev.ferry.engine.EventPosition;
import dev.ferry.engine.EventSkip;
import dev.ferry.engine.OffsetReplay;
import dev.ferry.engine.OnCallCluster;
import dev.ferry.engine.OnCallException;
import dev.ferry.engine.PlatformProfile;
import dev.ferry.engine.ReplayPlan;
import dev.ferry.engine.ReplayRecord;
import dev.ferry.engine.ReplayRequest;
import dev.ferry.engine.SkipRecord;
import dev.ferry.engine.StatusReport;
import dev.ferry.hub.AppView;
import dev.ferry.hub.HubData;
import dev.ferry.hub.OnCallActions;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.apache.kafka.clients.CommonClientConfigs;

/**
 * The hub's on-call actions on its cluster: the engine's {@link EventSkip} and {@link OffsetReplay}
 * with the hub's client settings and the profile's audit topic, so a skip or replay from the hub
 * writes exactly the record {@code ferry skip} or {@code ferry replay} would. Whether a running
 * app is halted at the event comes from the status reports in the hub's own catalog ({@link HubData}),
 * which the hub keeps up to date from the status topic; the skip's other checks ask the cluster.
 */
public final class KafkaOnCall implements OnCallActions {

    private final EventSkip skips;
    private final OffsetReplay replays;
    private final HubData data;
    private final Clock clock;

    private KafkaOnCall(OnCallCluster cluster, String auditTopic, HubData data, Clock clock) {
        this.skips = new EventSkip(cluster, auditTopic);
        this.replays = new OffsetReplay(cluster, auditTopic);
        this.data = data;
        this.clock = clock;
    }

    /**
     * Actions on the cluster at {@code bootstrapServers} with {@code profile}'s client settings and
     * audit topic, each request waiting at most {@code timeout}; halts as {@code data} knows them.
     */
    public static KafkaOnCall on(String bootstrapServers, PlatformProfile profile, Duration timeout, HubData data) {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(data, "data");
        OnCallCluster cluster = new OnCallCluster(kind -> {
            Map<String, Object> props = new HashMap<>(profile.kafkaProperties(kind));
            props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            props.putIfAbsent(CommonClientConfigs.CLIENT_ID_CONFIG, "ferry-hub-oncall-" + kind);
            return props;
        }, timeout, "'" + bootstrapServers + "' (the hub's cluster)");
        return new KafkaOnCall(cluster, profile.auditTopic(), data, Clock.systemUTC());
    }

    @Override
    public SkipRecord skip(String app, EventPosition event, String by, String reason) {
        EventSkip.Target target = skips.check(app, event, this::requireHaltedAt);
        return skips.skip(target, by, reason, clock.instant());
    }

    @Override
    public ReplayPlan planReplay(ReplayRequest request) {
        return replays.plan(request);
    }

    @Override
    public List<ReplayRecord> replay(ReplayPlan plan, String by, String reason) {
        return replays.apply(plan, by, reason, clock.instant());
    }

    private void requireHaltedAt(String app, EventPosition event, List<String> members) {
        List<StatusReport> live = data.app(app).map(AppView::instances).orElse(List.of()).stream()
                .filter(AppView.Instance::live).flatMap(i -> i.status().stream()).toList();
        boolean haltedThere = live.stream().anyMatch(r -> r.status().state() == AppStatus.State.HALTED
                && r.status().failure().map(f -> event.equals(f.position())).orElse(false));
        if (haltedThere) {
            return;
        }
        String says = live.isEmpty() ? "no running instance reports its status (members: " + String.join(", ", members)
                + ")" : live.stream().map(r -> "instance '" + r.instance() + "' " + r.status().state()
                + r.status().failure().map(f -> " " + f.describe()).orElse("")).collect(Collectors.joining("; "));
        throw new OnCallException("app '" + app + "' is not halted at " + event + ": " + says
                + "; the hub skips only the event an app halted at");
    }
}
