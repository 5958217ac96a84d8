package dev.ferry.materialize.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.materialize.Column;
import dev.ferry.materialize.ColumnType;
import dev.ferry.materialize.Row;
import dev.ferry.materialize.RowMapping;
import dev.ferry.materialize.TableSchema;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which columns become hash fields, under which names, and what an upsert sets and removes. */
class HashLayoutTest {

    private static final Column EVENT_KEY = new Column("event_key", List.of(), ColumnType.TEXT);
    private static final Column CLIENT = new Column("client", List.of("client"), ColumnType.TEXT);
    private static final Column SCORE = new Column("score", List.of("score"), ColumnType.DOUBLE);
    private static final Column COUNTRY = new Column("profile_country", List.of("profile", "country"), ColumnType.TEXT);

    private static RowMapping mapping(List<List<String>> fields, RowMapping.Nested nested, List<String> key) {
        return new RowMapping(Optional.of(key), fields, nested, RowMapping.DEFAULT_MAX_COLUMN_BYTES);
    }

    private static List<String> names(HashLayout layout) {
        return layout.fields().stream().map(HashLayout.Field::name).toList();
    }

    @Test
    void the_events_key_names_the_hash_and_is_no_field() {
        TableSchema schema = new TableSchema(List.of(EVENT_KEY, CLIENT, SCORE), Optional.of("event_key"), "test");

        HashLayout layout = HashLayout.of(schema, mapping(List.of(), RowMapping.Nested.JSON, List.of()), "f:");

        assertThat(names(layout)).containsExactly("client", "score");
        assertThat(layout.key(new Row(Row.Op.DELETE, "alice", Map.of("event_key", "alice")))).isEqualTo("f:alice");
    }

    @Test
    void a_key_field_is_a_field_only_when_chosen() {
        TableSchema topLevel = new TableSchema(List.of(CLIENT, SCORE), Optional.of("client"), "test");
        TableSchema nestedKey = new TableSchema(List.of(COUNTRY, SCORE), Optional.of("profile_country"), "test");
        List<String> nestedPath = List.of("profile", "country");

        assertThat(names(HashLayout.of(topLevel, mapping(List.of(), RowMapping.Nested.JSON, List.of("client")), "")))
                .as("every top-level field, the key among them").containsExactly("client", "score");
        assertThat(names(HashLayout.of(topLevel, mapping(List.of(List.of("score")), RowMapping.Nested.JSON,
                List.of("client")), ""))).as("fields listed without the key").containsExactly("score");
        assertThat(names(HashLayout.of(nestedKey, mapping(List.of(), RowMapping.Nested.JSON, nestedPath), "")))
                .as("a nested key is not a top-level field").containsExactly("score");
        assertThat(names(HashLayout.of(nestedKey, mapping(List.of(), RowMapping.Nested.FLATTEN, nestedPath), "")))
                .as("flattened, it is a leaf like any other").containsExactly("profile.country", "score");
    }

    @Test
    void an_upsert_sets_the_events_values_as_text_and_removes_the_fields_it_leaves_out() {
        Column visits = new Column("visits", List.of("visits"), ColumnType.BIGINT);
        Column vip = new Column("vip", List.of("vip"), ColumnType.BOOLEAN);
        Column profile = new Column("profile", List.of("profile"), ColumnType.JSON);
        TableSchema schema = new TableSchema(List.of(EVENT_KEY, SCORE, visits, vip, profile), Optional.of("event_key"),
                "test");
        HashLayout layout = HashLayout.of(schema, mapping(List.of(), RowMapping.Nested.JSON, List.of()), "f:");
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("event_key", "42");
        values.put("score", 0.25);
        values.put("visits", 7L);
        values.put("vip", null);
        values.put("profile", "{\"country\":\"fr\"}");

        HashLayout.Change change = layout.change(new Row(Row.Op.UPSERT, "42", values));

        assertThat(change.set()).containsExactly(Map.entry("score", "0.25"), Map.entry("visits", "7"),
                Map.entry("profile", "{\"country\":\"fr\"}"));
        assertThat(change.removed()).containsExactly("vip");
        assertThat(layout.key(new Row(Row.Op.UPSERT, 42L, values))).isEqualTo("f:42");
    }
}
