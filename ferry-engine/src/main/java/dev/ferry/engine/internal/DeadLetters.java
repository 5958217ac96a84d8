package dev.ferry.engine.internal;

import dev.ferry.engine.spi.Event;
import dev.ferry.engine.spi.OutputRecord;
import dev.ferry.engine.spi.ProcessingException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Builds the dead-letter record of an event that kept failing: the original key and value, byte for
 * byte, the original headers, and {@code ferry.*} headers saying where it came from and why it
 * failed, so that it can be inspected and replayed.
 */
final class DeadLetters {

    /** Header names, all prefixed {@code ferry.}. */
    public static final String APP = "ferry.app";
    public static final String TOPIC = "ferry.original.topic";
    public static final String PARTITION = "ferry.original.partition";
    public static final String OFFSET = "ferry.original.offset";
    public static final String TIMESTAMP = "ferry.original.timestamp";
    public static final String STAGE = "ferry.error.stage";
    public static final String ERROR_CLASS = "ferry.error.class";
    public static final String ERROR_MESSAGE = "ferry.error.message";
    public static final String ATTEMPTS = "ferry.attempts";

    private final String app;
    private final String topic;

    /** Dead letters of an app, to the given topic. */
    public DeadLetters(String app, String topic) {
        this.app = app;
        this.topic = topic;
    }

    /** The dead-letter topic. */
    public String topic() {
        return topic;
    }

    /** The record to write for a failed event. */
    public OutputRecord record(Event event, ProcessingException cause, int attempts) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Event.Header h : event.headers()) {
            if (!h.name().startsWith("ferry.")) {
                headers.put(h.name(), h.value() == null ? "" : new String(h.value(), StandardCharsets.UTF_8));
            }
        }
        headers.put(APP, app);
        headers.put(TOPIC, event.topic());
        headers.put(PARTITION, Integer.toString(event.partition()));
        headers.put(OFFSET, Long.toString(event.offset()));
        headers.put(TIMESTAMP, Long.toString(event.timestamp()));
        headers.put(STAGE, cause.stage().name().toLowerCase(Locale.ROOT));
        Throwable root = cause.getCause() != null ? cause.getCause() : cause;
        headers.put(ERROR_CLASS, root.getClass().getName());
        headers.put(ERROR_MESSAGE, String.valueOf(cause.getMessage()));
        headers.put(ATTEMPTS, Integer.toString(attempts));
        return new OutputRecord(topic, 0, event.key(), event.value(), headers, 0); // made from the event it sets aside
    }
}
