package dev.ferry.format.avro;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.api.Envelope;
import dev.ferry.api.Metadata;
import dev.ferry.engine.spi.OutputCodec;
import dev.ferry.format.avro.Events.Prediction;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageDecoder;
import org.junit.jupiter.api.Test;

/** The bytes are plain Avro: a reader that knows nothing of Ferry reads them with the published schema. */
class IndependentReaderTest {

    private final AvroFormat format = new AvroFormat();

    @Test
    void avros_own_decoder_reads_an_envelope_with_the_published_schema_and_gets_the_same_fields() throws Exception {
        OutputCodec writer = format.writer(Contexts.ofPayload(Prediction.class));
        byte[] bytes = writer.encode(new Envelope<>(new Metadata("2026-11-25T09:30:00Z", "id-9", "3"),
                new Prediction(0.125f, 77)));
        Schema published = new Schema.Parser().parse(writer.schema().document());

        GenericRecord read = new BinaryMessageDecoder<GenericRecord>(GenericData.get(), published).decode(bytes);

        GenericRecord metadata = (GenericRecord) read.get("metadata");
        GenericRecord payload = (GenericRecord) read.get("payload");
        assertThat(metadata.get("timestamp").toString()).isEqualTo("2026-11-25T09:30:00Z");
        assertThat(metadata.get("id").toString()).isEqualTo("id-9");
        assertThat(metadata.get("version").toString()).isEqualTo("3");
        assertThat(payload.get("some_prediction_value")).isEqualTo(0.125f);
        assertThat(payload.get("client")).isEqualTo(77);
        assertThat(writer.schema().format()).isEqualTo("avro");
        assertThat(writer.schema().language()).isEqualTo("avro");
    }

    @Test
    void every_event_starts_with_the_single_object_marker_and_its_schemas_fingerprint() throws Exception {
        OutputCodec writer = format.writer(Contexts.ofType(Prediction.class));
        byte[] bytes = writer.encode(new Prediction(1f, 1));
        Schema published = new Schema.Parser().parse(writer.schema().document());

        long fingerprint = ByteBuffer.wrap(bytes, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();

        assertThat(Arrays.copyOf(bytes, 2)).containsExactly(0xC3, 0x01);
        assertThat(fingerprint).isEqualTo(SchemaNormalization.parsingFingerprint64(published));
    }

    @Test
    void the_derived_schema_names_records_by_simple_name_in_the_package_namespace() throws Exception {
        OutputCodec writer = format.writer(Contexts.ofPayload(Prediction.class));
        Schema published = new Schema.Parser().parse(writer.schema().document());

        assertThat(published.getFullName()).isEqualTo("dev.ferry.api.Envelope");
        assertThat(published.getField("metadata").schema().getFullName()).isEqualTo("dev.ferry.api.Metadata");
        assertThat(published.getField("payload").schema().getFullName()).isEqualTo("dev.ferry.format.avro.Prediction");
    }
}
