package dev.ferry.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the one method that turns a class into a Ferry app: a Kafka consumer that the platform runs,
 * scales and watches, while the author owns only what is named here.
 *
 * <p>The method takes a {@code List} of events from the input topics, one batch at a time, as
 * {@code List<String>} (each event's raw JSON), {@code List<Map<String, Object>>}, {@code List<R>}
 * for a record type {@code R} of the author's, or {@code List<InputEvent<T>>} of any of
 * those when the key, headers or position matter. It returns what to emit:
 * <ul>
 *   <li>{@code void} (or {@code null}): nothing;</li>
 *   <li>a {@code List} of events, when exactly one output topic is declared;</li>
 *   <li>a {@code Map<String, List<?>>} from output topic to its events.</li>
 * </ul>
 * An event to emit is a record or bean, a {@code Map}, a JSON {@code String}, or an
 * {@link OutputEvent} wrapping one of those with a key and headers. Every event is validated against
 * its output topic's schema before anything of the batch is written.
 *
 * <p>The method may also return a {@code CompletableFuture} (or {@code CompletionStage}) of any of
 * those, for a function that waits on I/O without holding a thread: the batch completes when the
 * future does.
 *
 * <p>The method may be static, or an instance method of a class with a public no-argument
 * constructor; one instance serves all batches of one consumer. With {@link #concurrency()} 1 (the
 * default) its fields are confined to that consumer's thread; with more, it is called from several
 * threads at once, so keep its fields read-only or thread-safe.
 *
 * <pre>{@code
 * @Ferry(app = "hello-world", topics = "some.topic")
 * public static void helloWorld(List<String> messages) {
 *     messages.forEach(m -> System.out.println("Hello world, I consumed " + m));
 * }
 * }</pre>
 *
 * <p>Everything else (Kafka client settings, the delivery guarantee, how outputs are written back,
 * the serialization format unless a topic's readers need another) belongs to the platform profile
 * and is deliberately not settable here.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Ferry {

    /**
     * The app's name: required, unique on the cluster, and the consumer group's id. Lower-case
     * letters, digits, '.', '_' and '-', as for a Kafka group id that is easy to type.
     */
    String app();

    /** The input topics, at least one. Their events are merged into batches in poll order. */
    String[] topics();

    /**
     * Where a new app (one with no committed offsets yet) starts reading. An app that has run before
     * always resumes where it stopped. Default: {@link Start#END}, only events that arrive after the
     * first start.
     */
    Start start() default Start.END;

    /** The most events in one call of the function. Default 100; at least 1. */
    int batchSize() default 100;

    /**
     * How many consumers of this app share the input partitions in one process. Default 1. More
     * consumers than input partitions leaves the extra ones idle.
     */
    int consumers() default 1;

    /**
     * How many sub-batches of a poll the function may work on at once, for a slow, I/O-bound function
     * (a feature-store lookup, a call to a model service). Events with the same key always go to the
     * same sub-batch, in order, so per-key order holds; input offsets are committed only up to the
     * first event whose sub-batch is not complete. Default 0: as the platform profile's
     * {@code concurrency} says (1, one call at a time, unless the platform changed it).
     */
    int concurrency() default 0;

    /**
     * The weakest delivery guarantee this app accepts. The platform profile chooses the guarantee;
     * an app that cannot tolerate it asks for a stricter one here, and gets whichever of the two is
     * stricter. Default {@link Delivery#PLATFORM}: whatever the platform chose.
     */
    Delivery delivery() default Delivery.PLATFORM;

    /**
     * The format the input topics' events are written in, such as {@code "avro"}. Default: the
     * platform's ({@code format} in the platform profile, {@code json} unless changed).
     */
    String inputFormat() default "";

    /** The topics this app emits to, each with the schema its events must match. Default: none. */
    Output[] outputs() default {};

    /** What the app does, in a sentence, for the runbook and the hub. */
    String description() default "";

    /** Who is on call for the app (a team or an address), for the runbook and the hub. */
    String owner() default "";
}
