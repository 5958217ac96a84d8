package dev.ferry.kubernetes;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Prometheus Operator {@code ServiceMonitor} (monitoring.coreos.com/v1) that scrapes an app's
 * {@code /metrics} through its headless Service, for {@code kubernetes.metrics: service-monitor}.
 */
final class ServiceMonitors {

    static final String API_VERSION = "monitoring.coreos.com/v1";
    static final String KIND = "ServiceMonitor";

    private ServiceMonitors() {
    }

    static GenericKubernetesResource of(ObjectMeta meta) {
        Map<String, Object> endpoint = new LinkedHashMap<>();
        endpoint.put("port", PodTemplate.MONITORING_PORT);
        endpoint.put("path", "/metrics");
        endpoint.put("interval", "30s");
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("selector", Map.of("matchLabels", Labels.selector(meta.getName())));
        spec.put("endpoints", List.of(endpoint));
        return new GenericKubernetesResourceBuilder().withApiVersion(API_VERSION).withKind(KIND).withMetadata(meta)
                .withAdditionalProperties(Map.of("spec", spec)).build();
    }
}
