package dev.ferry.format.avro;

import dev.ferry.engine.spi.FormatException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;

/**
 * The header of Avro's single-object encoding ({@code C3 01}, then the writer schema's CRC-64-AVRO
 * fingerprint in 8 little-endian bytes, then the binary datum), and what to say about bytes that do
 * not start with one: what they look like instead (JSON, Confluent's wire format, an Avro file).
 */
final class SingleObjectBytes {

    /** The two marker bytes and the fingerprint. */
    static final int HEADER_LENGTH = 10;
    private static final int SHOWN = 8;

    private SingleObjectBytes() {
    }

    /** Checks the header, before Avro reads the rest. */
    static void checkHeader(byte[] value) throws FormatException {
        if (value.length >= 2 && value[0] == (byte) 0xC3 && value[1] == 0x01) {
            if (value.length < HEADER_LENGTH) {
                throw new FormatException("is truncated: " + value.length + " bytes, but the header of Avro's "
                        + "single-object encoding alone is " + HEADER_LENGTH + " (C3 01 and the schema's 8-byte "
                        + "fingerprint)");
            }
            return;
        }
        throw new FormatException("is not Avro single-object encoding, which starts with C3 01: " + lookOf(value));
    }

    /** The writer schema's fingerprint, from a checked header. */
    static long fingerprint(byte[] value) {
        return ByteBuffer.wrap(value, 2, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
    }

    /** What bytes that are not single-object encoding look like. */
    static String lookOf(byte[] value) {
        if (value.length == 0) {
            return "it is empty";
        }
        String start = "it starts with " + hex(value);
        if (value[0] == 0 && value.length >= 5) {
            int id = ByteBuffer.wrap(value, 1, 4).getInt();
            return start + ": Confluent Schema Registry's wire format (magic byte 0, schema id " + id + ")? That "
                    + "needs a format that reads the registry";
        }
        if (value.length >= 4 && value[0] == 'O' && value[1] == 'b' && value[2] == 'j' && value[3] == 1) {
            return start + ": an Avro object container file? Events must be single-object encoded";
        }
        String text = utf8(value);
        if (text == null) {
            return start;
        }
        String trimmed = text.strip();
        String shown = Descriptions.quoted(trimmed);
        if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
            return start + " (" + shown + "): JSON? Read it with the json format, or have the producer write Avro";
        }
        return start + " (" + shown + "): text?";
    }

    private static String hex(byte[] value) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < Math.min(SHOWN, value.length); i++) {
            s.append(i == 0 ? "" : " ").append(String.format("%02X", value[i] & 0xFF));
        }
        return s.append(value.length > SHOWN ? " ..." : "").toString();
    }

    private static String utf8(byte[] value) {
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(value, 0, Math.min(value.length, 64)))
                    .toString();
            return text.chars().allMatch(c -> c >= 0x20 || c == '\n' || c == '\r' || c == '\t') ? text : null;
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
