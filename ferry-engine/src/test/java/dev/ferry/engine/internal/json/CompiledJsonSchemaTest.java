package dev.ferry.engine.internal.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The compiled schema never accepts what networknt rejects, accepts the valid events of the schemas
 * it compiles (so the fast path is taken), and refuses to compile what it does not understand. Each
 * schema is tried on thousands of events: a valid one and random mutations of it (fields dropped,
 * added, set to other types and to values at and past every limit).
 */
class CompiledJsonSchemaTest {

    private static final String BENCHMARK = """
            {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object",
             "required": ["id", "customer", "type", "amount", "currency", "ts", "amount_cents"],
             "additionalProperties": false,
             "properties": {
               "id": {"type": "string", "pattern": "^evt-[0-9]+$"},
               "customer": {"type": "string"},
               "type": {"enum": ["page_view", "add_to_cart", "checkout", "search"]},
               "amount": {"type": "number", "minimum": 0},
               "currency": {"type": "string", "minLength": 3, "maxLength": 3},
               "ts": {"type": "integer"},
               "page": {"type": "string"},
               "amount_cents": {"type": "integer", "minimum": 0, "exclusiveMaximum": 1000000}}}""";

    private static final String NESTED = """
            {"type": "object", "required": ["name", "tags", "where"],
             "properties": {
               "name": {"type": ["string", "null"], "maxLength": 5},
               "tags": {"type": "array", "items": {"type": "string", "minLength": 1}, "minItems": 1, "maxItems": 3},
               "where": {"$ref": "#/$defs/Point"},
               "score": {"anyOf": [{"type": "number", "maximum": 1.5}, {"type": "null"}]},
               "both": {"allOf": [{"type": "integer", "minimum": -3}, {"maximum": 7}]},
               "flag": {"enum": [true, null, "yes"]},
               "extra": {"additionalProperties": {"type": "integer"}}},
             "$defs": {"Point": {"type": "object", "required": ["x"], "additionalProperties": false,
                                 "properties": {"x": {"type": "integer"}, "next": {"$ref": "#/$defs/Point"}}}}}""";

    record Line(String label, List<Point> points, Optional<String> note, Kind kind, double weight, long count,
                boolean on) { }

    record Point(int x, int y) { }

    enum Kind { SHORT, LONG }

    @Test
    void accepts_only_what_networknt_accepts_on_the_benchmark_schema() {
        assertAgreesWithNetworknt(BENCHMARK, CompiledJsonSchemaTest::benchmarkEvent);
    }

    @Test
    void accepts_only_what_networknt_accepts_with_nesting_unions_and_references() {
        assertAgreesWithNetworknt(NESTED, () -> {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("name", "abc");
            e.put("tags", new ArrayList<>(List.of("a", "bc")));
            e.put("where", new LinkedHashMap<>(Map.of("x", 1, "next", new LinkedHashMap<>(Map.of("x", 2)))));
            e.put("score", 1.25);
            e.put("both", 5);
            e.put("flag", "yes");
            e.put("extra", new LinkedHashMap<>(Map.of("a", 1L)));
            return e;
        });
    }

    @Test
    void accepts_only_what_networknt_accepts_on_a_schema_derived_from_a_record() {
        String derived = JsonSchemaGenerator.generate(Line.class, new Type[0], "test");
        assertThat(CompiledJsonSchema.of(Json.MAPPER.valueToTree(parse(derived)))).as(derived).isPresent();
        assertAgreesWithNetworknt(derived, () -> {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("label", "l");
            e.put("points", new ArrayList<>(List.of(new LinkedHashMap<>(Map.of("x", 1, "y", 2)))));
            e.put("note", "n");
            e.put("kind", "LONG");
            e.put("weight", 0.5);
            e.put("count", 3L);
            e.put("on", true);
            return e;
        });
    }

    @Test
    void does_not_compile_what_it_does_not_understand() {
        for (String schema : List.of(
                "{\"type\": \"string\", \"format\": \"date-time\"}",
                "{\"oneOf\": [{\"type\": \"string\"}, {\"type\": \"integer\"}]}",
                "{\"enum\": [1, 2]}",
                "{\"type\": \"object\", \"patternProperties\": {\"^a\": {\"type\": \"string\"}}}",
                "{\"$schema\": \"http://json-schema.org/draft-07/schema#\", \"type\": \"string\"}",
                "{\"items\": [{\"type\": \"string\"}]}",
                "{\"$ref\": \"other.json#/$defs/A\"}",
                "{\"$ref\": \"#/$defs/Missing\"}",
                "{\"properties\": {\"a\": {\"$id\": \"inner\", \"type\": \"string\"}}}",
                "{\"type\": \"object\", \"unevaluatedProperties\": false}",
                "{\"$ref\": \"#/$defs/A\", \"$defs\": {\"A\": {\"allOf\": [{\"$ref\": \"#/$defs/B\"}]}, "
                        + "\"B\": {\"anyOf\": [{\"type\": \"null\"}, {\"$ref\": \"#/$defs/A\"}]}}}")) {
            assertThat(CompiledJsonSchema.of(parse(schema))).as(schema).isEmpty();
        }
    }

