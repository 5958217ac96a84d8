package dev.ferry.runbook;

import java.nio.file.Path;
import java.util.List;

/**
 * The files {@link RunbookWriter} wrote for one app.
 *
 * @param rules          the Prometheus rules file, {@code <app>.rules.yaml}
 * @param prometheusRule the same rules as a {@code PrometheusRule} manifest, {@code <app>.prometheusrule.yaml}
 * @param runbook        the on-call runbook, {@code RUNBOOK.md}
 */
public record RunbookFiles(Path rules, Path prometheusRule, Path runbook) {

    /** The three files, in the order above. */
    public List<Path> all() {
        return List.of(rules, prometheusRule, runbook);
    }
}
