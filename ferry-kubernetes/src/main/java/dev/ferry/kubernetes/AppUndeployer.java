package dev.ferry.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Removes everything Ferry made for an app in a namespace, found by its labels: the autoscaler
 * first (so that KEDA does not act on a workload being deleted), then the workload and the rest.
 */
public final class AppUndeployer {

    private final KubernetesClient client;

    /** An undeployer on this client. */
    public AppUndeployer(KubernetesClient client) {
        this.client = client;
    }

    /**
     * Deletes the app's objects, reporting each, and returns them.
     *
     * @throws DeployException when Ferry made nothing for this app in the namespace
     */
    public List<Change> remove(String app, String namespace, Consumer<Change> progress) {
        List<AppObjects.Found> found = new ArrayList<>(AppObjects.list(client, namespace, app));
        if (found.isEmpty()) {
            throw new DeployException("no app '" + app + "' deployed by ferry in namespace '" + namespace
                    + "': nothing there has the labels " + Labels.NAME + "=" + app + " and " + Labels.MANAGED_BY + "="
                    + Labels.FERRY);
        }
        java.util.Collections.reverse(found);
        List<Change> changes = new ArrayList<>();
        for (AppObjects.Found object : found) {
            Change change = AppDeployer.delete(client, namespace, object);
            changes.add(change);
            progress.accept(change);
        }
        return changes;
    }
}
