package dev.ferry.runbook;

import java.util.Objects;

/**
 * What {@link RunbookWriter} makes for one app, as text: what {@code ferry runbook} writes into its
 * three files, and what the hub shows on an app's page without writing anything.
 *
 * @param rules          the Prometheus rules file, {@code <app>.rules.yaml}
 * @param prometheusRule the same rules as a {@code PrometheusRule} manifest, {@code <app>.prometheusrule.yaml}
 * @param runbook        the on-call runbook in Markdown, {@code RUNBOOK.md}
 */
public record RunbookTexts(String rules, String prometheusRule, String runbook) {

    /** Checks that nothing is null. */
    public RunbookTexts {
        Objects.requireNonNull(rules, "rules");
        Objects.requireNonNull(prometheusRule, "prometheusRule");
        Objects.requireNonNull(runbook, "runbook");
    }
}
