package dev.ferry.engine.spi;

import java.util.Objects;

/**
 * The schema an output topic's events are validated against, as a document in its format's own
 * language, so the hub and readers know what to expect.
 *
 * @param format   the format's name, such as {@code json}
 * @param language what the document is, such as {@code json-schema} or {@code avro}
 * @param document the schema document itself
 */
public record OutputSchema(String format, String language, String document) {

    /** Checks that nothing is null. */
    public OutputSchema {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(language, "language");
        Objects.requireNonNull(document, "document");
    }
}
