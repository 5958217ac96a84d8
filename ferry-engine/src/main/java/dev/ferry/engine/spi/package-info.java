/**
 * The engine's seams: what a platform team implements to change how Ferry reads and writes events,
 * where outputs go, how an app's function is called, and who hears about an app's life, without
 * changing Ferry or any author's code.
 *
 * <p>Four kinds of plug-in, each found with {@link java.util.ServiceLoader} (list the class in
 * {@code META-INF/services/<interface name>} of a jar on the classpath) and chosen by name:
 * <ul>
 *   <li>{@link dev.ferry.engine.spi.Format}: bytes to values and back, the schema of each output
 *       topic and the validation of every output event against it. Chosen by the profile's
 *       {@code format} (default {@code json}), by {@code @Output(format)} per output topic and by
 *       {@code @Ferry(inputFormat)} for the inputs. Built in: {@code json}.</li>
 *   <li>{@link dev.ferry.engine.spi.SinkProvider}: where validated outputs go and when an input
 *       event counts as done; a sink may also own the commit of input offsets. Chosen by the profile's
 *       {@code write-back} (default {@code direct}: the Kafka producer, transactional for
 *       exactly-once).</li>
 *   <li>{@link dev.ferry.engine.spi.FunctionRuntime}: how a batch reaches the author's code and its
 *       outputs come back, synchronously or not. Chosen by the app descriptor's function runtime
 *       (default {@code java}: the annotated method).</li>
 *   <li>{@link dev.ferry.engine.spi.ListenerProvider}: hears an app start, get and lose partitions,
 *       complete batches, fail on events, halt and stop. Chosen by the profile's {@code listeners}; the
 *       app's status and metrics are built-in listeners.</li>
 * </ul>
 * A plug-in's own settings are the profile's {@code plugins.<name>.*} keys, given to it without the
 * prefix. A plug-in that rejects them throws {@link dev.ferry.engine.ProfileException} with a sentence
 * naming the key.
 *
 * <p>These types may use kafka-clients types; the API that authors see ({@code dev.ferry.api}) never
 * does.
 */
package dev.ferry.engine.spi;
