package dev.ferry.format.avro;

import org.apache.avro.Schema;

/** Parses {@code .avsc} schema documents, with Avro's reason in one line when one is invalid. */
final class AvroDocuments {

    private AvroDocuments() {
    }

    /** A schema document that Avro refused; the message is Avro's reason. */
    static final class InvalidSchemaException extends Exception {
        private static final long serialVersionUID = 1L;

        InvalidSchemaException(String reason, Throwable cause) {
            super(reason, cause);
        }
    }

    /** Parses one document on its own (a fresh parser: it may not use types another document defines). */
    static Schema parse(String text) throws InvalidSchemaException {
        if (text.isBlank()) {
            throw new InvalidSchemaException("it is empty", null);
        }
        try {
            return new Schema.Parser().parse(text);
        } catch (RuntimeException e) {
            throw new InvalidSchemaException(reason(e), e);
        }
    }

    private static String reason(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t
                && (t.getMessage() == null || t.getMessage().equals(t.getCause().toString()))) {
            t = t.getCause();
        }
        String message = t.getMessage() == null ? t.toString() : t.getMessage();
        int source = message.indexOf("\n at [Source");
        if (source < 0) {
            source = message.indexOf(" at [Source");
        }
        String cut = source < 0 ? message : message.substring(0, source);
        int nl = cut.indexOf('\n');
        return (nl < 0 ? cut : cut.substring(0, nl)).trim();
    }
}
