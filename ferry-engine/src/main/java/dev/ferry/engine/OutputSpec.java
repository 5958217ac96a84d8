package dev.ferry.engine;

import java.util.List;
import java.util.Optional;

/**
 * One output topic of an app and the JSON Schema documents its events must all match, resolved
 * from {@code @Output} at start-up. The schemas are part of how a running app describes itself.
 *
 * @param topic       the output topic
 * @param type        the record or bean type it was declared with, if any ({@code Envelope} when
 *                    declared with {@code payload})
 * @param payloadType the envelope's payload type, if declared with {@code payload}
 * @param resource    the JSON Schema resource it was declared with, if any
 * @param schemas     the JSON Schema documents, as JSON text: one per declared source
 */
public record OutputSpec(
        String topic, Optional<Class<?>> type, Optional<Class<?>> payloadType, Optional<String> resource,
        List<String> schemas) {

    /** Freezes the schema list. */
    public OutputSpec {
        schemas = List.copyOf(schemas);
    }
}
