package dev.ferry.kubernetes;

import dev.ferry.engine.AppDescriptor;
import dev.ferry.engine.PlatformProfile;
import java.util.Objects;

/**
 * What one deploy is made from: the app, the platform profile it runs with, its container image
 * and its input partitions (read from the cluster, or given), and the namespace it goes to.
 *
 * @param app        the app's descriptor
 * @param profile    the platform profile, as loaded (the app's own stricter guarantee is applied here)
 * @param image      the image reference, preferably pinned by digest ({@code repo@sha256:...})
 * @param partitions the input topics' partitions, summed
 * @param namespace  the Kubernetes namespace
 */
public record DeploySpec(AppDescriptor app, PlatformProfile profile, String image, int partitions, String namespace) {

    /** Checks that every part is there. */
    public DeploySpec {
        Objects.requireNonNull(app, "app");
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(namespace, "namespace");
        if (image == null || image.isBlank()) {
            throw new DeployException("app '" + app.name() + "': no container image to deploy");
        }
        if (partitions < 1) {
            throw new DeployException("app '" + app.name() + "': its input topics must have at least 1 partition, got "
                    + partitions);
        }
    }

    /** The limit on replicas that all get partitions. */
    public ReplicaLimit limit() {
        return new ReplicaLimit(partitions, app.consumers());
    }
}
