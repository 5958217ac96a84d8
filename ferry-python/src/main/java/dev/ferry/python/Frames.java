package dev.ferry.python;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The worker protocol's framing: a 4-byte big-endian length, then that many bytes of one UTF-8 JSON
 * object. Both directions, documented in docs/python.md.
 */
final class Frames {

    /** The largest frame either side accepts (a batch of big events fits; a corrupt length does not). */
    static final int MAX_FRAME = 256 * 1024 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper();

    private Frames() {
    }

    /** Writes one frame; the caller serialises writers. */
    static void write(OutputStream out, Object message) throws IOException {
        byte[] body = JSON.writeValueAsBytes(message);
        byte[] header = {(byte) (body.length >>> 24), (byte) (body.length >>> 16), (byte) (body.length >>> 8),
                (byte) body.length};
        out.write(header);
        out.write(body);
        out.flush();
    }

    /**
     * Reads one frame, or null at the end of the stream between frames.
     *
     * @throws IOException if the stream ends inside a frame, a length is out of range or a body is not JSON:
     *                     the worker broke the protocol
     */
    static JsonNode read(DataInputStream in) throws IOException {
        int first = in.read();
        if (first < 0) {
            return null;
        }
        int length;
        try {
            length = first << 24 | in.readUnsignedByte() << 16 | in.readUnsignedByte() << 8 | in.readUnsignedByte();
        } catch (EOFException e) {
            throw new IOException("the worker's output ended inside a frame's length");
        }
        if (length < 0 || length > MAX_FRAME) {
            throw new IOException("the worker wrote a frame length of " + Integer.toUnsignedString(length)
                    + " bytes, more than " + MAX_FRAME + ": its standard output is not Ferry's protocol");
        }
        byte[] body = new byte[length];
        try {
            in.readFully(body);
        } catch (EOFException e) {
            throw new IOException("the worker's output ended inside a frame of " + length + " bytes");
        }
        JsonNode node;
        try {
            node = JSON.readTree(body);
        } catch (IOException e) {
            throw new IOException("the worker wrote a frame that is not JSON: " + e.getMessage());
        }
        if (node == null || !node.isObject() || !node.path("type").isTextual()) {
            throw new IOException("the worker wrote a frame that is not a JSON object with a type");
        }
        return node;
    }

    static InputStream buffered(InputStream in) {
        return new java.io.BufferedInputStream(in, 1 << 16);
    }
}
