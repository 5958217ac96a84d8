package dev.ferry.kubernetes;

import dev.ferry.engine.AppDescriptor;
import dev.ferry.engine.Guarantee;
import dev.ferry.engine.PlatformProfile;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Everything one app needs on Kubernetes, generated from its descriptor and the platform profile:
 * the ConfigMap with its ferry.yaml, a headless Service for its monitoring port, the workload (a
 * Deployment; a StatefulSet when it runs exactly-once, so that each pod's name is a stable
 * instance id), a PodDisruptionBudget, and, as the profile chooses, a KEDA ScaledObject and a
 * ServiceMonitor. The objects are fabric8's typed models, in the order they are applied; each
 * carries a hash of itself so that applying it again can tell that nothing changed.
 */
public final class AppManifests {

    private final String app;
    private final String namespace;
    private final List<HasMetadata> objects;
    private final int replicas;
    private final ReplicaLimit limit;

    private AppManifests(String app, String namespace, List<HasMetadata> objects, int replicas, ReplicaLimit limit) {
        this.app = app;
        this.namespace = namespace;
        this.objects = List.copyOf(objects);
        this.replicas = replicas;
        this.limit = limit;
    }

    /**
     * Generates the app's objects.
     *
     * @throws DeployException when the app's name cannot name Kubernetes objects, or the profile holds
     *                         a credential, sets dev-mode or names no cluster
     * @throws dev.ferry.engine.ProfileException when a profile setting is invalid
     */
    public static AppManifests generate(DeploySpec spec) {
        AppDescriptor app = spec.app();
        String name = KubernetesName.check(app.name());
        PlatformProfile profile = spec.profile().forApp(app);
        PodProfile podProfile = PodProfile.of(profile);
        SecretMounts.check(profile);
        ReplicaLimit limit = spec.limit();
        int replicas = Math.min(profile.kubernetesReplicas(), limit.max());
        boolean exactlyOnce = profile.guarantee() == Guarantee.EXACTLY_ONCE;
        boolean keda = profile.kubernetesAutoscaling().equals("keda");

        List<HasMetadata> objects = new ArrayList<>();
        objects.add(configMap(spec, name, podProfile));
        objects.add(service(spec, name, podProfile));
        PodTemplateSpec pod = PodTemplate.of(app, profile, spec.image(), podProfile, exactlyOnce);
        objects.add(exactlyOnce ? statefulSet(spec, name, pod, replicas, limit) : deployment(spec, name, pod, replicas,
                limit));
        objects.add(disruptionBudget(spec, name));
        if (keda) {
            objects.add(KedaScaledObject.of(spec, meta(spec, name).build(), profile, exactlyOnce, limit));
        }
        if (profile.kubernetesMetrics().equals("service-monitor")) {
            objects.add(ServiceMonitors.of(meta(spec, name).build()));
        }
        objects.forEach(ObjectHash::stamp);
        return new AppManifests(name, spec.namespace(), objects, replicas, limit);
    }

    private static ObjectMetaBuilder meta(DeploySpec spec, String name) {
        Map<String, String> annotations = new LinkedHashMap<>();
        if (!spec.app().owner().isBlank()) {
            annotations.put(Labels.OWNER, spec.app().owner());
        }
        if (!spec.app().description().isBlank()) {
            annotations.put("ferry.dev/description", spec.app().description());
        }
        return new ObjectMetaBuilder().withName(name).withNamespace(spec.namespace()).withLabels(Labels.of(name))
                .withAnnotations(annotations);
    }

    private static ConfigMap configMap(DeploySpec spec, String name, PodProfile podProfile) {
        return new ConfigMapBuilder().withMetadata(meta(spec, name).withName(configMapName(name)).build())
                .addToData(PodProfile.FILE_NAME, podProfile.yaml()).build();
    }

    /** The name of an app's ConfigMap. */
    static String configMapName(String app) {
        return app + "-config";
    }

