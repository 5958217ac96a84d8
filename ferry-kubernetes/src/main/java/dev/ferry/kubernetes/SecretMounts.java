package dev.ferry.kubernetes;

import dev.ferry.engine.PlatformProfile;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How the secrets the profile's {@code security.*} keys point at reach the pods: the files (a SASL
 * password, a client key, a trust store) from Secrets mounted as directories
 * ({@code kubernetes.secret-mounts}), the variables from Secret keys ({@code kubernetes.credentials}).
 * ferry deploy refuses a profile whose pods would not find one, naming the key and what to add,
 * rather than start pods that fail at their first client; it never reads a secret itself.
 */
final class SecretMounts {

    private static final String VOLUME_PREFIX = "secret-";

    private SecretMounts() {
    }

    /** Throws naming the first security file no mount covers, or variable no credential gives. */
    static void check(PlatformProfile profile) {
        Map<String, String> mounts = profile.kubernetesSecretMounts();
        profile.security().files().forEach((key, file) -> {
            Path p = file.normalize();
            boolean covered = p.isAbsolute() && mounts.values().stream().anyMatch(dir -> p.startsWith(Path.of(dir)));
            if (!covered) {
                throw new DeployException(key + " (from " + profile.sourceOf(key) + ") names '" + file + "', which no "
                        + "Secret mounted in the pods holds: put the file in a Kubernetes Secret and mount it with "
                        + "kubernetes.secret-mounts: <secret>=<directory of the file>"
                        + (mounts.isEmpty() ? "" : " (mounted now: " + mounts + ")"));
            }
        });
        profile.security().variables().forEach((key, variable) -> {
            if (!profile.kubernetesCredentials().containsKey(variable)) {
                throw new DeployException(key + " (from " + profile.sourceOf(key) + ") names the variable " + variable
                        + ", which the pods do not get: give it from a Kubernetes Secret with kubernetes.credentials: "
                        + variable + "=<secret>/<key>");
            }
        });
    }

    /** One read-only Secret volume per mount. */
    static List<Volume> volumes(PlatformProfile profile) {
        List<Volume> out = new ArrayList<>();
        int i = 0;
        for (String secret : profile.kubernetesSecretMounts().keySet()) {
            out.add(new VolumeBuilder().withName(VOLUME_PREFIX + i++).withNewSecret().withSecretName(secret)
                    .withOptional(false).endSecret().build());
        }
        return out;
    }

    /** Where each Secret volume is mounted in the app's container. */
    static List<VolumeMount> mounts(PlatformProfile profile) {
        List<VolumeMount> out = new ArrayList<>();
        int i = 0;
        for (String dir : profile.kubernetesSecretMounts().values()) {
            out.add(new VolumeMountBuilder().withName(VOLUME_PREFIX + i++).withMountPath(dir).withReadOnly(true).build());
        }
        return out;
    }
}
