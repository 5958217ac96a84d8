package dev.ferry.format.avro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.engine.AppDefinitionException;
import dev.ferry.engine.spi.OutputCodec;
import dev.ferry.format.avro.Events.Everything;
import dev.ferry.format.avro.Events.Prediction;
import java.util.Map;
import org.apache.avro.JsonProperties;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/** The schema of an output topic: derived from its type, or read from its document, checked at start-up. */
class SchemaTest {

    private static final String WHERE = "app 'predict-foo': output topic 'predict.topic'";
    private final AvroFormat format = new AvroFormat();

    private Schema schemaOf(OutputCodec writer) {
        return new Schema.Parser().parse(writer.schema().document());
    }

    @Test
    void every_component_maps_to_the_avro_type_of_the_mapping_table() {
        Schema s = schemaOf(format.writer(Contexts.ofType(Everything.class)));

        assertThat(s.getFields()).extracting(Schema.Field::name).containsExactly("active", "count", "boxed", "total",
                "ratio", "score", "name", "plan", "address", "tags", "lucky", "totals", "nickname", "previous",
                "avatar", "at", "born", "id", "balance", "addresses");
        assertThat(type(s, "active")).isEqualTo("boolean");
        assertThat(type(s, "count")).isEqualTo("int");
        assertThat(type(s, "boxed")).isEqualTo("int");
        assertThat(type(s, "total")).isEqualTo("long");
        assertThat(type(s, "ratio")).isEqualTo("float");
        assertThat(type(s, "score")).isEqualTo("double");
        assertThat(type(s, "name")).isEqualTo("string");
        assertThat(type(s, "plan")).isEqualTo("enum dev.ferry.format.avro.Plan [FREE, PRO]");
        assertThat(type(s, "address")).isEqualTo("record dev.ferry.format.avro.Address");
        assertThat(type(s, "tags")).isEqualTo("array of string");
        assertThat(type(s, "lucky")).isEqualTo("array of int");
        assertThat(type(s, "totals")).isEqualTo("map of long");
        assertThat(type(s, "nickname")).isEqualTo("union of null, string");
        assertThat(type(s, "previous")).isEqualTo("union of null, record dev.ferry.format.avro.Address");
        assertThat(type(s, "avatar")).isEqualTo("bytes");
        assertThat(type(s, "at")).isEqualTo("long timestamp-micros");
        assertThat(type(s, "born")).isEqualTo("int date");
        assertThat(type(s, "id")).isEqualTo("string uuid");
        assertThat(type(s, "balance")).isEqualTo("string");
        assertThat(type(s, "addresses")).isEqualTo("array of record dev.ferry.format.avro.Address");
        assertThat(s.getField("nickname").defaultVal()).isEqualTo(JsonProperties.NULL_VALUE);
        assertThat(s.getField("previous").defaultVal()).isEqualTo(JsonProperties.NULL_VALUE);
        assertThat(s.getFields()).filteredOn(f -> !f.name().equals("nickname") && !f.name().equals("previous"))
                .allSatisfy(f -> assertThat(f.hasDefaultValue()).isFalse());
        assertThat(s.toString()).doesNotContain("java-class");
    }

    /** A field's type, in words. */
    private static String type(Schema record, String field) {
        return words(record.getField(field).schema());
    }

    private static String words(Schema s) {
        return switch (s.getType()) {
            case RECORD -> "record " + s.getFullName();
            case ENUM -> "enum " + s.getFullName() + " " + s.getEnumSymbols();
            case ARRAY -> "array of " + words(s.getElementType());
            case MAP -> "map of " + words(s.getValueType());
            case UNION -> "union of " + String.join(", ", s.getTypes().stream().map(SchemaTest::words).toList());
            default -> s.getType().getName() + (s.getLogicalType() == null ? "" : " " + s.getLogicalType().getName());
        };
    }

    @Test
    void a_component_of_a_type_avro_has_no_mapping_for_fails_at_start_up_naming_it() {
        assertThatThrownBy(() -> format.writer(Contexts.ofType(Events.WithShort.class)))
                .isInstanceOf(AppDefinitionException.class)
                .hasMessage(WHERE + ": cannot derive an Avro schema from dev.ferry.format.avro.Events$WithShort: "
                        + "component dev.ferry.format.avro.Events$WithShort.small ($.small) has type short: Avro has "
                        + "no 8- or 16-bit integers; use int");
    }

