package dev.ferry.proxy.wire;

import java.util.List;
import java.util.Objects;

/**
 * One record an app asks the proxy to write: the topic, the key and value bytes as the app encoded
 * them, and its headers (names and bytes, in order; the engine's lineage headers among them).
 *
 * @param topic   the topic to write to
 * @param key     the key bytes, or null
 * @param value   the value bytes, or null
 * @param headers the headers in order; a header's value may be null
 */
public record WireRecord(String topic, byte[] key, byte[] value, List<Header> headers) {

    /** Checks the topic, copies the headers. */
    public WireRecord {
        Objects.requireNonNull(topic, "topic");
        headers = List.copyOf(headers);
    }

    /** A header. @param name its name @param value its bytes, or null */
    public record Header(String name, byte[] value) {

        /** Checks the name. */
        public Header {
            Objects.requireNonNull(name, "header name");
        }
    }
}
