package dev.ferry.materialize;

/**
 * The type of one column, from the JSON Schema type of its field: what a target maps to its own
 * types (PostgreSQL {@code text}, {@code bigint}, ...) and what each event's value is checked against.
 */
public enum ColumnType {
    /** A JSON string. */
    TEXT("a string"),
    /** A JSON integer that fits in 64 bits. */
    BIGINT("an integer"),
    /** A JSON number. */
    DOUBLE("a number"),
    /** A JSON boolean. */
    BOOLEAN("a boolean"),
    /** Any JSON value (a nested object or an array), kept as its JSON text. */
    JSON("a JSON value");

    private final String expected;

    ColumnType(String expected) {
        this.expected = expected;
    }

    /** What a value of this type is, for messages: {@code an integer}. */
    public String expected() {
        return expected;
    }
}
