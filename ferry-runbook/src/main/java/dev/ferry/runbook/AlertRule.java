package dev.ferry.runbook;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One Prometheus alerting rule of an app, as it is written into the rules file and the
 * {@code PrometheusRule}: kept as data so that both forms, and the runbook's section on the alert,
 * say the same thing.
 *
 * @param alert       the alert's name, such as {@code FerryAppHalted}
 * @param expr        the PromQL expression; the alert is pending while it returns a series
 * @param forDuration how long it must return one before the alert fires, in Prometheus's form ({@code 5m})
 * @param labels      severity, app and (if the app names one) owner
 * @param annotations summary, description and runbook_url
 */
public record AlertRule(String alert, String expr, String forDuration, Map<String, String> labels,
                        Map<String, String> annotations) {

    /** Checks that nothing is null and keeps the maps in their given order. */
    public AlertRule {
        Objects.requireNonNull(alert, "alert");
        Objects.requireNonNull(expr, "expr");
        Objects.requireNonNull(forDuration, "forDuration");
        labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
        annotations = Collections.unmodifiableMap(new LinkedHashMap<>(annotations));
    }

    /** The alert's severity label. */
    public String severity() {
        return labels.get("severity");
    }
}
