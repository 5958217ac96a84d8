package dev.ferry.materialize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.engine.PlatformProfile;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A materialization's YAML file: what a valid one gives, and the sentence each mistake gets, naming
 * the file, the key and the fix. None of these reach a broker or a database.
 */
class MaterializeFileTest {

    @TempDir
    Path dir;

    private Path file(String text) {
        return Fixtures.write(dir, "m.yaml", text);
    }

    private Path schema() {
        return Fixtures.write(dir, "clicks.schema.json", Fixtures.CLICKS_SCHEMA);
    }

    /** A profile with no cluster and no announcements: enough for everything that is checked before running. */
    private static PlatformProfile offline() {
        return PlatformProfile.builder().bootstrapServers("127.0.0.1:1").set("announce.topic", "").build();
    }

    @Test
    void a_short_file_gets_the_defaults() {
        MaterializeSpec spec = MaterializeSpec.load(file("topic: clicks.raw\ntarget:\n  type: duckdb\n"));

        assertThat(spec.name()).isEqualTo("materialize-clicks.raw");
        assertThat(spec.batchSize()).isEqualTo(MaterializeSpec.DEFAULT_BATCH_SIZE);
        assertThat(spec.mapping()).isEqualTo(new RowMapping(Optional.empty(), List.of(), RowMapping.Nested.JSON,
                RowMapping.DEFAULT_MAX_COLUMN_BYTES));
        assertThat(spec.schemaFile()).isEmpty();
    }

    @Test
    void the_mapping_keys_are_read_and_the_schema_file_is_found_next_to_the_yaml() {
        MaterializeSpec spec = MaterializeSpec.load(file("""
                materialize: clicks-to-warehouse
                topic: clicks
                schema: clicks.schema.json
                batch-size: 1000
                target:
                  type: postgres
                  url: jdbc:postgresql://127.0.0.1:5432/test
                  table: clicks
                  mode: upsert
                  key: meta.source
                  fields: [id, meta.n]
                  nested: flatten
                  max-column-bytes: 4096
                """));

        assertThat(spec.name()).isEqualTo("clicks-to-warehouse");
        assertThat(spec.schemaFile()).contains(dir.resolve("clicks.schema.json").toAbsolutePath());
        assertThat(spec.batchSize()).isEqualTo(1000);
        assertThat(spec.mapping()).isEqualTo(new RowMapping(Optional.of(List.of("meta", "source")),
                List.of(List.of("id"), List.of("meta", "n")), RowMapping.Nested.FLATTEN, 4096));
        assertThat(spec.targetSettings()).containsOnlyKeys("url", "table", "mode");
    }

