package dev.ferry.kubernetes;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.Arrays;

/**
 * The kinds of object Ferry makes for an app, in the order they are applied, with how to reach
 * each through the client. KEDA's and the Prometheus Operator's kinds are custom resources, reached
 * by their plural without asking the cluster to discover them.
 */
enum ObjectKind {
    CONFIG_MAP("configmap", "v1", "ConfigMap", ConfigMap.class),
    SERVICE("service", "v1", "Service", Service.class),
    DEPLOYMENT("deployment", "apps/v1", "Deployment", Deployment.class),
    STATEFUL_SET("statefulset", "apps/v1", "StatefulSet", StatefulSet.class),
    POD_DISRUPTION_BUDGET("poddisruptionbudget", "policy/v1", "PodDisruptionBudget", PodDisruptionBudget.class),
    SCALED_OBJECT("scaledobject", KedaScaledObject.API_VERSION, KedaScaledObject.KIND, null) {
        @Override
        String missingApi() {
            return "the cluster has no KEDA ScaledObject resource (" + KedaScaledObject.API_VERSION + "): install "
                    + "KEDA (https://keda.sh), or set kubernetes.autoscaling: none in the profile";
        }
    },
    SERVICE_MONITOR("servicemonitor", ServiceMonitors.API_VERSION, ServiceMonitors.KIND, null) {
        @Override
        String missingApi() {
            return "the cluster has no ServiceMonitor resource (" + ServiceMonitors.API_VERSION + "): install the "
                    + "Prometheus Operator, or set kubernetes.metrics: annotations in the profile";
        }
    };

    private final String shortName;
    private final String apiVersion;
    private final String kind;
    private final Class<? extends HasMetadata> type;

    ObjectKind(String shortName, String apiVersion, String kind, Class<? extends HasMetadata> type) {
        this.shortName = shortName;
        this.apiVersion = apiVersion;
        this.kind = kind;
        this.type = type;
    }

    /** The kind of a generated object. */
    static ObjectKind of(HasMetadata object) {
        return Arrays.stream(values()).filter(k -> k.kind.equals(object.getKind())
                && k.apiVersion.equals(object.getApiVersion())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("not a kind Ferry makes: " + object.getApiVersion() + " "
                        + object.getKind()));
    }

    /** How kubectl names an object of this kind: {@code deployment/predict}. */
    String describe(String name) {
        return shortName + "/" + name;
    }

    /** Whether this kind is a custom resource that a cluster may not have. */
    boolean custom() {
        return type == null;
    }

    /** Why an object of this kind cannot be made when the cluster lacks its API. */
    String missingApi() {
        return "the cluster has no " + kind + " resource (" + apiVersion + ")";
    }

    /** The operations on objects of this kind, in every namespace. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    MixedOperation<HasMetadata, KubernetesResourceList<HasMetadata>, Resource<HasMetadata>> in(KubernetesClient client) {
        if (type != null) {
            return (MixedOperation) client.resources(type);
        }
        String group = apiVersion.substring(0, apiVersion.indexOf('/'));
        String version = apiVersion.substring(apiVersion.indexOf('/') + 1);
        ResourceDefinitionContext context = new ResourceDefinitionContext.Builder().withGroup(group)
                .withVersion(version).withKind(kind).withPlural(kind.toLowerCase(java.util.Locale.ROOT) + "s")
                .withNamespaced(true).build();
        MixedOperation<GenericKubernetesResource, ?, ?> generic = client.genericKubernetesResources(context);
        return (MixedOperation) generic;
    }
}
