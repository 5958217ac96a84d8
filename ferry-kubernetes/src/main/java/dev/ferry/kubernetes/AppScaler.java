package dev.ferry.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Sets how many replicas of a deployed app run, never more than all get partitions (the limit
 * deploy recorded on the workload). When KEDA scales the app, its ScaledObject gets KEDA's
 * {@code autoscaling.keda.sh/paused-replicas} annotation, so that KEDA holds the app at that count
 * instead of scaling it back on the next lag reading; {@link #resume} removes it and hands the
 * count back to KEDA.
 */
public final class AppScaler {

    private final KubernetesClient client;

    /** A scaler on this client. */
    public AppScaler(KubernetesClient client) {
        this.client = client;
    }

    /**
     * What a scale did.
     *
     * @param workload     the workload, as kubectl names it
     * @param from         its replicas before
     * @param to           its replicas now
     * @param pausedKeda   whether KEDA's autoscaling of the app is now paused at {@code to}
     */
    public record Scaled(String workload, int from, int to, boolean pausedKeda) {
    }

    /**
     * Scales the app to {@code replicas}.
     *
     * @throws DeployException when the app is not deployed here, or more replicas than get partitions are asked
     */
    public Scaled scale(String app, String namespace, int replicas) {
        List<AppObjects.Found> objects = AppObjects.list(client, namespace, app);
        AppObjects.Found workload = workload(objects, app, namespace);
        ReplicaLimit limit = limit(workload.object(), workload.describe());
        if (replicas > limit.max()) {
            throw new DeployException("cannot scale app '" + app + "' to " + replicas + " replicas: " + limit.reason()
                    + "; add partitions to its input topics and run ferry deploy again to raise the limit");
        }
        Optional<AppObjects.Found> scaledObject = scaledObject(objects);
        scaledObject.ifPresent(so -> annotate(so, Labels.KEDA_PAUSED_REPLICAS, Integer.toString(replicas), namespace));
        int from = setReplicas(workload, namespace, replicas);
        return new Scaled(workload.describe(), from, replicas, scaledObject.isPresent());
    }

    /**
     * Hands the app's replica count back to KEDA.
     *
     * @return the ScaledObject, as kubectl names it
     * @throws DeployException when the app is not deployed here or has no ScaledObject
     */
    public String resume(String app, String namespace) {
        List<AppObjects.Found> objects = AppObjects.list(client, namespace, app);
        workload(objects, app, namespace);
        AppObjects.Found so = scaledObject(objects).orElseThrow(() -> new DeployException("app '" + app
                + "' in namespace '" + namespace + "' has no KEDA ScaledObject, so there is no autoscaling to resume: "
                + "its replicas are what ferry scale sets (deploy with kubernetes.autoscaling: keda to autoscale it)"));
        annotate(so, Labels.KEDA_PAUSED_REPLICAS, null, namespace);
        return so.describe();
    }

    private static AppObjects.Found workload(List<AppObjects.Found> objects, String app, String namespace) {
        return objects.stream().filter(o -> o.kind() == ObjectKind.DEPLOYMENT || o.kind() == ObjectKind.STATEFUL_SET)
                .findFirst().orElseThrow(() -> new DeployException("no app '" + app + "' deployed by ferry in namespace '"
                        + namespace + "': no Deployment or StatefulSet there has the labels " + Labels.NAME + "=" + app
                        + " and " + Labels.MANAGED_BY + "=" + Labels.FERRY));
    }

    private static Optional<AppObjects.Found> scaledObject(List<AppObjects.Found> objects) {
        return objects.stream().filter(o -> o.kind() == ObjectKind.SCALED_OBJECT).findFirst();
    }

    private static ReplicaLimit limit(HasMetadata workload, String described) {
        Map<String, String> a = workload.getMetadata().getAnnotations();
        try {
            return new ReplicaLimit(Integer.parseInt(a.get(Labels.PARTITIONS)), Integer.parseInt(a.get(Labels.CONSUMERS)));
        } catch (RuntimeException e) {
            throw new DeployException(described + " lacks ferry's annotations " + Labels.PARTITIONS + " and "
                    + Labels.CONSUMERS + ", which say how many replicas get partitions: run ferry deploy again", e);
        }
    }

    private int setReplicas(AppObjects.Found workload, String namespace, int replicas) {
        String name = workload.object().getMetadata().getName();
        if (workload.kind() == ObjectKind.DEPLOYMENT) {
            Deployment before = client.apps().deployments().inNamespace(namespace).withName(name).get();
            client.apps().deployments().inNamespace(namespace).withName(name).edit(d -> {
                d.getSpec().setReplicas(replicas);
                return d;
            });
            return replicasOf(before.getSpec().getReplicas());
        }
        StatefulSet before = client.apps().statefulSets().inNamespace(namespace).withName(name).get();
        client.apps().statefulSets().inNamespace(namespace).withName(name).edit(s -> {
            s.getSpec().setReplicas(replicas);
            return s;
        });
        return replicasOf(before.getSpec().getReplicas());
    }

    private static int replicasOf(Integer replicas) {
        return replicas == null ? 1 : replicas; // Kubernetes' default
    }

    private void annotate(AppObjects.Found object, String key, String value, String namespace) {
        object.kind().in(client).inNamespace(namespace).withName(object.object().getMetadata().getName()).edit(o -> {
            Map<String, String> annotations = new LinkedHashMap<>();
            if (o.getMetadata().getAnnotations() != null) {
                annotations.putAll(o.getMetadata().getAnnotations());
            }
            if (value == null) {
                annotations.remove(key);
            } else {
                annotations.put(key, value);
            }
            o.getMetadata().setAnnotations(annotations);
            return o;
        });
    }
}
