package dev.ferry.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The benchmark's pipeline for the contenders that are not Ferry, written the way a careful engineer
 * would: decode the JSON with Jackson, add {@code amount_cents}, validate the result against the same
 * JSON Schema that the Ferry app declares (with the validator and settings Ferry uses), encode it.
 * Thread-safe.
 */
final class Enrichment {

    /** The output schema, a classpath resource; the Ferry app declares the same one. */
    static final String SCHEMA = "schemas/bench-event-enriched.json";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Schema schema;

    private Enrichment(Schema schema) {
        this.schema = schema;
    }

    /** Loads and compiles the output schema. */
    static Enrichment load() {
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
                b -> b.schemaRegistryConfig(SchemaRegistryConfig.builder().pathType(PathType.JSON_PATH).build()));
        try (InputStream in = Enrichment.class.getClassLoader().getResourceAsStream(SCHEMA)) {
            if (in == null) {
                throw new IllegalStateException("the schema resource " + SCHEMA + " is not on the classpath");
            }
            Schema schema = registry.getSchema(MAPPER.readTree(in));
            schema.initializeValidators();
            return new Enrichment(schema);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the schema resource " + SCHEMA, e);
        }
    }

    /**
     * Decodes one input event, adds {@code amount_cents}, validates and encodes it.
     *
     * @throws IllegalArgumentException if the event is not JSON or the result breaks the schema
     */
    byte[] apply(byte[] value) {
        try {
            ObjectNode event = (ObjectNode) MAPPER.readTree(value);
            event.put("amount_cents", amountCents(event.path("amount").asDouble()));
            check(event);
            return MAPPER.writeValueAsBytes(event);
        } catch (IOException | ClassCastException e) {
            throw new IllegalArgumentException("not a JSON object: " + e.getMessage(), e);
        }
    }

    private void check(JsonNode event) {
        List<Error> errors = schema.validate(event);
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException("output breaks " + SCHEMA + ": "
                    + errors.stream().map(Error::toString).collect(Collectors.joining("; ")));
        }
    }

    /** The field every contender adds: the amount in cents, rounded. */
    static long amountCents(double amount) {
        return Math.round(amount * 100);
    }
}
