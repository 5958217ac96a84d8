package dev.ferry.api;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * One output topic of a {@link Ferry} app and the schema its events must match. Exactly one way of
 * giving the schema is required, so that nothing reaches a topic that its readers did not agree to:
 * <ul>
 *   <li>{@link #schema()}: a record (or bean) type; its JSON form is the schema;</li>
 *   <li>{@link #payload()}: a record type wrapped in the standard {@link Envelope}
 *       ({@code metadata {timestamp, id, version}} + {@code payload});</li>
 *   <li>{@link #jsonSchema()}: a JSON Schema document on the classpath.</li>
 * </ul>
 * A record type may be combined with a JSON Schema document: events must then match both.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({})
public @interface Output {

    /** The output topic's name. */
    String topic();

    /** A record or bean type whose JSON form every event must match. */
    Class<?> schema() default void.class;

    /** A record or bean type for the payload of an {@link Envelope}; the event is the envelope. */
    Class<?> payload() default void.class;

    /**
     * A JSON Schema document (draft 2020-12 unless it says otherwise in {@code $schema}), as a
     * classpath resource path such as {@code "schemas/predict.topic.json"}.
     */
    String jsonSchema() default "";
}
