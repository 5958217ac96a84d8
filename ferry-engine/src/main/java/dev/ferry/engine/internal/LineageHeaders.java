package dev.ferry.engine.internal;

import dev.ferry.engine.Lineage;
import dev.ferry.engine.spi.Emitted;
import dev.ferry.engine.spi.Event;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The {@link Lineage} headers of one call's outputs: each output continues the chain of the input
 * event it was made from. Its {@value Lineage#TRACEPARENT} keeps the input's trace id and flags with
 * a new span id (this app's processing of that event; every output of one event shares it), its
 * {@value Lineage#ORIGIN_TIME} is the input's, its {@value Lineage#HOPS} the input's plus one. An
 * input with no lineage, or any of the three headers malformed, starts a chain: a new random trace
 * id (sampled), the input's timestamp as the origin, one hop. An output that cannot be tied to one
 * input ({@link Emitted#UNKNOWN}) continues the chain of the call's input with the earliest origin.
 *
 * <p>Why it is shaped so. It runs for every event, so it parses and writes the headers as bytes
 * with no regular expression, no {@code String} and no map; ids come from {@link ThreadLocalRandom}
 * (trace ids need to be unique, not secret); the headers are made once per input event, lazily, and
 * shared by its outputs (their byte arrays are never changed after they are made); an input's
 * well-formed origin bytes are reused as they are, and so are those of a started chain's origin when
 * the input before had the same timestamp. What it accepts as well formed is exactly what
 * {@link Lineage#read} accepts, except signs ({@code +1}), which Ferry never writes. One per call,
 * used on the thread that encodes the call's outputs.
 */
final class LineageHeaders {

    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    /** The length of a version-00 traceparent: {@code 00-<32>-<16>-<2>}. */
    private static final int TRACEPARENT_LENGTH = 55;
    private static final int TRACE_ID = 3;
    private static final int SPAN_ID = 36;
    private static final int FLAGS = 53;
    private static final byte[][] SMALL = new byte[64][];

    static {
        for (int i = 0; i < SMALL.length; i++) {
            SMALL[i] = decimal(i);
        }
    }

    private final List<Event> inputs;
    private List<Event.Header>[] byInput;
    private long[] origins;
    private List<Event.Header> unknown;
    /** The origin of the last chain started, and its decimal bytes: the inputs of a batch often share a millisecond. */
    private long lastOrigin = -1;
    private byte[] lastOriginBytes;

    /** The headers of the outputs of a call given {@code inputs}. */
    LineageHeaders(List<Event> inputs) {
        this.inputs = inputs;
    }

    /** The headers of an output made from the call's input {@code input}, or {@link Emitted#UNKNOWN}. */
    @SuppressWarnings("unchecked")
    List<Event.Header> of(int input) {
        if (input < 0) {
            return ofUnknown();
        }
        if (byInput == null) {
            byInput = new List[inputs.size()];
            origins = new long[inputs.size()];
        }
        List<Event.Header> h = byInput[input];
        if (h == null) {
            h = continued(inputs.get(input), input);
            byInput[input] = h;
        }
        return h;
    }

    /** The chain of the input with the earliest origin, with a span of its own. */
    private List<Event.Header> ofUnknown() {
        if (unknown == null) {
            if (inputs.isEmpty()) {
                unknown = started(System.currentTimeMillis());
                return unknown;
            }
            int earliest = 0;
            of(0);
            for (int i = 1; i < inputs.size(); i++) {
                of(i);
                if (origins[i] < origins[earliest]) {
                    earliest = i;
                }
            }
            List<Event.Header> chain = byInput[earliest];
            byte[] traceparent = chain.get(0).value().clone();
            writeSpan(traceparent);
            unknown = List.of(new Event.Header(Lineage.TRACEPARENT, traceparent), chain.get(1), chain.get(2));
        }
        return unknown;
    }

    /** The headers continuing {@code event}'s chain, or starting one; notes its origin at {@code i}. */
    private List<Event.Header> continued(Event event, int i) {
        byte[] parent = event.lastHeader(Lineage.TRACEPARENT);
        byte[] origin = event.lastHeader(Lineage.ORIGIN_TIME);
        byte[] hops = event.lastHeader(Lineage.HOPS);
        long originMillis = validTraceparent(parent) ? number(origin, 18) : -1;
        int hopCount = originMillis >= 0 ? (int) number(hops, 9) : -1;
        if (hopCount < 1) {
            long timestamp = event.timestamp() >= 0 ? event.timestamp() : System.currentTimeMillis();
            origins[i] = timestamp;
            return started(timestamp);
        }
        origins[i] = originMillis;
        byte[] traceparent = new byte[TRACEPARENT_LENGTH];
        System.arraycopy(parent, 0, traceparent, 0, TRACEPARENT_LENGTH);
        writeSpan(traceparent);
        return List.of(new Event.Header(Lineage.TRACEPARENT, traceparent), new Event.Header(Lineage.ORIGIN_TIME, origin),
                new Event.Header(Lineage.HOPS, hops(hopCount + 1)));
    }

    /** The headers of a new chain whose first event was made at {@code originMillis}. */
    private List<Event.Header> started(long originMillis) {
        byte[] traceparent = new byte[TRACEPARENT_LENGTH];
        traceparent[0] = '0';
        traceparent[1] = '0';
        traceparent[2] = '-';
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high;
        long low;
        do {
            high = random.nextLong();
            low = random.nextLong();
        } while (high == 0 && low == 0);
        hex(high, traceparent, TRACE_ID);
        hex(low, traceparent, TRACE_ID + 16);
        traceparent[SPAN_ID - 1] = '-';
        writeSpan(traceparent);
        traceparent[FLAGS - 1] = '-';
        traceparent[FLAGS] = '0';
        traceparent[FLAGS + 1] = '1'; // sampled: a chain Ferry starts is one it measures
        return List.of(new Event.Header(Lineage.TRACEPARENT, traceparent),
                new Event.Header(Lineage.ORIGIN_TIME, origin(originMillis)), new Event.Header(Lineage.HOPS, hops(1)));
    }

    private byte[] origin(long originMillis) {
        if (originMillis != lastOrigin || lastOriginBytes == null) {
            lastOriginBytes = decimal(originMillis);
            lastOrigin = originMillis;
        }
        return lastOriginBytes;
    }

    /** Writes a new random span id, not zero, into a traceparent. */
    private static void writeSpan(byte[] traceparent) {
        long span;
        do {
            span = ThreadLocalRandom.current().nextLong();
        } while (span == 0);
        hex(span, traceparent, SPAN_ID);
    }

    /** Whether {@code b} is a W3C version-00 traceparent: lowercase hex ids, neither all zero. */
    static boolean validTraceparent(byte[] b) {
        if (b == null || b.length != TRACEPARENT_LENGTH || b[0] != '0' || b[1] != '0' || b[2] != '-'
                || b[SPAN_ID - 1] != '-' || b[FLAGS - 1] != '-') {
            return false;
        }
        return hexRun(b, TRACE_ID, 32) && hexRun(b, SPAN_ID, 16) && hexDigits(b, FLAGS, 2);
    }

    /** Whether {@code n} lowercase hex digits start at {@code from}, not all of them zero. */
    private static boolean hexRun(byte[] b, int from, int n) {
        boolean nonZero = false;
        for (int i = from; i < from + n; i++) {
            if (!isHex(b[i])) {
                return false;
            }
            nonZero |= b[i] != '0';
        }
        return nonZero;
    }

    private static boolean hexDigits(byte[] b, int from, int n) {
        for (int i = from; i < from + n; i++) {
            if (!isHex(b[i])) {
                return false;
            }
        }
        return true;
    }

    private static boolean isHex(byte c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
    }

    /** The decimal number of at most {@code maxDigits} digits in {@code b}, or -1 if it is not one. */
    static long number(byte[] b, int maxDigits) {
        if (b == null || b.length == 0 || b.length > maxDigits) {
            return -1;
        }
        long n = 0;
        for (byte c : b) {
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }

    private static byte[] hops(int n) {
        return n < SMALL.length ? SMALL[n] : decimal(n);
    }

    /** {@code n >= 0} as decimal ASCII: it runs for every input that starts a chain, so two digits a division. */
    static byte[] decimal(long n) {
        int digits = 1;
        for (long p = 10; digits < 19 && n >= p; p *= 10) {
            digits++;
        }
        byte[] out = new byte[digits];
        int i = digits;
        while (n >= 100) {
            int r = (int) (n % 100);
            n /= 100;
            out[--i] = (byte) ('0' + r % 10);
            out[--i] = (byte) ('0' + r / 10);
        }
        if (n >= 10) {
            out[--i] = (byte) ('0' + n % 10);
            n /= 10;
        }
        out[--i] = (byte) ('0' + n);
        return out;
    }

    private static void hex(long v, byte[] into, int at) {
        for (int i = 15; i >= 0; i--) {
            into[at + i] = HEX[(int) (v & 0xf)];
            v >>>= 4;
        }
    }
}
