package dev.ferry.kubernetes;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Applies an app's objects to a cluster so that applying them twice changes nothing: an object
 * that is missing is created; one whose {@link ObjectHash} matches is left alone, without a write;
 * one that differs is replaced (keeping the live replica count, which {@code ferry scale} and KEDA
 * own, and KEDA's pause). Objects Ferry made for the app earlier that are no longer part of it (the
 * Deployment of an app that now runs exactly-once, a ScaledObject after autoscaling was turned
 * off) are deleted. An object of the same name that Ferry did not make is never touched.
 *
 * <p>Ferry compares what it generates, not the live object: a change made by hand to a live
 * object is kept until the app's generated objects change (as {@code kubectl apply} keeps fields it
 * does not manage).
 */
public final class AppDeployer {

    private static final int NOT_FOUND = 404;

    private final KubernetesClient client;

    /** A deployer on this client (its context and credentials). */
    public AppDeployer(KubernetesClient client) {
        this.client = client;
    }

    /** Applies the objects, reporting each change as it happens, and returns them all. */
    public List<Change> apply(AppManifests manifests, Consumer<Change> progress) {
        List<Change> changes = new ArrayList<>();
        Set<String> wanted = new HashSet<>();
        for (HasMetadata desired : manifests.objects()) {
            ObjectKind kind = ObjectKind.of(desired);
            wanted.add(kind.describe(desired.getMetadata().getName()));
            Change change = applyOne(kind, desired, manifests);
            changes.add(change);
            progress.accept(change);
        }
        for (AppObjects.Found old : AppObjects.list(client, manifests.namespace(), manifests.app())) {
            if (!wanted.contains(old.describe())) {
                Change change = delete(client, manifests.namespace(), old);
                changes.add(change);
                progress.accept(change);
            }
        }
        return changes;
    }

    /** Deletes one object Ferry made, in the background (its pods go with it). */
    static Change delete(KubernetesClient client, String namespace, AppObjects.Found found) {
        found.kind().in(client).inNamespace(namespace).withName(found.object().getMetadata().getName())
                .withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
        return new Change(found.describe(), Change.Action.DELETED);
    }

    private Change applyOne(ObjectKind kind, HasMetadata desired, AppManifests manifests) {
        String name = desired.getMetadata().getName();
        String described = kind.describe(name);
        Resource<HasMetadata> resource = kind.in(client).inNamespace(manifests.namespace()).resource(desired);
        try {
            HasMetadata live = kind.in(client).inNamespace(manifests.namespace()).withName(name).get();
            if (live == null) {
                resource.create();
                return new Change(described, Change.Action.CREATED);
            }
            refuseForeign(live, described, manifests);
            if (ObjectHash.stamped(desired).equals(ObjectHash.stamped(live))) {
                return new Change(described, Change.Action.UNCHANGED);
            }
            keepOperationalState(live, desired, manifests.limit());
            desired.getMetadata().setResourceVersion(live.getMetadata().getResourceVersion());
            kind.in(client).inNamespace(manifests.namespace()).resource(desired).update();
            return new Change(described, Change.Action.CONFIGURED);
        } catch (KubernetesClientException e) {
            if (kind.custom() && e.getCode() == NOT_FOUND) {
                throw new DeployException("cannot create " + described + " in namespace '" + manifests.namespace()
                        + "': " + kind.missingApi(), e);
            }
            throw new DeployException("cannot apply " + described + " in namespace '" + manifests.namespace() + "': "
                    + KubernetesErrors.describe(e), e);
        }
    }

    private static void refuseForeign(HasMetadata live, String described, AppManifests manifests) {
        Map<String, String> labels = live.getMetadata().getLabels();
        if (labels == null || !Labels.FERRY.equals(labels.get(Labels.MANAGED_BY))
                || !manifests.app().equals(labels.get(Labels.NAME))) {
            throw new DeployException(described + " already exists in namespace '" + manifests.namespace()
                    + "' and ferry did not make it for app '" + manifests.app() + "' (it lacks the labels "
                    + Labels.NAME + "=" + manifests.app() + " and " + Labels.MANAGED_BY + "=" + Labels.FERRY
                    + "): ferry leaves it alone; delete or rename it, or deploy to another namespace");
        }
    }

    /** The live replicas (capped by the partitions) and KEDA's pause survive a changed deploy. */
    private static void keepOperationalState(HasMetadata live, HasMetadata desired, ReplicaLimit limit) {
        if (live instanceof Deployment l && desired instanceof Deployment d && l.getSpec().getReplicas() != null) {
            d.getSpec().setReplicas(Math.min(l.getSpec().getReplicas(), limit.max()));
        } else if (live instanceof StatefulSet l && desired instanceof StatefulSet d
                && l.getSpec().getReplicas() != null) {
            d.getSpec().setReplicas(Math.min(l.getSpec().getReplicas(), limit.max()));
        }
        Map<String, String> liveAnnotations = live.getMetadata().getAnnotations();
        if (liveAnnotations != null && liveAnnotations.containsKey(Labels.KEDA_PAUSED_REPLICAS)) {
            Map<String, String> annotations = new LinkedHashMap<>(desired.getMetadata().getAnnotations());
            annotations.put(Labels.KEDA_PAUSED_REPLICAS, liveAnnotations.get(Labels.KEDA_PAUSED_REPLICAS));
            desired.getMetadata().setAnnotations(annotations);
        }
    }
}
