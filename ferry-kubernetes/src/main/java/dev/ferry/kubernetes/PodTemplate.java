package dev.ferry.kubernetes;

import dev.ferry.engine.AppDescriptor;
import dev.ferry.engine.PlatformProfile;
import dev.ferry.engine.RunningApp;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The pod every replica of an app runs: the app's image with the profile mounted from its
 * ConfigMap ({@code FERRY_PROFILE}), credentials from Secrets only (variables, and the files of
 * {@code kubernetes.secret-mounts}), its instance id from the pod's
 * name when it runs exactly-once, the monitoring port with Ferry's health endpoints as probes
 * ({@code /health/live}: the consumer threads run; {@code /health/ready}: the app keeps up), the
 * profile's resources, and a grace period that covers Ferry's own bounded stop.
 */
final class PodTemplate {

    static final String CONTAINER = "app";
    static final String MONITORING_PORT = "monitoring";
    private static final String CONFIG_VOLUME = "ferry-profile";
    /** Beyond the stop's own bound (shutdown-timeout + close grace): time to flush logs and exit. */
    private static final Duration EXIT_MARGIN = Duration.ofSeconds(5);
    private static final int STARTUP_PERIOD_SECONDS = 5;

    private PodTemplate() {
    }

    static PodTemplateSpec of(AppDescriptor app, PlatformProfile profile, String image, PodProfile podProfile,
                              boolean exactlyOnce) {
        String name = app.name();
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put(Labels.CONFIG_HASH, podProfile.hash());
        if (profile.kubernetesMetrics().equals("annotations")) {
            annotations.put("prometheus.io/scrape", "true");
            annotations.put("prometheus.io/port", Integer.toString(podProfile.monitoringPort()));
            annotations.put("prometheus.io/path", "/metrics");
        }
        long grace = profile.shutdownTimeout().plus(RunningApp.CLOSE_GRACE).plus(EXIT_MARGIN).toSeconds();
        return new PodTemplateSpecBuilder()
                .withNewMetadata().withLabels(Labels.of(name)).withAnnotations(annotations).endMetadata()
                .withNewSpec()
                .withTerminationGracePeriodSeconds(grace)
                .withNewSecurityContext().withRunAsNonRoot(true).endSecurityContext()
                .addNewContainer().withName(CONTAINER).withImage(image).withImagePullPolicy("IfNotPresent")
                .withEnv(env(profile, exactlyOnce))
                .addNewPort().withName(MONITORING_PORT).withContainerPort(podProfile.monitoringPort())
                .withProtocol("TCP").endPort()
                .withStartupProbe(startupProbe(profile))
                .withLivenessProbe(probe("/health/live", 10, 3))
                .withReadinessProbe(probe("/health/ready", 5, 3))
                .withResources(resources(profile))
                .withNewSecurityContext().withAllowPrivilegeEscalation(false).withNewCapabilities()
                .withDrop("ALL").endCapabilities().endSecurityContext()
                .addNewVolumeMount().withName(CONFIG_VOLUME).withMountPath(PodProfile.MOUNT_PATH).withReadOnly(true)
                .endVolumeMount()
                .addAllToVolumeMounts(SecretMounts.mounts(profile))
                .endContainer()
                .addNewVolume().withName(CONFIG_VOLUME).withNewConfigMap()
                .withName(AppManifests.configMapName(name)).endConfigMap().endVolume()
                .addAllToVolumes(SecretMounts.volumes(profile))
                .endSpec().build();
    }

    private static List<EnvVar> env(PlatformProfile profile, boolean exactlyOnce) {
        List<EnvVar> env = new ArrayList<>();
        env.add(new EnvVar("FERRY_PROFILE", PodProfile.MOUNT_PATH + "/" + PodProfile.FILE_NAME, null));
        if (exactlyOnce) {
            // A StatefulSet pod keeps its name across restarts: a stable instance id, hence stable
            // transactional ids (a restart fences its predecessor) and static group membership.
            env.add(new EnvVarBuilder().withName(PlatformProfile.environmentVariable("instance-id"))
                    .withNewValueFrom().withNewFieldRef().withFieldPath("metadata.name").endFieldRef().endValueFrom()
                    .build());
        }
        profile.kubernetesCredentials().forEach((variable, ref) -> {
            int slash = ref.indexOf('/');
            env.add(new EnvVarBuilder().withName(variable).withNewValueFrom().withNewSecretKeyRef()
                    .withName(ref.substring(0, slash)).withKey(ref.substring(slash + 1)).withOptional(false)
                    .endSecretKeyRef().endValueFrom().build());
        });
        return env;
    }

    /** Generous while the app connects (up to its startup-timeout and more), then liveness takes over. */
    private static Probe startupProbe(PlatformProfile profile) {
        int attempts = (int) Math.max(6, profile.startupTimeout().toSeconds() / STARTUP_PERIOD_SECONDS + 2);
        return new ProbeBuilder().withNewHttpGet().withPath("/health/live").withPort(new IntOrString(MONITORING_PORT))
                .endHttpGet().withPeriodSeconds(STARTUP_PERIOD_SECONDS).withFailureThreshold(attempts).build();
    }

    private static Probe probe(String path, int periodSeconds, int failures) {
        return new ProbeBuilder().withNewHttpGet().withPath(path).withPort(new IntOrString(MONITORING_PORT))
                .endHttpGet().withPeriodSeconds(periodSeconds).withFailureThreshold(failures).withTimeoutSeconds(2)
                .build();
    }

    private static ResourceRequirements resources(PlatformProfile profile) {
        ResourceRequirementsBuilder b = new ResourceRequirementsBuilder();
        put(profile.kubernetesResource("cpu-request"), "cpu", b::addToRequests);
        put(profile.kubernetesResource("memory-request"), "memory", b::addToRequests);
        put(profile.kubernetesResource("cpu-limit"), "cpu", b::addToLimits);
        put(profile.kubernetesResource("memory-limit"), "memory", b::addToLimits);
        ResourceRequirements r = b.build();
        check(profile, r, "cpu");
        check(profile, r, "memory");
        return r;
    }

    private static void put(Optional<String> value, String resource,
                            java.util.function.BiFunction<String, Quantity, ResourceRequirementsBuilder> add) {
        value.ifPresent(v -> add.apply(resource, new Quantity(v)));
    }

    private static void check(PlatformProfile profile, ResourceRequirements r, String resource) {
        Quantity request = r.getRequests() == null ? null : r.getRequests().get(resource);
        Quantity limit = r.getLimits() == null ? null : r.getLimits().get(resource);
        if (request != null && limit != null && request.getNumericalAmount().compareTo(limit.getNumericalAmount()) > 0) {
            throw new DeployException(profile.source("kubernetes." + resource + "-request") + ": " + request
                    + " is more than kubernetes." + resource + "-limit (" + limit + "), which Kubernetes refuses");
        }
    }
}
