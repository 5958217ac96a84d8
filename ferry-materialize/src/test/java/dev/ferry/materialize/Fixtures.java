package dev.ferry.materialize;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** What the materialize tests share: the clicks schema, YAML files, events, and reading tables. */
final class Fixtures {

    static final String PG_URL = "jdbc:postgresql://127.0.0.1:5432/test";

    /** Clicks: an integer id, a client, a score, a flag and a nested object. */
    static final String CLICKS_SCHEMA = """
            {"type": "object", "required": ["id", "client"],
             "properties": {
               "id": {"type": "integer"},
               "client": {"type": "string"},
               "score": {"type": ["number", "null"]},
               "ok": {"type": "boolean"},
               "meta": {"type": "object", "properties": {"source": {"type": "string"}, "n": {"type": "integer"}}}
             }}""";

    private Fixtures() {
    }

    static String unique(String prefix) {
        return prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }

    static Path write(Path dir, String name, String text) {
        try {
            Path p = dir.resolve(name);
            Files.writeString(p, text);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String click(int id, String client, double score) {
        return "{\"id\": " + id + ", \"client\": \"" + client + "\", \"score\": " + score + ", \"ok\": " + (id % 2 == 0)
                + ", \"meta\": {\"source\": \"web\", \"n\": " + id + "}}";
    }

    static Map.Entry<String, String> event(String key, String value) {
        return new AbstractMap.SimpleEntry<>(key, value);
    }

    static Connection postgres() {
        try {
            return DriverManager.getConnection(PG_URL, "postgres", null);
        } catch (SQLException e) {
            throw new IllegalStateException("these tests need PostgreSQL at " + PG_URL + " (user postgres, trust auth), "
                    + "which .ci/run starts: " + e.getMessage(), e);
        }
    }

    /** Every row of a query, each as column name to value, in the query's order. */
    static List<Map<String, Object>> rows(Connection c, String sql) throws SQLException {
        List<Map<String, Object>> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            int n = r.getMetaData().getColumnCount();
            while (r.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= n; i++) {
                    row.put(r.getMetaData().getColumnLabel(i), r.getObject(i));
                }
                out.add(row);
            }
        }
        return out;
    }

    /** A table's column types, from information_schema, by name. */
    static Map<String, String> columnTypes(Connection c, String table) throws SQLException {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map<String, Object> r : rows(c, "SELECT column_name, data_type FROM information_schema.columns WHERE "
                + "table_name = '" + table + "' AND table_schema = current_schema() ORDER BY ordinal_position")) {
            out.put((String) r.get("column_name"), ((String) r.get("data_type")).toLowerCase());
        }
        return out;
    }

    static long count(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }
}
