package dev.ferry.engine.internal;

import dev.ferry.engine.spi.Event;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * The ids the engine gives envelopes whose author left the id to it: name-based UUIDs (version 5:
 * SHA-1 of {@link #NAMESPACE} and a name, RFC 9562), so that the same name gives the same id on
 * every run, on every machine, with nothing stored.
 *
 * <p>The name of an output traced to its input event (linked to it by the function, or paired with
 * it by position) is {@code <app>/<input topic>/<partition>/<offset>/<output topic>/<n>}, {@code n}
 * counting that input event's outputs to that topic from 0. It depends on the input event alone, so
 * the id is the same however the events are batched: after a retry, a narrowed-down failure, a
 * rebalance or a restart.
 *
 * <p>An output that cannot be traced to one input event is named after the whole call instead:
 * {@code <app>/call:<SHA-1 of the call's input positions>/<output topic>/<index among the call's
 * outputs to that topic>}. It is the same only when the same events reach one call again, which a
 * replay does not promise; but two different outputs never share it. (Named after the call's first
 * input alone, an aggregate over events [a, b] and one over [a] after a replay would share an id,
 * and a reader dropping duplicates would drop an event it never saw.)
 */
final class OutputIds {

    /** Ferry's namespace for output ids. */
    static final UUID NAMESPACE = UUID.fromString("d4616401-e5ee-42fa-850b-25b16d64adb4");

    private static final ThreadLocal<MessageDigest> SHA1 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-1", e);
        }
    });

    private OutputIds() {
    }

    /** The id of the {@code n}-th output to {@code outputTopic} made from the input event {@code input}. */
    static String of(String app, Event input, String outputTopic, int n) {
        return v5(NAMESPACE, app + "/" + input.topic() + "/" + input.partition() + "/" + input.offset() + "/"
                + outputTopic + "/" + n).toString();
    }

    /** The id of the {@code index}-th output to {@code outputTopic} of a call, by the call's {@link #digest}. */
    static String ofCall(String app, String callDigest, String outputTopic, int index) {
        return v5(NAMESPACE, app + "/call:" + callDigest + "/" + outputTopic + "/" + index).toString();
    }

    /** What names a call: the SHA-1, in hex, of its input events' positions in order. */
    static String digest(List<Event> inputs) {
        MessageDigest sha1 = SHA1.get();
        sha1.reset();
        for (Event e : inputs) {
            sha1.update((e.topic() + "/" + e.partition() + "/" + e.offset() + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(sha1.digest());
    }

    /** The version 5 UUID of {@code name} in {@code namespace}. */
    static UUID v5(UUID namespace, String name) {
        MessageDigest sha1 = SHA1.get();
        sha1.reset();
        sha1.update(ByteBuffer.allocate(16).putLong(namespace.getMostSignificantBits())
                .putLong(namespace.getLeastSignificantBits()).array());
        byte[] hash = sha1.digest(name.getBytes(StandardCharsets.UTF_8));
        hash[6] = (byte) ((hash[6] & 0x0f) | 0x50); // version 5
        hash[8] = (byte) ((hash[8] & 0x3f) | 0x80); // the RFC's variant
        ByteBuffer b = ByteBuffer.wrap(hash, 0, 16);
        return new UUID(b.getLong(), b.getLong());
    }
}
