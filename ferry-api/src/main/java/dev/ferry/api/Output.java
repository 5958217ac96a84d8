package dev.ferry.api;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * One output topic of a {@link Ferry} app and the schema its events must match. Exactly one way of
 * giving the schema is required, so that nothing reaches a topic that its readers did not agree to:
 * <ul>
 *   <li>{@link #schema()}: a record (or bean) type; the topic's format derives the schema from it
 *       (for JSON, a JSON Schema of its JSON form);</li>
 *   <li>{@link #payload()}: a record type wrapped in the standard {@link Envelope}
 *       ({@code metadata {timestamp, id, version}} + {@code payload});</li>
 *   <li>{@link #jsonSchema()}: a JSON Schema document on the classpath;</li>
 *   <li>{@link #schemaResource()}: a schema document in the topic's format on the classpath, such as
 *       an Avro schema ({@code .avsc}) for a topic written in Avro.</li>
 * </ul>
 * A record type may be combined with a document: events must then match both.
 *
 * <p>The events are written in the platform's format (JSON unless the platform chose another),
 * unless {@link #format()} names one for this topic.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({})
public @interface Output {

    /** The output topic's name. */
    String topic();

    /** A record or bean type every event must be: the topic's format derives the schema from it. */
    Class<?> schema() default void.class;

    /** A record or bean type for the payload of an {@link Envelope}; the event is the envelope. */
    Class<?> payload() default void.class;

    /**
     * A JSON Schema document (draft 2020-12 unless it says otherwise in {@code $schema}), as a
     * classpath resource path such as {@code "schemas/predict.topic.json"}.
     */
    String jsonSchema() default "";

    /**
     * A schema document in this topic's format, as a classpath resource path, such as
     * {@code "schemas/predict.topic.avsc"} for Avro; for JSON it is a JSON Schema document, as
     * {@link #jsonSchema()}. Give one of the two.
     */
    String schemaResource() default "";

    /**
     * The format this topic's events are written in, such as {@code "avro"}. Default: the platform's
     * ({@code format} in the platform profile, {@code json} unless changed). Name one only when the
     * topic's readers need it; the format is otherwise the platform's choice.
     */
    String format() default "";

    /**
     * The version of the logic that makes this topic's events, such as the model's version: written
     * as {@code metadata.version} of every {@link Envelope} whose version is empty (those made with
     * {@link Envelope#of(Object)}). Default: none, and such envelopes say {@value Envelope#DEFAULT_VERSION}.
     * Only for topics of envelopes ({@link #payload()}, or a schema document); a version that
     * changes at run time goes in the envelope itself ({@link Envelope#of(Object, String)}).
     */
    String version() default "";
}