    @Test
    void leaves_what_is_not_plain_json_data_to_networknt() {
        CompiledJsonSchema seven = CompiledJsonSchema.of(parse("{\"type\": \"object\", \"required\": [\"7\"]}"))
                .orElseThrow();
        assertThat(seven.accepts(Map.of("7", 1))).isTrue();
        assertThat(seven.accepts(Map.of(7, "a non-string key, which Jackson writes as \"7\""))).isFalse();
        CompiledJsonSchema number = CompiledJsonSchema.of(parse("{\"type\": \"number\"}")).orElseThrow();
        assertThat(number.accepts(0.5)).isTrue();
        assertThat(number.accepts(0.5f)).isFalse();
        assertThat(number.accepts(new BigDecimal("0.5"))).isFalse();
        assertThat(number.accepts(Double.NaN)).isFalse();
        CompiledJsonSchema integer = CompiledJsonSchema.of(parse("{\"type\": \"integer\"}")).orElseThrow();
        assertThat(integer.accepts(3L)).isTrue();
        assertThat(integer.accepts(3.0)).as("an integral double: networknt decides").isFalse();
    }

    private static Map<String, Object> benchmarkEvent() {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("id", "evt-17");
        e.put("customer", "c-1");
        e.put("type", "checkout");
        e.put("amount", 37.93);
        e.put("currency", "EUR");
        e.put("ts", 1_767_225_600_000L);
        e.put("page", "/cart");
        e.put("amount_cents", 3793L);
        return e;
    }

    private static final List<Object> ODD_VALUES = Arrays.asList(null, "", "x", "abc", "abcdef", "evt-1", "evt-x",
            "\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00", "page_view", "yes", true, false, 0, -1, -3, -4, 7, 8, 999_999,
            1_000_000, 1L, Long.MAX_VALUE, 0.0, -0.0, -0.5, 1.5, 1.5000001, 3.0, 1e300, Double.NaN, 0.5f,
            new BigDecimal("1.5"), new BigInteger("123456789012345678901234567890"), List.of(), List.of("a"),
            List.of("a", "b", "c", "d"), Arrays.asList("a", null), Map.of(), Map.of("x", 1), Map.of("x", "1"),
            Map.of("x", 1, "z", 2), Map.of("a", "b"), Map.of(1, 2));

    private static void assertAgreesWithNetworknt(String schemaText, Supplier<Map<String, Object>> valid) {
        Schema networknt = JsonSchemaCompiler.compile(schemaText, "test");
        CompiledJsonSchema compiled = CompiledJsonSchema.of(parse(schemaText)).orElseThrow();
        assertThat(networknt.validate(JsonTrees.of(valid.get()))).as("the valid event").isEmpty();
        assertThat(compiled.accepts(valid.get())).as("the valid event").isTrue();
        Random random = new Random(17);
        int accepted = 0;
        int rejected = 0;
        for (int i = 0; i < 5_000; i++) {
            Map<String, Object> event = valid.get();
            for (int m = 1 + random.nextInt(2); m > 0; m--) {
                mutate(event, random);
            }
            List<Error> errors;
            try {
                errors = networknt.validate(JsonTrees.of(event));
            } catch (RuntimeException e) { // NaN against a limit: the codec says it cannot be validated
                errors = null;
            }
            if (compiled.accepts(event)) {
                assertThat(errors).as("networknt's errors for an event the compiled schema accepted: %s", event).isEmpty();
                accepted++;
            } else {
                rejected++;
            }
        }
        assertThat(accepted).as("mutations accepted").isPositive();
        assertThat(rejected).as("mutations rejected").isPositive();
    }

    /** Changes one field, at any depth, to an odd value, or drops or adds one. */
    @SuppressWarnings("unchecked")
    private static void mutate(Map<String, Object> event, Random random) {
        Map<String, Object> target = event;
        while (random.nextInt(3) == 0) {
            List<Object> nested = target.values().stream().filter(v -> v instanceof Map<?, ?> m && !m.isEmpty()
                    && m.keySet().stream().allMatch(String.class::isInstance)).toList();
            if (nested.isEmpty()) {
                break;
            }
            target = new LinkedHashMap<>((Map<String, Object>) nested.get(random.nextInt(nested.size())));
            String key = event.entrySet().stream().filter(e -> e.getValue() instanceof Map<?, ?>).findFirst()
                    .map(Map.Entry::getKey).orElseThrow();
            event.put(key, target);
        }
        List<String> keys = new ArrayList<>(target.keySet());
        String key = keys.isEmpty() ? "new" : keys.get(random.nextInt(keys.size()));
        switch (random.nextInt(5)) {
            case 0 -> target.remove(key);
            case 1 -> target.put("unknown" + random.nextInt(2), ODD_VALUES.get(random.nextInt(ODD_VALUES.size())));
            default -> target.put(key, ODD_VALUES.get(random.nextInt(ODD_VALUES.size())));
        }
    }

    private static JsonNode parse(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
