package dev.ferry.kubernetes;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The labels and annotations Ferry puts on an app's objects: the standard
 * {@code app.kubernetes.io/*} labels, by which undeploy and scale find what deploy made, and
 * Ferry's own {@code ferry.dev/*} annotations.
 */
public final class Labels {

    /** The standard name label: the app's name. */
    public static final String NAME = "app.kubernetes.io/name";
    /** The standard managed-by label: {@value #FERRY}. */
    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    /** The value of {@link #MANAGED_BY} on everything Ferry makes. */
    public static final String FERRY = "ferry";
    static final String COMPONENT = "app.kubernetes.io/component";
    static final String PART_OF = "app.kubernetes.io/part-of";

    /** The app's owner, as its descriptor says (an annotation: an e-mail address is no label value). */
    public static final String OWNER = "ferry.dev/owner";
    /** A hash of what Ferry generated for an object, so that a deploy that changes nothing writes nothing. */
    public static final String SPEC_HASH = "ferry.dev/spec-hash";
    /** A hash of the app's ferry.yaml on the pod template, so that a changed profile rolls the pods. */
    public static final String CONFIG_HASH = "ferry.dev/config-hash";
    /** The most replicas that all get partitions, on the workload, for {@code ferry scale}. */
    public static final String MAX_REPLICAS = "ferry.dev/max-replicas";
    /** The input partitions the app had when it was deployed, on the workload. */
    public static final String PARTITIONS = "ferry.dev/partitions";
    /** The consumers each replica runs (the app's {@code consumers}), on the workload. */
    public static final String CONSUMERS = "ferry.dev/consumers";
    /** KEDA's annotation that pins a ScaledObject's target at a replica count and pauses autoscaling. */
    public static final String KEDA_PAUSED_REPLICAS = "autoscaling.keda.sh/paused-replicas";

    private Labels() {
    }

    /** The labels that select one app's pods and objects: its name and managed-by ferry. */
    public static Map<String, String> selector(String app) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(NAME, app);
        m.put(MANAGED_BY, FERRY);
        return m;
    }

    /** Every label of the app's objects: the selector, and its component and part-of. */
    static Map<String, String> of(String app) {
        Map<String, String> m = selector(app);
        m.put(COMPONENT, "consumer");
        m.put(PART_OF, "ferry");
        return m;
    }
}
