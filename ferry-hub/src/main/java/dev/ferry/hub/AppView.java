package dev.ferry.hub;

import dev.ferry.engine.AppAnnouncement;
import dev.ferry.engine.StatusReport;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A Ferry app of the catalog, from the announcements and status reports of its instances.
 *
 * @param name      the app's name
 * @param latest    its latest announcement (owner, description, inputs, outputs with schemas, ...)
 * @param instances its instances known, live ones first
 * @param runbook   its runbook link, or empty
 * @param alerts    its alert rules and runbook, generated from its latest announcement; empty if the
 *                  announcement does not describe an app they can be made for (no input topic)
 * @param materialization what it materializes, if it is a materialization (see {@link MaterializationView})
 */
public record AppView(String name, AppAnnouncement latest, List<Instance> instances, Optional<String> runbook,
                      Optional<AppAlerts> alerts, Optional<MaterializationView> materialization) {

    /** Copies the list. */
    public AppView {
        instances = List.copyOf(instances);
        Objects.requireNonNull(runbook, "runbook");
        Objects.requireNonNull(alerts, "alerts");
        Objects.requireNonNull(materialization, "materialization");
    }

    /** An app whose materialization, if it is one, is read from its announcement and status reports. */
    public AppView(String name, AppAnnouncement latest, List<Instance> instances, Optional<String> runbook,
                   Optional<AppAlerts> alerts) {
        this(name, latest, instances, runbook, alerts, MaterializationView.of(latest, instances));
    }

    /** An app whose alert rules and runbook are not known. */
    public AppView(String name, AppAnnouncement latest, List<Instance> instances, Optional<String> runbook) {
        this(name, latest, instances, runbook, Optional.empty());
    }

    /** The same app with {@code alerts}. */
    public AppView withAlerts(Optional<AppAlerts> alerts) {
        return new AppView(name, latest, instances, runbook, alerts, materialization);
    }

    /**
     * One instance.
     *
     * @param announcement its latest announcement
     * @param status       its latest status report, if it wrote one
     * @param live         whether it is running: not stopped, and its last report is not stale
     */
    public record Instance(AppAnnouncement announcement, Optional<StatusReport> status, boolean live) {
    }
}
