package dev.ferry.proxy.wire;

import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The proxy's gRPC protocol, shared by the server and the client so the two cannot drift apart. Two
 * methods of the service {@value #SERVICE}:
 *
 * <ul>
 *   <li>{@code Hello} (unary): the app's name in, the name of the app the call's token belongs to
 *       out; the client calls it at start-up, so a wrong token is a start-up error.</li>
 *   <li>{@code Write} (bidirectional stream, one per consumer): {@link WriteRequest}s in, one
 *       {@link WriteReply} per request out, in any order (each names its request). A stream keeps its
 *       requests in order, so the outputs of one key are written in the order the app made them.</li>
 * </ul>
 *
 * <p>Every call carries the app's token in the {@code authorization} header ({@code Bearer <token>})
 * and its name in {@code ferry-app}. Messages are a compact byte layout rather than protobuf (no code
 * generation in the build), big-endian: a version byte (1), then
 * for a request: sequence (long), record count (int), and per record the topic (string), key and value
 * (bytes), header count (int) and per header name (string) and value (bytes); for a reply: sequence
 * (long), outcome (byte: 0 written, 1 rejected, 2 failed), index (int), rule and message (strings). A
 * string is its UTF-8 length (int) and bytes; bytes are their length (int, -1 for null) and bytes.
 */
public final class ProxyProtocol {

    /** The gRPC service name. */
    public static final String SERVICE = "ferry.proxy.Writer";
    /** Largest message either side takes: a batch of large events. */
    public static final int MAX_MESSAGE_BYTES = 128 * 1024 * 1024;
    /** The header with the app's token, {@code Bearer <token>}. */
    public static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    /** The header with the app's name. */
    public static final Metadata.Key<String> APP = Metadata.Key.of("ferry-app", Metadata.ASCII_STRING_MARSHALLER);

    private static final byte VERSION = 1;

    /** {@code Hello}: which app is this token's. */
    public static final MethodDescriptor<String, String> HELLO = MethodDescriptor.<String, String>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY)
            .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, "Hello"))
            .setRequestMarshaller(new Text())
            .setResponseMarshaller(new Text())
            .build();

    /** {@code Write}: batches in, replies out. */
    public static final MethodDescriptor<WriteRequest, WriteReply> WRITE =
            MethodDescriptor.<WriteRequest, WriteReply>newBuilder()
                    .setType(MethodDescriptor.MethodType.BIDI_STREAMING)
                    .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, "Write"))
                    .setRequestMarshaller(new Requests())
                    .setResponseMarshaller(new Replies())
                    .build();

    private ProxyProtocol() {
    }

    /** The bytes of a request. */
    public static byte[] encode(WriteRequest r) {
        int size = 1 + 8 + 4;
        List<byte[]> topics = new ArrayList<>(r.records().size());
        List<byte[]> names = new ArrayList<>();
        for (WireRecord rec : r.records()) {
            byte[] topic = rec.topic().getBytes(StandardCharsets.UTF_8);
            topics.add(topic);
            size += 4 + topic.length + length(rec.key()) + length(rec.value()) + 4;
            for (WireRecord.Header h : rec.headers()) {
                byte[] name = h.name().getBytes(StandardCharsets.UTF_8);
                names.add(name);
                size += 4 + name.length + length(h.value());
            }
        }
        ByteBuffer out = ByteBuffer.allocate(size).put(VERSION).putLong(r.sequence()).putInt(r.records().size());
        int name = 0;
        for (int i = 0; i < r.records().size(); i++) {
            WireRecord rec = r.records().get(i);
            bytes(out, topics.get(i));
            bytes(out, rec.key());
            bytes(out, rec.value());
            out.putInt(rec.headers().size());
            for (WireRecord.Header h : rec.headers()) {
                bytes(out, names.get(name++));
                bytes(out, h.value());
            }
        }
        return out.array();
    }

    /** A request from its bytes. @throws IllegalArgumentException if they are not one */
    public static WriteRequest decodeRequest(InputStream stream) {
        return read(stream, in -> {
            long sequence = in.getLong();
            int n = count(in.getInt(), "records", in);
            List<WireRecord> records = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                String topic = string(in);
                byte[] key = bytes(in);
                byte[] value = bytes(in);
                int h = count(in.getInt(), "headers", in);
                List<WireRecord.Header> headers = new ArrayList<>(h);
                for (int j = 0; j < h; j++) {
                    headers.add(new WireRecord.Header(string(in), bytes(in)));
                }
                records.add(new WireRecord(topic, key, value, headers));
            }
            return new WriteRequest(sequence, records);
        });
    }

    /** The bytes of a reply. */
    public static byte[] encode(WriteReply r) {
        byte[] rule = r.rule().getBytes(StandardCharsets.UTF_8);
        byte[] message = r.message().getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(1 + 8 + 1 + 4 + 4 + rule.length + 4 + message.length);
        out.put(VERSION).putLong(r.sequence()).put((byte) r.outcome().ordinal()).putInt(r.index());
        bytes(out, rule);
        bytes(out, message);
        return out.array();
    }

    /** A reply from its bytes. @throws IllegalArgumentException if they are not one */
    public static WriteReply decodeReply(InputStream stream) {
        return read(stream, in -> {
            long sequence = in.getLong();
            int outcome = Byte.toUnsignedInt(in.get());
            WriteReply.Outcome[] all = WriteReply.Outcome.values();
            if (outcome >= all.length) {
                throw new IOException("unknown outcome " + outcome);
            }
            return new WriteReply(sequence, all[outcome], in.getInt(), string(in), string(in));
        });
    }

    private interface Reading<T> {
        T from(ByteBuffer in) throws IOException;
    }

    private static <T> T read(InputStream stream, Reading<T> r) {
        try {
            ByteBuffer in = ByteBuffer.wrap(stream.readAllBytes());
            if (!in.hasRemaining()) {
                throw new IOException("it is empty");
            }
            int version = Byte.toUnsignedInt(in.get());
            if (version != VERSION) {
                throw new IOException("protocol version " + version + ", this side speaks " + VERSION);
            }
            return r.from(in);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a Ferry proxy message: " + e.getMessage(), e);
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("not a Ferry proxy message: it ends inside a field", e);
        }
    }

    private static int length(byte[] b) {
        return 4 + (b == null ? 0 : b.length);
    }

    private static int count(int n, String what, ByteBuffer in) throws IOException {
        if (n < 0 || n > in.remaining()) {
            throw new IOException("a count of " + what + " of " + n + ", with " + in.remaining() + " bytes left");
        }
        return n;
    }

    private static void bytes(ByteBuffer out, byte[] b) {
        if (b == null) {
            out.putInt(-1);
            return;
        }
        out.putInt(b.length).put(b);
    }

    private static String string(ByteBuffer in) throws IOException {
        byte[] b = bytes(in);
        if (b == null) {
            throw new IOException("a string field is null");
        }
        return new String(b, StandardCharsets.UTF_8);
    }

    private static byte[] bytes(ByteBuffer in) throws IOException {
        int n = in.getInt();
        if (n == -1) {
            return null;
        }
        byte[] b = new byte[count(n, "bytes", in)];
        in.get(b);
        return b;
    }

    /** A string as its UTF-8 bytes. */
    private static final class Text implements MethodDescriptor.Marshaller<String> {
        @Override
        public InputStream stream(String value) {
            return new ByteArrayInputStream(value.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public String parse(InputStream stream) {
            try {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static final class Requests implements MethodDescriptor.Marshaller<WriteRequest> {
        @Override
        public InputStream stream(WriteRequest value) {
            return new ByteArrayInputStream(encode(value));
        }

        @Override
        public WriteRequest parse(InputStream stream) {
            return decodeRequest(stream);
        }
    }

    private static final class Replies implements MethodDescriptor.Marshaller<WriteReply> {
        @Override
        public InputStream stream(WriteReply value) {
            return new ByteArrayInputStream(encode(value));
        }

        @Override
        public WriteReply parse(InputStream stream) {
            return decodeReply(stream);
        }
    }
}
