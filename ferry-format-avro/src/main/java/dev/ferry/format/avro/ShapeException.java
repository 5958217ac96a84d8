package dev.ferry.format.avro;

/**
 * A Java type that has no Avro mapping, or does not fit a declared schema: the message names the
 * component and why; {@link AvroFormat} adds the app and the topic.
 */
final class ShapeException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    ShapeException(String message) {
        super(message);
    }
}
