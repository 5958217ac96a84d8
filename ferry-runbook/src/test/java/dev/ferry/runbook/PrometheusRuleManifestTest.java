package dev.ferry.runbook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.engine.AppDescriptor;
import dev.ferry.engine.FerryEngine;
import dev.ferry.engine.PlatformProfile;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code PrometheusRule} carries exactly the rules file's groups, so the two forms cannot drift. */
class PrometheusRuleManifestTest {

    @TempDir
    Path dir;

    @Test
    void its_spec_is_the_rules_files_groups_and_it_is_named_and_labelled_after_the_app() throws Exception {
        AppDescriptor app = AppDescriptor.of(SignupScorer.class);
        PlatformProfile profile = PlatformProfile.builder().set("alerts.lag-seconds", "120").build();
        RunbookFiles files = RunbookWriter.write(app, FerryEngine.outputSchemas(app, profile), profile, dir);

        JsonNode manifest = PrometheusRules.YAML.readTree(files.prometheusRule().toFile());
        JsonNode rulesFile = PrometheusRules.YAML.readTree(files.rules().toFile());

        assertThat(manifest.get("apiVersion").asText()).isEqualTo("monitoring.coreos.com/v1");
        assertThat(manifest.get("kind").asText()).isEqualTo("PrometheusRule");
        assertThat(manifest.at("/metadata/name").asText()).isEqualTo("signup-scorer");
        assertThat(manifest.at("/metadata/labels/app.kubernetes.io~1name").asText()).isEqualTo("signup-scorer");
        assertThat(manifest.get("spec")).isEqualTo(rulesFile);
        assertThat(rulesFile.at("/groups/0/rules")).hasSize(5);
        assertThat(manifest.at("/spec/groups/0/rules/1/expr").asText()).endsWith("> 120");
    }
}
