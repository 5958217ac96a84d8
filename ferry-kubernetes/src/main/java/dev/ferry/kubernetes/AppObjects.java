package dev.ferry.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.List;

/**
 * The objects Ferry made for one app in one namespace, found by its labels
 * ({@code app.kubernetes.io/name} and {@code app.kubernetes.io/managed-by: ferry}), in the order
 * deploy applies them; a custom kind the cluster does not have (no KEDA, no Prometheus Operator)
 * simply has none.
 */
final class AppObjects {

    private static final int NOT_FOUND = 404;

    private AppObjects() {
    }

    record Found(ObjectKind kind, HasMetadata object) {
        String describe() {
            return kind.describe(object.getMetadata().getName());
        }
    }

    static List<Found> list(KubernetesClient client, String namespace, String app) {
        List<Found> found = new ArrayList<>();
        for (ObjectKind kind : ObjectKind.values()) {
            try {
                kind.in(client).inNamespace(namespace).withLabels(Labels.selector(app)).list().getItems()
                        .forEach(o -> found.add(new Found(kind, o)));
            } catch (KubernetesClientException e) {
                if (!(kind.custom() && e.getCode() == NOT_FOUND)) {
                    throw e;
                }
            }
        }
        return found;
    }
}