    @Test
    void the_columns_come_from_the_schema_with_the_key_first() {
        schema();
        Materialization m = Materialization.prepare(file("topic: clicks\nschema: clicks.schema.json\ntarget:\n"
                + "  type: duckdb\n  key: meta.source\n  fields: [id, meta]\n"), offline());

        assertThat(m.schema().columns()).containsExactly(
                new Column("meta_source", List.of("meta", "source"), ColumnType.TEXT),
                new Column("id", List.of("id"), ColumnType.BIGINT),
                new Column("meta", List.of("meta"), ColumnType.JSON));
        assertThat(m.schema().key()).contains("meta_source");
        assertThat(m.profile().writeBack()).isEqualTo("materialize");
        assertThat(m.profile().guarantee().key()).isEqualTo("exactly-once");
        assertThat(m.descriptor().outputs()).extracting(o -> o.topic()).containsExactly("duckdb.clicks");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            no topic            | target: {type: duckdb}                                     | m.yaml: topic: missing: name the topic to materialize
            an unknown key      | topic: t\\ntabel: x\\ntarget: {type: duckdb}                | m.yaml: tabel: unknown key; the keys are materialize, topic, schema, batch-size and target
            no target           | topic: t                                                   | m.yaml: target: missing: say where the rows go, e.g. target: {type: duckdb}
            no target type      | topic: t\\ntarget: {table: x}                              | m.yaml: target.type: missing: choose a target, such as postgres or duckdb
            a bad nested        | topic: t\\ntarget: {type: duckdb, nested: deep}            | m.yaml: target.nested: 'deep' is not json (one JSON column per nested object; jsonb is the same) or flatten (one column per leaf field)
            a bad key path      | topic: t\\ntarget: {type: duckdb, key: 'a..b'}             | m.yaml: target.key: 'a..b' is not a field path: field names joined with '.', such as payload.client, or event-key for the event's key
            a bad batch size    | topic: t\\nbatch-size: 0\\ntarget: {type: duckdb}           | m.yaml: batch-size: 0 is not a whole number from 1 to 100000
            a bad app name      | materialize: Clicks!\\ntopic: t\\ntarget: {type: duckdb}     | m.yaml: materialize: 'Clicks!' is not an app name
            a list as a setting | topic: t\\ntarget: {type: duckdb, table: [a, b]}           | m.yaml: target.table: must be a single value, not a list
            not yaml            | topic: [t\\ntarget: x                                       | m.yaml is not valid YAML at line
            not a mapping       | - topic                                                    | m.yaml must be a mapping of keys (topic, target, ...), not a list
            """)
    void a_bad_file_is_refused_naming_the_file_and_the_key(String what, String text, String message) {
        Path f = file(text.replace("\\n", "\n"));

        assertThatThrownBy(() -> MaterializeSpec.load(f)).as(what).isInstanceOf(MaterializeException.class)
                .hasMessageStartingWith("materialize file " + dir.resolve(message.substring(0, message.indexOf(' ')))
                        + message.substring(message.indexOf(' ')));
    }

    @Test
    void a_file_that_does_not_exist_is_named() {
        Path missing = dir.resolve("nope.yaml");
        assertThatThrownBy(() -> MaterializeSpec.load(missing)).isInstanceOf(MaterializeException.class)
                .hasMessage("materialize file " + missing + " does not exist; write one naming the topic and the target "
                        + "(see docs/materialize.md)");
    }

    @Test
    void a_target_that_is_not_on_the_classpath_is_named_with_those_there_are() {
        Path f = file("topic: t\ntarget: {type: cassandra}\n");
        assertThatThrownBy(() -> Materialization.prepare(f, offline())).isInstanceOf(MaterializeException.class)
                .hasMessageStartingWith("materialize file " + f + ": target.type: no target 'cassandra' on the classpath; "
                        + "there are duckdb, postgres");
    }

    @Test
    void a_key_the_target_does_not_know_is_refused_naming_its_keys() {
        schema();
        Path f = file("topic: t\nschema: clicks.schema.json\ntarget: {type: duckdb, ttl: 5m}\n");
        assertThatThrownBy(() -> Materialization.prepare(f, offline())).isInstanceOf(MaterializeException.class)
                .hasMessage("materialize file " + f + ": target.ttl: unknown key for target duckdb; its keys are fields, "
                        + "key, max-column-bytes, mode, nested, offsets-table, password, table, type, url, user");
    }

    @Test
    void with_no_schema_file_and_no_announcement_the_error_says_where_it_looked_and_what_to_do() {
        Path f = file("topic: clicks\ntarget: {type: duckdb}\n");
        assertThatThrownBy(() -> Materialization.prepare(f, offline())).isInstanceOf(MaterializeException.class)
                .hasMessage("materialize file " + f + ": no schema for topic 'clicks': no app announces it as an output on "
                        + "an announcement topic (announce.topic is off); start the app that writes it, or name a JSON "
                        + "Schema file with schema:");
    }

    @Test
    void an_announcement_topic_that_cannot_be_read_is_named_with_the_way_around_it() {
        Path f = file("topic: clicks\ntarget: {type: duckdb}\n");
        PlatformProfile unreachable = PlatformProfile.builder().bootstrapServers("127.0.0.1:1")
                .set("startup-timeout", "1s").build();
        assertThatThrownBy(() -> Materialization.prepare(f, unreachable)).isInstanceOf(MaterializeException.class)
                .hasMessageStartingWith("cannot read the schema of topic 'clicks' from the announcements on topic "
                        + "'ferry.apps' (announce.topic) at 127.0.0.1:1: ")
                .hasMessageEndingWith("; name a JSON Schema file with schema: to do without");
    }

    @Test
    void a_key_or_field_the_schema_does_not_have_is_refused_naming_the_fields_there_are() {
        schema();
        Path f = file("topic: clicks\nschema: clicks.schema.json\ntarget: {type: duckdb, key: user}\n");
        assertThatThrownBy(() -> Materialization.prepare(f, offline())).isInstanceOf(MaterializeException.class)
                .hasMessage("materialize file " + f + ": target.key: 'user' is not a field of topic 'clicks' (schema from "
                        + "schema file " + dir.resolve("clicks.schema.json").toAbsolutePath() + "); its fields there are "
                        + "[id, client, score, ok, meta]");
    }

    @Test
    void a_key_that_is_a_nested_object_is_refused() {
        schema();
        Path f = file("topic: clicks\nschema: clicks.schema.json\ntarget: {type: duckdb, key: meta}\n");
        assertThatThrownBy(() -> Materialization.prepare(f, offline())).isInstanceOf(MaterializeException.class)
                .hasMessageContaining("target.key: field 'meta' is a JSON value in the schema of topic 'clicks'")
                .hasMessageEndingWith("a key must be a string, an integer or a boolean field, or event-key");
    }

    @Test
    void upsert_without_a_key_is_refused() {
        schema();
        Path f = file("topic: clicks\nschema: clicks.schema.json\ntarget: {type: duckdb, mode: upsert}\n");
        assertThatThrownBy(() -> Materialization.prepare(f, offline())).isInstanceOf(MaterializeException.class)
                .hasMessage("materialize file " + f + ": target.mode: upsert needs a key: set target.key to a field path "
                        + "(such as payload.client) or event-key, or use mode: append");
    }

    @Test
    void postgres_needs_a_url_from_the_file_or_the_profile() {
        schema();
        Path f = file("topic: clicks\nschema: clicks.schema.json\ntarget: {type: postgres, key: id}\n");
        assertThatThrownBy(() -> Materialization.prepare(f, offline())).isInstanceOf(MaterializeException.class)
                .hasMessage("materialize file " + f + ": target.url: missing: the PostgreSQL database, such as "
                        + "jdbc:postgresql://127.0.0.1:5432/warehouse (in the file, or plugins.postgres.url in the "
                        + "platform profile, or FERRY_PLUGINS_POSTGRES_URL)");

        PlatformProfile withUrl = offline().toBuilder().environment(java.util.Map.of("FERRY_PLUGINS_POSTGRES_URL",
                "jdbc:mysql://x", "FERRY_PLUGINS_POSTGRES_PASSWORD", "secret")).build();
        assertThatThrownBy(() -> Materialization.prepare(f, withUrl)).isInstanceOf(MaterializeException.class)
                .hasMessage("environment variable FERRY_PLUGINS_POSTGRES_URL: plugins.postgres.url: 'jdbc:mysql://x' is "
                        + "not a PostgreSQL JDBC address: it starts with jdbc:postgresql://");
    }

    @Test
    void a_bad_table_name_is_refused() {
        schema();
        Path f = file("topic: clicks\nschema: clicks.schema.json\ntarget: {type: duckdb, table: 'a; DROP TABLE b'}\n");
        assertThatThrownBy(() -> Materialization.prepare(f, offline())).isInstanceOf(MaterializeException.class)
                .hasMessage("materialize file " + f + ": target.table: 'a; DROP TABLE b' is not a table name: use up to "
                        + "63 lower-case letters, digits and '_', starting with a letter or '_'");
    }
}
