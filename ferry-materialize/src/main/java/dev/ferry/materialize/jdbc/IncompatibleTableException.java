package dev.ferry.materialize.jdbc;

/** An existing table that the schema cannot be written into: a column of another type. Not retried. */
final class IncompatibleTableException extends Exception {

    private static final long serialVersionUID = 1L;

    IncompatibleTableException(String message) {
        super(message);
    }
}
