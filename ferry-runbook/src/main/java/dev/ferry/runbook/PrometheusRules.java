package dev.ferry.runbook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;

/**
 * An app's alert rules in the two forms Prometheus takes them: a rules file
 * ({@code prometheus --config.file} with {@code rule_files}, {@code promtool check rules}) and a
 * {@code PrometheusRule} of the Prometheus Operator (monitoring.coreos.com/v1), whose {@code spec} is
 * the very same groups, so the two cannot drift.
 */
final class PrometheusRules {

    /** YAML as people write it: no document marker, quotes only where needed, long lines kept whole. */
    static final ObjectMapper YAML = yamlMapper();

    private final String app;
    private final List<AlertRule> rules;

    PrometheusRules(String app, List<AlertRule> rules) {
        this.app = app;
        this.rules = List.copyOf(rules);
    }

    private static ObjectMapper yamlMapper() {
        DumperOptions options = new DumperOptions();
        options.setSplitLines(false);
        options.setWidth(Integer.MAX_VALUE);
        options.setIndent(2);
        options.setIndicatorIndent(0);
        return new ObjectMapper(YAMLFactory.builder().dumperOptions(options)
                .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                .build());
    }

    /** The rules file's document: {@code groups} with one group, {@code ferry-<app>}, of every rule. */
    ObjectNode groups() {
        ObjectNode root = YAML.createObjectNode();
        ObjectNode group = root.putArray("groups").addObject();
        group.put("name", "ferry-" + app);
        ArrayNode list = group.putArray("rules");
        for (AlertRule r : rules) {
            ObjectNode rule = list.addObject();
            rule.put("alert", r.alert());
            rule.put("expr", r.expr());
            rule.put("for", r.forDuration());
            strings(rule.putObject("labels"), r.labels());
            strings(rule.putObject("annotations"), r.annotations());
        }
        return root;
    }

    private static void strings(ObjectNode node, Map<String, String> values) {
        values.forEach(node::put);
    }

    /** The rules file, {@code <app>.rules.yaml}. */
    String rulesFile() {
        return write(groups());
    }

    /**
     * The {@code PrometheusRule} manifest: named after the app, labelled
     * {@code app.kubernetes.io/name=<app>} as its other objects are, its spec the rules file's groups.
     */
    String manifest() {
        ObjectNode root = YAML.createObjectNode();
        root.put("apiVersion", "monitoring.coreos.com/v1");
        root.put("kind", "PrometheusRule");
        ObjectNode metadata = root.putObject("metadata");
        metadata.put("name", app);
        ObjectNode labels = metadata.putObject("labels");
        labels.put("app.kubernetes.io/name", app);
        labels.put("app.kubernetes.io/managed-by", "ferry");
        root.set("spec", groups());
        return write(root);
    }

    private static String write(ObjectNode node) {
        try {
            return YAML.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
