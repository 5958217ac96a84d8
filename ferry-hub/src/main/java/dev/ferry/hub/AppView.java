package dev.ferry.hub;

import dev.ferry.engine.AppAnnouncement;
import dev.ferry.engine.StatusReport;
import java.util.List;
import java.util.Optional;

/**
 * A Ferry app of the catalog, from the announcements and status reports of its instances.
 *
 * @param name      the app's name
 * @param latest    its latest announcement (owner, description, inputs, outputs with schemas, ...)
 * @param instances its instances known, live ones first
 * @param runbook   its runbook link, or empty
 */
public record AppView(String name, AppAnnouncement latest, List<Instance> instances, Optional<String> runbook) {

    /** Copies the list. */
    public AppView {
        instances = List.copyOf(instances);
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
