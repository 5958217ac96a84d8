package dev.ferry.engine;

import java.util.Objects;
import java.util.Optional;

/**
 * One output topic of an app as its author declared it: the topic, the format its events are
 * written in (or the platform's), and where its schema comes from: a record type (by class name,
 * so that a descriptor read from a file needs no class), the payload type of the standard envelope,
 * a schema document, or a type combined with a document. The format turns these into the schema
 * every event is validated against.
 *
 * @param topic       the output topic
 * @param format      the format named for this topic, or empty for the platform's {@code format}
 * @param type        the class name of the record or bean type each event is, if declared with
 *                    {@code schema}
 * @param payloadType the class name of the payload type, if declared with {@code payload}: each
 *                    event is then the standard {@code Envelope} of it (never both)
 * @param document    a schema document in the topic's format (a JSON Schema for json, an Avro
 *                    schema for avro), if declared
 * @param version     the version of the logic making this topic's events, written into every
 *                    envelope whose {@code metadata.version} is empty (default {@code "1"}), if declared
 */
public record OutputDescriptor(String topic, Optional<String> format, Optional<String> type,
                               Optional<String> payloadType, Optional<SchemaDocument> document,
                               Optional<String> version) {

    /** Checks that nothing is null. */
    public OutputDescriptor {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(payloadType, "payloadType");
        Objects.requireNonNull(document, "document");
        Objects.requireNonNull(version, "version");
    }

    /** An output with no version declared. */
    public OutputDescriptor(String topic, Optional<String> format, Optional<String> type,
                            Optional<String> payloadType, Optional<SchemaDocument> document) {
        this(topic, format, type, payloadType, document, Optional.empty());
    }

    /** An output whose events are instances of the record type {@code type}, in the platform's format. */
    public static OutputDescriptor ofType(String topic, Class<?> type) {
        return new OutputDescriptor(topic, Optional.empty(), Optional.of(type.getName()), Optional.empty(),
                Optional.empty());
    }

    /** The same output in the named format. */
    public OutputDescriptor withFormat(String name) {
        return new OutputDescriptor(topic, Optional.of(name), type, payloadType, document, version);
    }

    /**
     * A schema document, read when the descriptor was built, so that a missing one is reported
     * before anything runs.
     *
     * @param source where it was read from, for messages: a classpath resource path, or
     *               {@code file:<path>} for a file
     * @param text   the document
     */
    public record SchemaDocument(String source, String text) {

        /** Checks that nothing is null. */
        public SchemaDocument {
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(text, "text");
        }
    }
}
