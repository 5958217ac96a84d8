package dev.ferry.format.avro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.engine.AppDefinitionException;
import dev.ferry.engine.spi.FormatException;
import dev.ferry.engine.spi.InputCodec;
import dev.ferry.format.avro.Events.Prediction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.junit.jupiter.api.Test;

/** Bytes that are not an event this app can read fail with a message that says why. */
class DecodingTest {

    private final AvroFormat format = new AvroFormat();
    private final InputCodec predictions = format.reader(Contexts.reader(Prediction.class));

    static byte[] encodeWithAvro(Schema schema, GenericRecord record) throws Exception {
        return new BinaryMessageEncoder<GenericRecord>(GenericData.get(), schema).encode(record).array();
    }

    @Test
    void bytes_written_with_a_schema_the_app_does_not_know_name_its_fingerprint_and_the_fix() throws Exception {
        Schema other = new Schema.Parser().parse("{\"type\": \"record\", \"name\": \"Click\", \"fields\": "
                + "[{\"name\": \"page\", \"type\": \"string\"}]}");
        GenericRecord click = new GenericData.Record(other);
        click.put("page", "/home");
        byte[] bytes = encodeWithAvro(other, click);

        assertThatThrownBy(() -> predictions.decode(bytes))
                .isInstanceOf(FormatException.class)
                .hasMessage("written with an Avro schema this app does not know (fingerprint "
                        + String.format("0x%016x", SchemaNormalization.parsingFingerprint64(other))
                        + "): add the writer's .avsc to plugins.avro.schemas");
    }

    @Test
    void json_bytes_are_not_avro_and_the_message_says_they_look_like_json() {
        byte[] json = "{\"client\": 7}".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> predictions.decode(json))
                .isInstanceOf(FormatException.class)
                .hasMessage("is not Avro single-object encoding, which starts with C3 01: it starts with 7B 22 63 6C "
                        + "69 65 6E 74 ... (\"{\\\"client\\\": 7}\"): JSON? Read it with the json format, or have the "
                        + "producer write Avro");
    }

    @Test
    void confluent_framed_bytes_and_empty_bytes_are_told_apart() {
        byte[] confluent = {0, 0, 0, 0, 42, 2, 4};

        assertThatThrownBy(() -> predictions.decode(confluent))
                .hasMessageContaining("Confluent Schema Registry's wire format (magic byte 0, schema id 42)?");
        assertThatThrownBy(() -> predictions.decode(new byte[0]))
                .hasMessage("is not Avro single-object encoding, which starts with C3 01: it is empty");
    }

    @Test
    void a_header_cut_short_is_truncated() throws Exception {
        byte[] bytes = format.writer(Contexts.ofType(Prediction.class)).encode(new Prediction(1f, 2));

        assertThatThrownBy(() -> predictions.decode(Arrays.copyOf(bytes, 6)))
                .isInstanceOf(FormatException.class)
                .hasMessage("is truncated: 6 bytes, but the header of Avro's single-object encoding alone is 10 (C3 01 "
                        + "and the schema's 8-byte fingerprint)");
    }

    @Test
    void a_datum_cut_short_is_truncated_and_names_the_writers_schema() throws Exception {
        byte[] bytes = format.writer(Contexts.ofType(Prediction.class)).encode(new Prediction(1f, 2));

        assertThatThrownBy(() -> predictions.decode(Arrays.copyOf(bytes, bytes.length - 2)))
                .isInstanceOf(FormatException.class)
                .hasMessageMatching("is truncated: its \\d+ bytes end before a datum of record "
                        + "dev\\.ferry\\.format\\.avro\\.Prediction \\(fingerprint 0x[0-9a-f]{16}\\) is complete");
    }

    @Test
    void a_corrupt_datum_says_it_is_corrupt() throws Exception {
        Schema tags = new Schema.Parser().parse("{\"type\": \"record\", \"name\": \"Tags\", \"fields\": "
                + "[{\"name\": \"names\", \"type\": {\"type\": \"array\", \"items\": \"string\"}}]}");
        format.configure(Contexts.plugin(java.util.Map.of(), "test"));
        format.knownSchemas().add(tags);
        GenericRecord r = new GenericData.Record(tags);
        r.put("names", List.of("a"));
        byte[] bytes = encodeWithAvro(tags, r);
        bytes[10] = 0x03; // an array block of -2 items, then a string length beyond the end

        assertThatThrownBy(() -> format.reader(Contexts.reader(GenericRecord.class)).decode(bytes))
                .isInstanceOf(FormatException.class)
                .hasMessageMatching("is corrupt: it is not a datum of record Tags \\(fingerprint 0x[0-9a-f]{16}\\): "
                        + "Malformed data\\. Length is negative: -\\d+");
    }

    @Test
    void a_writer_whose_schema_cannot_be_resolved_to_the_readers_says_why() throws Exception {
        Schema textual = new Schema.Parser().parse("{\"type\": \"record\", \"name\": \"Prediction\", \"fields\": ["
                + "{\"name\": \"some_prediction_value\", \"type\": \"string\"}, {\"name\": \"client\", \"type\": \"int\"}]}");
        format.knownSchemas().add(textual);
        GenericRecord r = new GenericData.Record(textual);
        r.put("some_prediction_value", "high");
        r.put("client", 1);
        byte[] bytes = encodeWithAvro(textual, r);

        assertThatThrownBy(() -> predictions.decode(bytes))
                .isInstanceOf(FormatException.class)
                .hasMessageMatching("cannot be read as dev\\.ferry\\.format\\.avro\\.Events\\$Prediction: Found "
                        + "string, expecting float; it was written with record Prediction \\(fingerprint 0x[0-9a-f]{16}\\)");
    }

    @Test
    void a_type_the_format_cannot_read_is_refused_at_start_up_listing_those_it_can() {
        assertThatThrownBy(() -> format.reader(Contexts.reader(Integer.class)))
                .isInstanceOf(AppDefinitionException.class)
                .hasMessage("app 'predict-foo': input format 'avro' cannot read input events as java.lang.Integer; it "
                        + "reads them as " + InputReaders.SUPPORTED);
        assertThatThrownBy(() -> format.reader(Contexts.reader(Events.WithShort.class)))
                .isInstanceOf(AppDefinitionException.class)
                .hasMessageContaining("($.small) has type short");
    }

    @Test
    void a_reader_of_a_record_type_knows_its_own_schema_so_a_producer_of_that_type_is_read() throws Exception {
        InputCodec reader = new AvroFormat().reader(Contexts.reader(Prediction.class));
        AvroFormat producer = new AvroFormat();

        assertThat(reader.decode(producer.encode(new Prediction(2f, 5)))).isEqualTo(new Prediction(2f, 5));
    }
}
