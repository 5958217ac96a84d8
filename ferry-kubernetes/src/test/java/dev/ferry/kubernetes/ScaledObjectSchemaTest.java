package dev.ferry.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The generated ScaledObject against the fields of KEDA's CRD schema (keda.sh/v1alpha1), written
 * down in test resources as keda-scaledobject-v1alpha1.schema.json; the validator is the one the
 * engine checks outputs with.
 */
class ScaledObjectSchemaTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static Schema schema() throws IOException {
        try (InputStream in = ScaledObjectSchemaTest.class.getResourceAsStream("/keda-scaledobject-v1alpha1.schema.json")) {
            JsonNode node = JSON.readTree(in);
            Schema schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(node);
            schema.initializeValidators();
            return schema;
        }
    }

    private static JsonNode scaledObject(AppManifests m) throws IOException {
        GenericKubernetesResource so = m.objects().stream().filter(GenericKubernetesResource.class::isInstance)
                .map(GenericKubernetesResource.class::cast).filter(o -> o.getKind().equals("ScaledObject")).findFirst()
                .orElseThrow();
        return JSON.readTree(Serialization.asJson(so));
    }

    @Test
    void the_generated_scaled_objects_match_kedas_schema() throws IOException {
        Schema schema = schema();
        for (AppManifests m : List.of(
                AppManifests.generate(new DeploySpec(TestApps.predict(), TestApps.profile().build(), "r/p:1", 6, "ml")),
                AppManifests.generate(new DeploySpec(TestApps.ledger(), TestApps.profile()
                        .set("kubernetes.keda.min-replicas", "0").kafka("common", "security.protocol", "SSL")
                        .set("kubernetes.keda.authentication", "kafka-lag-reader").build(), "r/l:1", 1, "ml")))) {
            List<Error> errors = schema.validate(scaledObject(m));
            assertThat(errors).as(m.app()).isEmpty();
        }
    }

    @Test
    void the_schema_catches_what_kedas_crd_refuses() throws IOException {
        Schema schema = schema();
        JsonNode good = scaledObject(AppManifests.generate(new DeploySpec(TestApps.predict(), TestApps.profile().build(),
                "r/p:1", 6, "ml")));

        JsonNode misspelt = good.deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) misspelt.get("spec")).set("maxReplicas",
                misspelt.get("spec").get("maxReplicaCount"));
        JsonNode numberInMetadata = good.deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) numberInMetadata.get("spec").get("triggers").get(0)
                .get("metadata")).put("lagThreshold", 100);
        JsonNode noTriggers = good.deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) noTriggers.get("spec")).remove("triggers");

        assertThat(schema.validate(misspelt)).extracting(Error::toString).singleElement().asString().contains("maxReplicas");
        assertThat(schema.validate(numberInMetadata)).extracting(Error::toString).singleElement().asString()
                .contains("lagThreshold");
        assertThat(schema.validate(noTriggers)).extracting(Error::toString).singleElement().asString().contains("triggers");
    }
}
