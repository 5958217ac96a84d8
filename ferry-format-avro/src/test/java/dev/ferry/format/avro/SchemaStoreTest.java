package dev.ferry.format.avro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.engine.ProfileException;
import dev.ferry.engine.spi.FormatException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writer schemas a reader finds: its own, and the .avsc files of plugins.avro.schemas. */
class SchemaStoreTest {

    static final String V1 = "{\"type\": \"record\", \"name\": \"Prediction\", \"namespace\": \"dev.ferry.format.avro\", "
            + "\"fields\": [{\"name\": \"some_prediction_value\", \"type\": \"float\"}, {\"name\": \"client\", "
            + "\"type\": \"int\"}]}";
    static final String V3 = "{\"type\": \"record\", \"name\": \"Prediction\", \"namespace\": \"dev.ferry.format.avro\", "
            + "\"fields\": [{\"name\": \"some_prediction_value\", \"type\": \"float\"}, {\"name\": \"client\", "
            + "\"type\": \"int\"}, {\"name\": \"model\", \"type\": [\"null\", \"string\"], \"default\": null}, "
            + "{\"name\": \"region\", \"type\": \"string\", \"default\": \"eu\"}]}";

    /** The same event a year later: a field with a default added. */
    record Prediction(float some_prediction_value, int client, Optional<String> model) {
    }

    @TempDir
    Path dir;

    private static byte[] v1Event(float value, int client) throws Exception {
        Schema v1 = new Schema.Parser().parse(V1);
        GenericRecord r = new GenericData.Record(v1);
        r.put("some_prediction_value", value);
        r.put("client", client);
        return DecodingTest.encodeWithAvro(v1, r);
    }

    private AvroFormat configured(String schemas) {
        AvroFormat format = new AvroFormat();
        format.configure(Contexts.plugin(Map.of("schemas", schemas), "platform profile ferry.yaml"));
        return format;
    }

    @Test
    void an_event_written_with_an_older_schema_is_read_by_a_record_with_a_defaulted_field() throws Exception {
        Files.writeString(dir.resolve("prediction-v1.avsc"), V1);
        AvroFormat format = configured(dir.resolve("prediction-v1.avsc").toString());

        Object read = format.reader(Contexts.reader(Prediction.class)).decode(v1Event(0.5f, 7));

        assertThat(read).isEqualTo(new Prediction(0.5f, 7, Optional.empty()));
    }

    @Test
    void an_event_written_with_a_newer_schema_that_added_fields_is_read_by_the_older_record() throws Exception {
        Schema v3 = new Schema.Parser().parse(V3);
        Files.writeString(dir.resolve("v3.avsc"), V3);
        GenericRecord r = new GenericData.Record(v3);
        r.put("some_prediction_value", 0.5f);
        r.put("client", 7);
        r.put("model", "gbm");
        r.put("region", "us");

        Object read = configured(dir.toString()).reader(Contexts.reader(Events.Prediction.class))
                .decode(DecodingTest.encodeWithAvro(v3, r));

        assertThat(read).isEqualTo(new Events.Prediction(0.5f, 7));
    }

    @Test
    void a_directory_gives_every_avsc_file_in_it_and_both_versions_of_one_record_are_known() throws Exception {
        Files.createDirectories(dir.resolve("nested"));
        Files.writeString(dir.resolve("prediction-v1.avsc"), V1);
        Files.writeString(dir.resolve("nested/prediction-v3.avsc"), V3);
        Files.writeString(dir.resolve("README.txt"), "not a schema");

        AvroFormat format = configured(dir + " , " + dir.resolve("prediction-v1.avsc"));

        assertThat(format.knownSchemas().size()).isEqualTo(2);
        assertThat(format.reader(Contexts.reader(Prediction.class)).decode(v1Event(1f, 1)))
                .isEqualTo(new Prediction(1f, 1, Optional.empty()));
    }

    @Test
    void without_the_writers_schema_the_same_event_is_the_unknown_fingerprint_error() throws Exception {
        AvroFormat format = new AvroFormat();
        format.configure(Contexts.plugin(Map.of(), "platform profile ferry.yaml"));

        assertThatThrownBy(() -> format.reader(Contexts.reader(Prediction.class)).decode(v1Event(1f, 1)))
                .isInstanceOf(FormatException.class)
                .hasMessageContaining("add the writer's .avsc to plugins.avro.schemas");
    }

    @Test
    void a_path_that_does_not_exist_is_a_profile_error_naming_the_setting() {
        assertThatThrownBy(() -> configured("schemas/missing.avsc"))
                .isInstanceOf(ProfileException.class)
                .hasMessageStartingWith("platform profile ferry.yaml: plugins.avro.schemas: 'schemas/missing.avsc' "
                        + "does not exist (looked for ")
                .hasMessageEndingWith("name .avsc files or directories of them, comma-separated");
    }

    @Test
    void an_invalid_avsc_file_is_a_profile_error_naming_the_setting_the_file_and_avros_reason() throws Exception {
        Path bad = dir.resolve("bad.avsc");
        Files.writeString(bad, "{\"type\": \"record\", \"name\": \"X\", \"fields\": [{\"name\": \"a\", \"type\": \"strin\"}]}");

        assertThatThrownBy(() -> configured(bad.toString()))
                .isInstanceOf(ProfileException.class)
                .hasMessageStartingWith("platform profile ferry.yaml: plugins.avro.schemas: '" + bad
                        + "' is not a valid Avro schema: ")
                .hasMessageContaining("strin");
    }

    @Test
    void a_directory_without_avsc_files_is_a_profile_error() throws Exception {
        Files.writeString(dir.resolve("a.json"), "{}");

        assertThatThrownBy(() -> configured(dir.toString()))
                .isInstanceOf(ProfileException.class)
                .hasMessage("platform profile ferry.yaml: plugins.avro.schemas: directory '" + dir + "' has no .avsc files");
    }

    @Test
    void an_unknown_setting_is_a_profile_error_naming_the_one_there_is() {
        AvroFormat format = new AvroFormat();

        assertThatThrownBy(() -> format.configure(Contexts.plugin(Map.of("schema", "x.avsc"), "FERRY_PLUGINS_AVRO_SCHEMA")))
                .isInstanceOf(ProfileException.class)
                .hasMessage("FERRY_PLUGINS_AVRO_SCHEMA: plugins.avro.schema: unknown setting 'plugins.avro.schema' of "
                        + "the avro format; it has: plugins.avro.schemas");
    }
}
