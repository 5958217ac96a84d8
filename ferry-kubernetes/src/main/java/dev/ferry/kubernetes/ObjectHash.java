package dev.ferry.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The hash of what Ferry generated for an object, kept in its {@link Labels#SPEC_HASH} annotation
 * (as {@code kubectl apply} keeps its last-applied configuration): a deploy whose object has the
 * same hash as the live one writes nothing. A workload's replica count is left out, because
 * {@code ferry scale} and KEDA own it once the workload exists.
 */
final class ObjectHash {

    private ObjectHash() {
    }

    /** Adds the hash of {@code object}, as it is now, to its annotations. */
    static void stamp(HasMetadata object) {
        String hash = of(object);
        Map<String, String> annotations = new LinkedHashMap<>();
        if (object.getMetadata().getAnnotations() != null) {
            annotations.putAll(object.getMetadata().getAnnotations());
        }
        annotations.put(Labels.SPEC_HASH, hash);
        object.getMetadata().setAnnotations(annotations);
    }

    /** The hash a live object was stamped with, or null. */
    static String stamped(HasMetadata object) {
        Map<String, String> annotations = object.getMetadata().getAnnotations();
        return annotations == null ? null : annotations.get(Labels.SPEC_HASH);
    }

    private static String of(HasMetadata object) {
        HasMetadata copy = Serialization.clone(object);
        if (copy instanceof Deployment d) {
            d.getSpec().setReplicas(null);
        } else if (copy instanceof StatefulSet s) {
            s.getSpec().setReplicas(null);
        }
        return PodProfile.sha256(Serialization.asYaml(copy));
    }
}
