package dev.ferry.hub.kafka;

import dev.ferry.engine.AppAnnouncement;
import dev.ferry.engine.AppStatus;
import dev.ferry.engine.StatusReport;
import dev.ferry.hub.AppView;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The catalog of Ferry apps: the latest announcement ({@link AppAnnouncement}) and status report
 * ({@link StatusReport}) of every instance, by their key {@code <app>/<instance>}, as read from the
 * compacted announcement and status topics (a tombstone forgets an instance). An app's latest
 * announcement is the one announced last by any of its instances. Written by one reader thread
 * ({@link TopicFollower}), read by anyone: every read works on a copy.
 */
final class Catalog {

    private final String announceTopic;
    private final String statusTopic;
    private final Map<String, AppAnnouncement> announcements = new HashMap<>();
    private final Map<String, StatusReport> reports = new HashMap<>();
    private long version;
    private long unreadable;

    Catalog(String announceTopic, String statusTopic) {
        this.announceTopic = announceTopic;
        this.statusTopic = statusTopic;
    }

    /** Applies one record of the announcement or status topic. */
    synchronized void apply(ConsumerRecord<byte[], byte[]> r) {
        String key = r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8);
        if (key == null) {
            return;
        }
        boolean announce = r.topic().equals(announceTopic);
        if (!announce && !r.topic().equals(statusTopic)) {
            return;
        }
        version++;
        if (r.value() == null) {
            (announce ? announcements : reports).remove(key);
            return;
        }
        String json = new String(r.value(), StandardCharsets.UTF_8);
        try {
            if (announce) {
                announcements.put(key, AppAnnouncement.parse(json));
            } else {
                reports.put(key, StatusReport.parse(json));
            }
        } catch (IllegalArgumentException e) {
            unreadable++; // another writer's record: not ours to read
        }
    }

    /** Changes with every record applied, so that views built on the catalog know when to rebuild. */
    synchronized long version() {
        return version;
    }

    /** Records that were not announcements or reports. */
    synchronized long unreadable() {
        return unreadable;
    }

    /** Every app's latest announcement, by app name. */
    synchronized Map<String, AppAnnouncement> latestAnnouncements() {
        Map<String, AppAnnouncement> out = new TreeMap<>();
        for (AppAnnouncement a : announcements.values()) {
            out.merge(a.app(), a, (x, y) -> x.announcedAt().isAfter(y.announcedAt()) ? x : y);
        }
        return out;
    }

    /** The catalog at {@code now}, sorted by app name. */
    List<AppView> apps(Instant now) {
        Map<String, AppAnnouncement> anns;
        Map<String, StatusReport> reps;
        synchronized (this) {
            anns = new HashMap<>(announcements);
            reps = new HashMap<>(reports);
        }
        Map<String, List<AppView.Instance>> byApp = new TreeMap<>();
        Map<String, AppAnnouncement> latest = new HashMap<>();
        anns.forEach((key, a) -> {
            Optional<StatusReport> status = Optional.ofNullable(reps.get(key));
            boolean live = !a.stopped() && status.map(s -> !s.last() && !s.staleAt(now)).orElse(true);
            byApp.computeIfAbsent(a.app(), k -> new ArrayList<>()).add(new AppView.Instance(a, status, live));
            latest.merge(a.app(), a, (x, y) -> x.announcedAt().isAfter(y.announcedAt()) ? x : y);
        });
        List<AppView> out = new ArrayList<>();
        byApp.forEach((app, instances) -> {
            instances.sort(Comparator.comparing((AppView.Instance i) -> !i.live())
                    .thenComparing(i -> i.announcement().announcedAt(), Comparator.reverseOrder()));
            AppAnnouncement a = latest.get(app);
            out.add(new AppView(app, a, instances, a.runbook().isBlank() ? Optional.empty() : Optional.of(a.runbook())));
        });
        return out;
    }

    /**
     * The status an app reports of itself now: among its instances' reports that are not stale and
     * not their last, the worst verdict, the newest among equals; empty if none is live.
     */
    Optional<StatusReport> liveStatus(String app, Instant now) {
        List<StatusReport> live = new ArrayList<>();
        synchronized (this) {
            for (StatusReport r : reports.values()) {
                if (r.app().equals(app) && !r.last() && !r.staleAt(now)) {
                    live.add(r);
                }
            }
        }
        return live.stream().max(Comparator.comparing((StatusReport r) -> rank(r.status()))
                .thenComparing(StatusReport::reportedAt));
    }

    private static int rank(AppStatus s) {
        return s.state() == AppStatus.State.HALTED ? AppStatus.Health.HALTED.ordinal() : s.health().ordinal();
    }
}