    @Test
    void unsupported_components_deep_inside_are_named_with_their_path() {
        assertThatThrownBy(() -> format.writer(Contexts.ofType(Events.WithBadNested.class)))
                .isInstanceOf(AppDefinitionException.class)
                .hasMessageContaining("component dev.ferry.format.avro.Events$WithShort.small ($.others.small) has "
                        + "type short");
    }

    @Test
    void objects_int_keyed_maps_arrays_and_nested_optionals_are_refused_with_the_fix() {
        assertThatThrownBy(() -> format.writer(Contexts.ofType(Events.WithObject.class)))
                .hasMessageContaining("component dev.ferry.format.avro.Events$WithObject.anything ($.anything) has "
                        + "type java.lang.Object: it is not a record, and Avro has no mapping for it");
        assertThatThrownBy(() -> format.writer(Contexts.ofType(Events.WithIntKeys.class)))
                .hasMessageContaining("($.byNumber) has type java.util.Map<java.lang.Integer, java.lang.String>: "
                        + "Avro maps have string keys; use Map<String, V>");
        assertThatThrownBy(() -> format.writer(Contexts.ofType(Events.WithArray.class)))
                .hasMessageContaining("($.names) has type java.lang.String[]: Avro has no mapping for Java arrays "
                        + "other than byte[]; use a List");
        assertThatThrownBy(() -> format.writer(Contexts.ofType(Events.WithNestedOptional.class)))
                .hasMessageContaining("an Optional of an Optional has no Avro mapping");
    }

    /** Another {@code Address}, in the same package as {@link Events.Address}. */
    static final class Elsewhere {
        record Address(String line) {
        }
    }

    record TwoAddresses(Events.Address home, Elsewhere.Address work) {
    }

    @Test
    void two_types_that_would_have_one_avro_name_in_a_schema_are_refused_at_start_up() {
        assertThatThrownBy(() -> format.writer(Contexts.ofType(TwoAddresses.class)))
                .isInstanceOf(AppDefinitionException.class)
                .hasMessageEndingWith("dev.ferry.format.avro.Events$Address and "
                        + "dev.ferry.format.avro.SchemaTest$Elsewhere$Address would both be the Avro type "
                        + "dev.ferry.format.avro.Address; Avro names must be unique within a schema: rename one of them");
    }

    @Test
    void a_type_that_is_not_a_record_is_refused_at_start_up() {
        assertThatThrownBy(() -> format.writer(Contexts.ofType(Events.NotARecord.class)))
                .isInstanceOf(AppDefinitionException.class)
                .hasMessage(WHERE + ": cannot derive an Avro schema from dev.ferry.format.avro.Events$NotARecord: "
                        + "dev.ferry.format.avro.Events$NotARecord is not a Java record; Avro schemas are derived from "
                        + "records (or give an .avsc schema document)");
    }

    @Test
    void a_payload_that_cannot_be_mapped_is_named_inside_the_envelope() {
        assertThatThrownBy(() -> format.writer(Contexts.ofPayload(Events.WithShort.class)))
                .isInstanceOf(AppDefinitionException.class)
                .hasMessageContaining("($.payload.small) has type short");
    }

    @Test
    void an_invalid_avsc_document_fails_at_start_up_naming_the_document_and_avros_reason() {
        String avsc = "{\"type\": \"record\", \"name\": \"P\", \"fields\": [{\"name\": \"client\", \"type\": \"integer\"}]}";

        assertThatThrownBy(() -> format.writer(Contexts.ofDocument("schemas/predict.topic.avsc", avsc, null)))
                .isInstanceOf(AppDefinitionException.class)
                .hasMessageStartingWith(WHERE + ": Avro schema schemas/predict.topic.avsc is invalid: ")
                .hasMessageContaining("integer");
    }

