package dev.ferry.hub.kafka;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.ferry.hub.PeekedEvent.ValueKind;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * How an event's bytes are shown: a JSON object or array pretty-printed, other UTF-8 text as is,
 * anything else (invalid UTF-8, or control characters other than tab and line breaks) as hex, at
 * most {@value #MAX_BYTES} bytes of it with the full size said. Never throws, whatever the bytes.
 */
final class ValueRendering {

    static final int MAX_BYTES = 64 * 1024;
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** A value as shown, and what it was. */
    record Rendered(String text, ValueKind kind) {
    }

    private ValueRendering() {
    }

    static Rendered value(byte[] bytes) {
        if (bytes == null) {
            return new Rendered(null, ValueKind.TOMBSTONE);
        }
        String text = utf8(bytes);
        if (text == null) {
            return new Rendered(hex(bytes), ValueKind.BINARY);
        }
        String trimmed = text.strip();
        if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
            try {
                JsonNode n = MAPPER.readTree(trimmed);
                if (n != null && n.isContainerNode()) {
                    return new Rendered(MAPPER.writeValueAsString(n), ValueKind.JSON);
                }
            } catch (JsonProcessingException e) {
                // not JSON: shown as text
            }
        }
        return new Rendered(cut(text), ValueKind.TEXT);
    }

    /** A key or header value as text: UTF-8 if it is, else hex; {@code null} stays {@code null}. */
    static String text(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        String t = utf8(bytes);
        return t == null ? hex(bytes) : cut(t);
    }

    /** The text, if the bytes are valid UTF-8 without control characters but tab, CR and LF. */
    private static String utf8(byte[] bytes) {
        try {
            String s = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t') {
                    return null;
                }
            }
            return s;
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static String cut(String s) {
        return s.length() <= MAX_BYTES ? s : s.substring(0, MAX_BYTES) + " ... (" + s.length() + " characters)";
    }

    static String hex(byte[] bytes) {
        int n = Math.min(bytes.length, MAX_BYTES);
        StringBuilder sb = new StringBuilder(n * 3);
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                sb.append(i % 16 == 0 ? '\n' : ' ');
            }
            sb.append(Character.forDigit((bytes[i] >> 4) & 0xf, 16)).append(Character.forDigit(bytes[i] & 0xf, 16));
        }
        if (n < bytes.length) {
            sb.append(" ... (").append(bytes.length).append(" bytes)");
        }
        return sb.toString();
    }
}
