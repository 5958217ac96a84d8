package dev.ferry.format.avro;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.api.Envelope;
import dev.ferry.api.Metadata;
import dev.ferry.engine.spi.InputCodec;
import dev.ferry.engine.spi.OutputCodec;
import dev.ferry.format.avro.Events.Everything;
import dev.ferry.format.avro.Events.Prediction;
import dev.ferry.format.avro.Events.Tree;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

class RoundTripTest {

    private final AvroFormat format = new AvroFormat();

    @Test
    void a_record_written_reads_back_as_the_same_record() throws Exception {
        byte[] bytes = format.writer(Contexts.ofType(Prediction.class)).encode(new Prediction(0.75f, 42));

        Object read = format.reader(Contexts.reader(Prediction.class)).decode(bytes);

        assertThat(read).isEqualTo(new Prediction(0.75f, 42));
    }

    @Test
    void an_envelope_written_reads_back_as_an_envelope_of_the_payload() throws Exception {
        Envelope<Prediction> event = new Envelope<>(new Metadata("2026-11-25T09:30:00.123Z", "id-1", "7"),
                new Prediction(0.5f, 3));
        byte[] bytes = format.writer(Contexts.ofPayload(Prediction.class)).encode(event);

        Object read = format.reader(Contexts.reader(OutputSchemas.envelopeOf(Prediction.class))).decode(bytes);

        assertThat(read).isEqualTo(event);
    }

    @Test
    void a_map_written_reads_back_as_the_same_map() throws Exception {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("some_prediction_value", 0.25f);
        event.put("client", 9);
        byte[] bytes = format.writer(Contexts.ofType(Prediction.class)).encode(event);

        Object read = format.reader(Contexts.reader(Map.class)).decode(bytes);

        assertThat(read).isEqualTo(event);
    }

    @Test
    void json_text_written_reads_back_as_the_same_json() throws Exception {
        String json = "{\"metadata\": {\"timestamp\": \"2026-11-25T09:30:00Z\", \"id\": \"a\", \"version\": \"1\"}, "
                + "\"payload\": {\"some_prediction_value\": 0.5, \"client\": 12}}";
        byte[] bytes = format.writer(Contexts.ofPayload(Prediction.class)).encode(json);

        Object read = format.reader(Contexts.reader(String.class)).decode(bytes);

        assertThat(JsonText.MAPPER.readTree((String) read)).isEqualTo(JsonText.MAPPER.readTree(
                "{\"metadata\": {\"timestamp\": \"2026-11-25T09:30:00Z\", \"id\": \"a\", \"version\": \"1\"}, "
                        + "\"payload\": {\"some_prediction_value\": 0.5, \"client\": 12}}"));
    }

    @Test
    void every_mapped_type_reads_back_as_it_was_written() throws Exception {
        Everything sample = Everything.sample();
        byte[] bytes = format.writer(Contexts.ofType(Everything.class)).encode(sample);

        Everything read = (Everything) format.reader(Contexts.reader(Everything.class)).decode(bytes);

        assertThat(read.sameAs(sample)).as("%s read back as %s", sample, read).isTrue();
    }

    @Test
    void every_mapped_type_reads_back_from_json_text_written_as_json_text() throws Exception {
        OutputCodec writer = format.writer(Contexts.ofType(Everything.class));
        InputCodec asJson = format.reader(Contexts.reader(String.class));
        String json = (String) asJson.decode(writer.encode(Everything.sample()));

        Everything read = (Everything) format.reader(Contexts.reader(Everything.class)).decode(writer.encode(json));

        assertThat(read.sameAs(Everything.sample())).as("via %s", json).isTrue();
        assertThat(JsonText.MAPPER.readTree(json).get("at").asText()).isEqualTo("2026-11-25T09:30:00.123456Z");
        assertThat(JsonText.MAPPER.readTree(json).get("avatar").asText()).isEqualTo("AQID");
        assertThat(JsonText.MAPPER.readTree(json).get("nickname").isNull()).isTrue();
    }

    @Test
    void a_map_read_back_gives_plain_values_and_writes_again_as_the_same_bytes() throws Exception {
        OutputCodec writer = format.writer(Contexts.ofType(Everything.class));
        byte[] bytes = writer.encode(Everything.sample());

        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) format.reader(Contexts.reader(Map.class)).decode(bytes);

        assertThat(map.get("name")).isEqualTo("ada");
        assertThat(map.get("plan")).isEqualTo("PRO");
        assertThat(map.get("tags")).isEqualTo(List.of("a", "b"));
        assertThat(map.get("address")).isEqualTo(Map.of("city", "Paris", "zip", "75001"));
        assertThat(writer.encode(map)).isEqualTo(bytes);
    }

    @Test
    void a_record_that_contains_itself_reads_back() throws Exception {
        Tree tree = new Tree("root", List.of(new Tree("leaf", List.of())));
        byte[] bytes = format.writer(Contexts.ofType(Tree.class)).encode(tree);

        assertThat(format.reader(Contexts.reader(Tree.class)).decode(bytes)).isEqualTo(tree);
    }

    @Test
    void events_read_as_generic_records_and_json_trees_have_the_writers_fields() throws Exception {
        byte[] bytes = format.writer(Contexts.ofType(Prediction.class)).encode(new Prediction(1.5f, 4));

        GenericRecord record = (GenericRecord) format.reader(Contexts.reader(GenericRecord.class)).decode(bytes);
        JsonNode tree = (JsonNode) format.reader(Contexts.reader(JsonNode.class)).decode(bytes);
        ObjectNode object = (ObjectNode) format.reader(Contexts.reader(ObjectNode.class)).decode(bytes);

        assertThat(record.getSchema().getFullName()).isEqualTo("dev.ferry.format.avro.Prediction");
        assertThat(record.get("client")).isEqualTo(4);
        assertThat(tree.get("some_prediction_value").floatValue()).isEqualTo(1.5f);
        assertThat(object).isEqualTo(tree);
    }

    @Test
    void bytes_are_read_as_they_are() throws Exception {
        byte[] bytes = format.writer(Contexts.ofType(Prediction.class)).encode(new Prediction(1f, 1));

        assertThat(format.reader(Contexts.reader(byte[].class)).decode(bytes)).isSameAs(bytes);
    }

    @Test
    void a_record_of_another_class_with_the_same_fields_and_a_bean_are_written_like_the_declared_record()
            throws Exception {
        OutputCodec writer = format.writer(Contexts.ofType(Prediction.class));
        record Other(int client, float some_prediction_value) {
        }

        byte[] declared = writer.encode(new Prediction(0.5f, 2));

        assertThat(writer.encode(new Other(2, 0.5f))).isEqualTo(declared);
        assertThat(writer.encode(new Events.PredictionBean(0.5f, 2))).isEqualTo(declared);
    }

    @Test
    void a_generic_record_of_a_compatible_schema_is_written_by_field_names() throws Exception {
        OutputCodec writer = format.writer(Contexts.ofType(Prediction.class));
        GenericRecord generic = (GenericRecord) format.reader(Contexts.reader(GenericRecord.class))
                .decode(writer.encode(new Prediction(0.5f, 2)));

        assertThat(writer.encode(generic)).isEqualTo(writer.encode(new Prediction(0.5f, 2)));
    }
}
