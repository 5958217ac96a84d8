package dev.ferry.kubernetes;

import dev.ferry.api.Start;
import dev.ferry.engine.PlatformProfile;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The KEDA {@code ScaledObject} (keda.sh/v1alpha1) that scales an app on its consumer lag: one
 * {@code kafka} trigger per input topic, for the app's consumer group, adding a replica per
 * {@code kubernetes.keda.lag-threshold} events of lag, between {@code kubernetes.keda.min-replicas}
 * and the most replicas that all get partitions. There is no typed model for KEDA's objects, so it
 * is a generic resource; the tests check it against the fields of KEDA's CRD schema.
 */
final class KedaScaledObject {

    static final String API_VERSION = "keda.sh/v1alpha1";
    static final String KIND = "ScaledObject";

    private KedaScaledObject() {
    }

    static GenericKubernetesResource of(DeploySpec spec, ObjectMeta meta, PlatformProfile profile, boolean statefulSet,
                                        ReplicaLimit limit) {
        Map<String, Object> target = new LinkedHashMap<>();
        target.put("apiVersion", "apps/v1");
        target.put("kind", statefulSet ? "StatefulSet" : "Deployment");
        target.put("name", meta.getName());
        java.util.Optional<String> authentication = authentication(spec, profile);
        List<Object> triggers = new ArrayList<>();
        for (String topic : spec.app().topics()) {
            Map<String, Object> metadata = new LinkedHashMap<>();
            metadata.put("bootstrapServers", profile.bootstrapServers());
            metadata.put("consumerGroup", spec.app().name());
            metadata.put("topic", topic);
            metadata.put("lagThreshold", Integer.toString(profile.kedaLagThreshold()));
            metadata.put("offsetResetPolicy", spec.app().start() == Start.BEGINNING ? "earliest" : "latest");
            Map<String, Object> trigger = new LinkedHashMap<>();
            trigger.put("type", "kafka");
            trigger.put("name", "lag-" + topic.replaceAll("[^a-zA-Z0-9-]", "-"));
            trigger.put("metadata", metadata);
            authentication.ifPresent(name -> trigger.put("authenticationRef", Map.of("name", name)));
            triggers.add(trigger);
        }
        int max = limit.max();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("scaleTargetRef", target);
        body.put("minReplicaCount", Math.min(profile.kedaMinReplicas(), max));
        body.put("maxReplicaCount", max);
        body.put("pollingInterval", 30);
        body.put("cooldownPeriod", 300);
        body.put("triggers", triggers);
        return new GenericKubernetesResourceBuilder().withApiVersion(API_VERSION).withKind(KIND).withMetadata(meta)
                .withAdditionalProperties(Map.of("spec", body)).build();
    }

    /**
     * KEDA reads the lag with a Kafka client of its own: on a cluster that is not PLAINTEXT it needs
     * the credentials of a TriggerAuthentication, which the platform team makes (its Secret holds
     * KEDA's sasl, username, password, tls, ca... parameters, not Ferry's JAAS configuration).
     */
    private static java.util.Optional<String> authentication(DeploySpec spec, PlatformProfile profile) {
        // not kafkaProperties: that reads the secrets, whose files exist in the pods, not where ferry deploy runs
        String protocol = profile.securityProtocol("consumer");
        java.util.Optional<String> named = profile.kedaAuthentication();
        if (named.isEmpty() && !protocol.equalsIgnoreCase("PLAINTEXT")) {
            throw new DeployException("app '" + spec.app().name() + "': the cluster is reached with security.protocol "
                    + protocol + " (" + profile.securityProtocolSource("consumer") + "), so KEDA needs credentials "
                    + "to read the app's lag: name a KEDA TriggerAuthentication of the namespace with "
                    + "kubernetes.keda.authentication, or set kubernetes.autoscaling: none");
        }
        return named;
    }
}