    private static Service service(DeploySpec spec, String name, PodProfile podProfile) {
        return new ServiceBuilder().withMetadata(meta(spec, name).build())
                .withNewSpec().withClusterIP("None").withSelector(Labels.selector(name))
                .addNewPort().withName(PodTemplate.MONITORING_PORT).withPort(podProfile.monitoringPort())
                .withTargetPort(new IntOrString(PodTemplate.MONITORING_PORT)).withProtocol("TCP").endPort()
                .endSpec().build();
    }

    private static ObjectMeta workloadMeta(DeploySpec spec, String name, ReplicaLimit limit) {
        return meta(spec, name).addToAnnotations(Labels.MAX_REPLICAS, Integer.toString(limit.max()))
                .addToAnnotations(Labels.PARTITIONS, Integer.toString(limit.partitions()))
                .addToAnnotations(Labels.CONSUMERS, Integer.toString(limit.consumers()))
                .addToAnnotations("ferry.dev/topics", String.join(",", spec.app().topics())).build();
    }

    private static Deployment deployment(DeploySpec spec, String name, PodTemplateSpec pod, int replicas,
                                         ReplicaLimit limit) {
        return new DeploymentBuilder().withMetadata(workloadMeta(spec, name, limit))
                .withNewSpec().withReplicas(replicas)
                .withNewSelector().withMatchLabels(Labels.selector(name)).endSelector()
                // A new pod joins before an old one leaves: the group never loses a consumer in a rollout.
                .withNewStrategy().withType("RollingUpdate").withNewRollingUpdate()
                .withMaxSurge(new IntOrString(1)).withMaxUnavailable(new IntOrString(0)).endRollingUpdate().endStrategy()
                .withTemplate(pod).endSpec().build();
    }

    private static StatefulSet statefulSet(DeploySpec spec, String name, PodTemplateSpec pod, int replicas,
                                           ReplicaLimit limit) {
        return new StatefulSetBuilder().withMetadata(workloadMeta(spec, name, limit))
                .withNewSpec().withReplicas(replicas).withServiceName(name)
                // Pods are consumers of one group, not an ordered cluster: start and stop them together.
                .withPodManagementPolicy("Parallel")
                .withNewSelector().withMatchLabels(Labels.selector(name)).endSelector()
                .withNewUpdateStrategy().withType("RollingUpdate").endUpdateStrategy()
                .withTemplate(pod).endSpec().build();
    }

    private static PodDisruptionBudget disruptionBudget(DeploySpec spec, String name) {
        // One pod at a time: a drain never stops the whole group, and a single replica can still move. A
        // pod that is not ready (a halted app) may always be evicted, so that it never blocks a drain.
        return new PodDisruptionBudgetBuilder().withMetadata(meta(spec, name).build())
                .withNewSpec().withMaxUnavailable(new IntOrString(1)).withUnhealthyPodEvictionPolicy("AlwaysAllow")
                .withNewSelector().withMatchLabels(Labels.selector(name)).endSelector().endSpec().build();
    }

    /** The app's name, which names its objects. */
    public String app() {
        return app;
    }

    /** The namespace the objects are in. */
    public String namespace() {
        return namespace;
    }

    /** The objects, in the order they are applied. */
    public List<HasMetadata> objects() {
        return objects;
    }

    /** The replicas a new workload starts with: the profile's, capped by {@link #limit()}. */
    public int replicas() {
        return replicas;
    }

    /** How many replicas all get partitions. */
    public ReplicaLimit limit() {
        return limit;
    }

    /** The objects as one multi-document YAML stream, as {@code kubectl apply -f} takes it. */
    public String yaml() {
        return objects.stream().map(Serialization::asYaml).map(AppManifests::withoutDocumentStart)
                .collect(Collectors.joining("---\n", "---\n", ""));
    }

    private static String withoutDocumentStart(String yaml) {
        return yaml.startsWith("---\n") ? yaml.substring(4) : yaml;
    }
}