    @Test
    void a_document_that_is_not_json_fails_at_start_up_naming_the_document() {
        assertThatThrownBy(() -> format.writer(Contexts.ofDocument("schemas/p.avsc", "{\"type\": ", null)))
                .isInstanceOf(AppDefinitionException.class)
                .hasMessageStartingWith(WHERE + ": Avro schema schemas/p.avsc is invalid: ")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("[Source"));
    }

    @Test
    void a_document_alone_is_the_schema_and_its_events_are_checked_against_it() throws Exception {
        String avsc = "{\"type\": \"record\", \"name\": \"Score\", \"namespace\": \"com.acme\", \"fields\": ["
                + "{\"name\": \"client\", \"type\": \"long\"}, {\"name\": \"label\", \"type\": [\"null\", \"string\"], "
                + "\"default\": null}]}";
        OutputCodec writer = format.writer(Contexts.ofDocument("schemas/score.avsc", avsc, null));

        assertThat(schemaOf(writer)).isEqualTo(new Schema.Parser().parse(avsc));
        assertThat(format.reader(Contexts.reader(Map.class)).decode(writer.encode(Map.of("client", 5))))
                .isEqualTo(mapOf("client", 5L, "label", null));
        assertThatThrownBy(() -> writer.encode(Map.of("label", "x")))
                .hasMessage("$.client: is missing (the schema requires it)");
    }

    private static Map<String, Object> mapOf(String k1, Object v1, String k2, Object v2) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put(k1, v1);
        m.put(k2, v2);
        return m;
    }

    @Test
    void a_type_with_a_document_is_written_in_the_document_which_may_promote_and_add_defaulted_fields()
            throws Exception {
        String avsc = "{\"type\": \"record\", \"name\": \"Prediction\", \"namespace\": \"com.acme\", \"fields\": ["
                + "{\"name\": \"some_prediction_value\", \"type\": \"double\"}, {\"name\": \"client\", \"type\": "
                + "\"long\"}, {\"name\": \"model\", \"type\": \"string\", \"default\": \"v1\"}]}";
        OutputCodec writer = format.writer(Contexts.ofDocument("schemas/p.avsc", avsc, Prediction.class));

        Object read = format.reader(Contexts.reader(Map.class)).decode(writer.encode(new Prediction(0.5f, 3)));

        assertThat(schemaOf(writer).getFullName()).isEqualTo("com.acme.Prediction");
        assertThat(read).isEqualTo(Map.of("some_prediction_value", 0.5, "client", 3L, "model", "v1"));
    }

    @Test
    void a_type_that_does_not_fit_its_document_fails_at_start_up_saying_what_does_not_fit() {
        String avsc = "{\"type\": \"record\", \"name\": \"Prediction\", \"fields\": ["
                + "{\"name\": \"some_prediction_value\", \"type\": \"int\"}, {\"name\": \"label\", \"type\": \"string\"}]}";

        assertThatThrownBy(() -> format.writer(Contexts.ofDocument("schemas/p.avsc", avsc, Prediction.class)))
                .isInstanceOf(AppDefinitionException.class)
                .hasMessage(WHERE + ": dev.ferry.format.avro.Events$Prediction does not fit the Avro schema "
                        + "schemas/p.avsc: $.some_prediction_value: the type has float, which cannot be written as "
                        + "the schema's int; $.client: the type has it (int), but the schema's record Prediction has "
                        + "no such field; $.label: the schema requires it (it has no default), but "
                        + "dev.ferry.format.avro.Events$Prediction has no such component");
    }

    @Test
    void an_optional_component_needs_a_union_with_null_in_the_document() {
        String avsc = "{\"type\": \"record\", \"name\": \"Address\", \"fields\": ["
                + "{\"name\": \"city\", \"type\": \"string\"}, {\"name\": \"zip\", \"type\": \"string\"}]}";

        assertThatThrownBy(() -> format.writer(Contexts.ofDocument("a.avsc", avsc, Events.Address.class)))
                .isInstanceOf(AppDefinitionException.class)
                .hasMessageEndingWith("$.zip: the type's java.util.Optional<java.lang.String> may be empty, but the "
                        + "schema's string does not allow null");
    }

    @Test
    void a_document_may_use_logical_types_the_derivation_does_not_such_as_decimal_and_timestamp_millis()
            throws Exception {
        record Payment(java.math.BigDecimal amount, java.time.Instant at) {
        }
        String avsc = "{\"type\": \"record\", \"name\": \"Payment\", \"fields\": ["
                + "{\"name\": \"amount\", \"type\": {\"type\": \"bytes\", \"logicalType\": \"decimal\", \"precision\": 6, "
                + "\"scale\": 2}}, {\"name\": \"at\", \"type\": {\"type\": \"long\", \"logicalType\": \"timestamp-millis\"}}]}";
        OutputCodec writer = format.writer(Contexts.ofDocument("pay.avsc", avsc, Payment.class));
        java.time.Instant at = java.time.Instant.parse("2026-01-02T03:04:05.678Z");

        Object read = format.reader(Contexts.reader(Map.class)).decode(writer.encode(
                new Payment(new java.math.BigDecimal("12.5"), at)));

        assertThat(read).isEqualTo(Map.of("amount", new java.math.BigDecimal("12.50"), "at", at));
        assertThatThrownBy(() -> writer.encode(new Payment(new java.math.BigDecimal("1.234"), at)))
                .hasMessage("$.amount: expected bytes (decimal(6, 2)), got java.math.BigDecimal \"1.234\" (more than "
                        + "2 decimal places)");
        assertThatThrownBy(() -> writer.encode(new Payment(new java.math.BigDecimal("12345.6"), at)))
                .hasMessageContaining("(more than 6 digits)");
    }

    @Test
    void a_union_of_several_branches_takes_the_first_branch_each_value_fits() throws Exception {
        String avsc = "{\"type\": \"record\", \"name\": \"Cell\", \"fields\": [{\"name\": \"value\", \"type\": "
                + "[\"null\", \"int\", \"string\", {\"type\": \"array\", \"items\": \"int\"}]}, "
                + "{\"name\": \"digest\", \"type\": {\"type\": \"fixed\", \"name\": \"Md5\", \"size\": 4}}]}";
        OutputCodec writer = format.writer(Contexts.ofDocument("cell.avsc", avsc, null));
        var asJson = format.reader(Contexts.reader(String.class));

        assertThat(asJson.decode(writer.encode("{\"value\": 5, \"digest\": \"AQIDBA==\"}")))
                .isEqualTo("{\"value\":5,\"digest\":\"AQIDBA==\"}");
        assertThat(asJson.decode(writer.encode(mapOf("value", "five", "digest", new byte[] {1, 2, 3, 4}))))
                .isEqualTo("{\"value\":\"five\",\"digest\":\"AQIDBA==\"}");
        assertThat(asJson.decode(writer.encode(mapOf("value", java.util.List.of(1, 2), "digest", new byte[4]))))
                .isEqualTo("{\"value\":[1,2],\"digest\":\"AAAAAA==\"}");
        assertThat(asJson.decode(writer.encode(mapOf("value", null, "digest", new byte[4]))))
                .isEqualTo("{\"value\":null,\"digest\":\"AAAAAA==\"}");
        assertThatThrownBy(() -> writer.encode(mapOf("value", true, "digest", new byte[3])))
                .hasMessage("$.value: expected one of null, int, string, array, got boolean true; $.digest: expected "
                        + "fixed Md5 of 4 bytes, got bytes (3 bytes)");
    }

    @Test
    void an_envelope_payload_declared_with_a_document_must_fit_it() {
        String avsc = "{\"type\": \"record\", \"name\": \"Envelope\", \"fields\": [{\"name\": \"metadata\", \"type\": "
                + "{\"type\": \"record\", \"name\": \"Metadata\", \"fields\": [{\"name\": \"timestamp\", \"type\": "
                + "\"string\"}, {\"name\": \"id\", \"type\": \"string\"}, {\"name\": \"version\", \"type\": \"string\"}]}}, "
                + "{\"name\": \"payload\", \"type\": {\"type\": \"record\", \"name\": \"P\", \"fields\": "
                + "[{\"name\": \"client\", \"type\": \"long\"}]}}]}";
        var output = new dev.ferry.engine.OutputDescriptor(Contexts.TOPIC, java.util.Optional.of("avro"),
                java.util.Optional.empty(), java.util.Optional.of(Prediction.class.getName()),
                java.util.Optional.of(new dev.ferry.engine.OutputDescriptor.SchemaDocument("env.avsc", avsc)));
        var context = new dev.ferry.engine.spi.WriterContext(Contexts.app(output), output, java.util.Optional.empty(),
                java.util.Optional.of(Prediction.class));

        assertThatThrownBy(() -> format.writer(context))
                .isInstanceOf(AppDefinitionException.class)
                .hasMessage(WHERE + ": dev.ferry.api.Envelope<dev.ferry.format.avro.Events$Prediction> does not fit "
                        + "the Avro schema env.avsc: $.payload.some_prediction_value: the type has it (float), but the "
                        + "schema's record P has no such field");
    }
}
