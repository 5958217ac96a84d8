package dev.ferry.engine.internal;

import dev.ferry.api.Envelope;
import dev.ferry.api.Metadata;
import dev.ferry.engine.spi.Emitted;
import dev.ferry.engine.spi.Event;
import dev.ferry.engine.spi.FormatException;
import dev.ferry.engine.spi.OutputCodec;
import dev.ferry.engine.spi.OutputRecord;
import dev.ferry.engine.spi.ProcessingException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns what the function emitted into validated, encoded output records with each topic's
 * format, or explains which event of which topic is wrong (the format says where in the event and
 * why). Nothing of a batch is written unless every event of it encoded.
 *
 * <p>It also says which input event each output came from: the one the function linked it to
 * ({@link Emitted#input()}), or, when the function linked none of a topic's events and returned
 * exactly one per input event, the input at the same position. And it fills in what an
 * {@link Envelope}'s author left empty: the id from that input event ({@link OutputIds}), the
 * version from the output's declaration, the timestamp with the time now. With lineage on, each
 * output gets the {@link LineageHeaders} continuing its input event's chain.
 */
final class OutputEncoder {

    private final String app;
    private final Map<String, OutputCodec> codecs;
    private final Map<String, String> versions;
    private final String declared;
    private final boolean lineage;

    /**
     * An encoder for one app, with the codec of each of its output topics, in declaration order, and
     * the version each topic's envelopes get when they name none; its outputs carry no lineage.
     */
    OutputEncoder(String app, Map<String, OutputCodec> codecs, Map<String, String> versions) {
        this(app, codecs, versions, false);
    }

    /** The same, whose outputs carry the lineage headers when {@code lineage} is true. */
    OutputEncoder(String app, Map<String, OutputCodec> codecs, Map<String, String> versions, boolean lineage) {
        this.app = app;
        this.codecs = Map.copyOf(codecs);
        this.versions = Map.copyOf(versions);
        this.declared = String.join(", ", codecs.keySet());
        this.lineage = lineage;
    }

    /** Encodes what one call of the function emitted from {@code inputs}. */
    List<OutputRecord> encode(List<Event> inputs, List<Emitted> emitted) throws ProcessingException {
        if (emitted.isEmpty()) {
            return List.of();
        }
        Map<String, Topic> topics = topics(emitted, inputs.size());
        List<OutputRecord> out = new ArrayList<>(emitted.size());
        String callDigest = null;
        LineageHeaders chains = lineage ? new LineageHeaders(inputs) : null;
        for (Emitted e : emitted) {
            Topic topic = topics.get(e.topic());
            int index = topic.next++;
            int input = e.input() >= 0 ? e.input() : topic.paired ? index : Emitted.UNKNOWN;
            if (input >= inputs.size()) {
                throw reject("output topic '" + e.topic() + "' event " + index + ": says it was made from input event "
                        + input + ", but the call was given " + inputs.size());
            }
            int n = input < 0 ? index : topic.paired ? 0 : topic.madeFrom(input, inputs.size());
            Object value = e.value();
            if (value instanceof Envelope<?> envelope && unfilled(envelope.metadata())) {
                if (input < 0 && callDigest == null) {
                    callDigest = OutputIds.digest(inputs);
                }
                value = filled(envelope, e.topic(), input < 0 ? null : inputs.get(input), n, callDigest);
            }
            if (value == null) {
                throw reject("output topic '" + e.topic() + "' event " + index + ": is null; emit an event or leave it out");
            }
            out.add(topic.codec.inProcess() ? handOver(e, value, index, topic.codec, input)
                    : encode(e, value, index, topic.codec, input, chains == null ? List.of() : chains.of(input),
                            input < 0 ? null : inputs.get(input).key()));
        }
        return out;
    }

    /** Each topic the function emitted to, checked to be declared, with whether its events pair with the inputs. */
    private Map<String, Topic> topics(List<Emitted> emitted, int inputs) throws ProcessingException {
        Map<String, Topic> topics = new HashMap<>(4);
        for (Emitted e : emitted) {
            Topic topic = topics.get(e.topic());
            if (topic == null) {
                OutputCodec codec = codecs.get(e.topic());
                if (codec == null) {
                    throw reject("the function returned events for topic '" + e.topic()
                            + "', which is not a declared output; declared: " + declared);
                }
                topic = new Topic(codec);
                topics.put(e.topic(), topic);
            }
            topic.count++;
            topic.linked |= e.input() >= 0;
        }
        for (Topic t : topics.values()) {
            t.paired = !t.linked && t.count == inputs;
        }
        return topics;
    }

    private static boolean unfilled(Metadata m) {
        return m.id().isEmpty() || m.version().isEmpty() || m.timestamp().isEmpty();
    }

    private Envelope<?> filled(Envelope<?> envelope, String topic, Event input, int n, String callDigest) {
        Metadata m = envelope.metadata();
        String id = !m.id().isEmpty() ? m.id()
                : input != null ? OutputIds.of(app, input, topic, n) : OutputIds.ofCall(app, callDigest, topic, n);
        String version = !m.version().isEmpty() ? m.version() : versions.getOrDefault(topic, Envelope.DEFAULT_VERSION);
        String timestamp = !m.timestamp().isEmpty() ? m.timestamp() : Instant.now().toString();
        return new Envelope<>(new Metadata(timestamp, id, version), envelope.payload());
    }

    private OutputRecord encode(Emitted e, Object value, int index, OutputCodec codec, int input,
                                List<Event.Header> lineageHeaders, byte[] inputKey) throws ProcessingException {
        byte[] bytes;
        try {
            bytes = codec.encode(value);
        } catch (FormatException ex) {
            throw reject("output topic '" + e.topic() + "' event " + index + ": " + ex.getMessage());
        } catch (RuntimeException ex) {
            throw reject("output topic '" + e.topic() + "' event " + index + ": cannot be encoded: " + ex);
        }
        return new OutputRecord(e.topic(), index, keyBytes(e.key(), inputKey), bytes, e.headers(), input, lineageHeaders);
    }

    /**
     * The UTF-8 bytes of an output's key: its input event's own key bytes when the key is the input's
     * (an output keyed as its input, the common case, costs no encoding and no copy; nothing changes
     * key bytes once made), else the key encoded.
     */
    static byte[] keyBytes(String key, byte[] inputKey) {
        if (key == null) {
            return null;
        }
        return inputKey != null && asciiEquals(key, inputKey) ? inputKey : key.getBytes(StandardCharsets.UTF_8);
    }

    /** Whether {@code bytes} are {@code key}'s characters, every one of them ASCII. */
    private static boolean asciiEquals(String key, byte[] bytes) {
        if (key.length() != bytes.length) {
            return false;
        }
        for (int i = 0; i < bytes.length; i++) {
            char c = key.charAt(i);
            if (c >= 0x80 || c != bytes[i]) {
                return false;
            }
        }
        return true;
    }

    /** An in-process output: checked, and handed to the sink as the object it is. */
    private OutputRecord handOver(Emitted e, Object value, int index, OutputCodec codec, int input)
            throws ProcessingException {
        try {
            codec.check(value);
        } catch (FormatException ex) {
            throw reject("output topic '" + e.topic() + "' event " + index + ": " + ex.getMessage());
        }
        byte[] key = e.key() == null ? null : e.key().getBytes(StandardCharsets.UTF_8);
        return OutputRecord.inProcess(e.topic(), index, key, value, e.headers(), input);
    }

    private ProcessingException reject(String message) {
        return new ProcessingException(ProcessingException.Stage.OUTPUT, "app '" + app + "': " + message, null);
    }

    /** One output topic's part of a call's outputs. */
    private static final class Topic {
        final OutputCodec codec;
        int count;
        boolean linked;
        boolean paired;
        int next;
        private int[] madeFrom;

        Topic(OutputCodec codec) {
            this.codec = codec;
        }

        /** Counts one more output made from input event {@code input}; returns how many came before it. */
        int madeFrom(int input, int inputs) {
            if (madeFrom == null) {
                madeFrom = new int[inputs];
            }
            return madeFrom[input]++;
        }
    }
}
