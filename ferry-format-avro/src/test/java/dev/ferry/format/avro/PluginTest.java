package dev.ferry.format.avro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.engine.spi.Format;
import dev.ferry.engine.spi.FormatException;
import dev.ferry.format.avro.Events.Prediction;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

/** The format as a plug-in: found on the classpath, and encoding test inputs with no declared schema. */
class PluginTest {

    @Test
    void the_format_is_found_by_the_service_loader_under_the_name_avro() {
        List<Format> found = ServiceLoader.load(Format.class).stream().map(ServiceLoader.Provider::get).toList();

        assertThat(found).filteredOn(f -> f.name().equals("avro")).singleElement().isInstanceOf(AvroFormat.class);
    }

    @Test
    void a_record_encoded_with_no_declared_schema_reads_back_with_the_same_instance() throws Exception {
        AvroFormat format = new AvroFormat();
        byte[] bytes = format.encode(new Prediction(0.5f, 3));

        assertThat(format.reader(Contexts.reader(Map.class)).decode(bytes))
                .isEqualTo(Map.of("some_prediction_value", 0.5f, "client", 3));
    }

    @Test
    void a_generic_record_is_encoded_in_its_own_schema_which_the_instance_then_knows() throws Exception {
        AvroFormat format = new AvroFormat();
        Schema click = new Schema.Parser().parse("{\"type\": \"record\", \"name\": \"Click\", \"fields\": "
                + "[{\"name\": \"page\", \"type\": \"string\"}]}");
        GenericRecord r = new GenericData.Record(click);
        r.put("page", "/home");

        GenericRecord read = (GenericRecord) format.reader(Contexts.reader(GenericRecord.class)).decode(format.encode(r));

        assertThat(read.getSchema()).isEqualTo(click);
        assertThat(read.get("page").toString()).isEqualTo("/home");
    }

    @Test
    void a_value_that_is_not_a_record_cannot_be_encoded_with_no_schema() {
        AvroFormat format = new AvroFormat();

        assertThatThrownBy(() -> format.encode(Map.of("client", 1)))
                .isInstanceOf(FormatException.class)
                .hasMessage("Avro needs a record to take the schema from: give a Java record or an Avro GenericRecord, "
                        + "not a map (a map or JSON text has no schema of its own)");
        assertThatThrownBy(() -> format.encode("{\"client\": 1}"))
                .isInstanceOf(FormatException.class)
                .hasMessageContaining("not string \"{\\\"client\\\": 1}\"");
        assertThatThrownBy(() -> format.encode(new Events.WithShort("a", (short) 1)))
                .isInstanceOf(FormatException.class)
                .hasMessageContaining("has type short");
    }
}
