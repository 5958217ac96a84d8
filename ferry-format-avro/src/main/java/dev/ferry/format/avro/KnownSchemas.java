package dev.ferry.format.avro;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.message.SchemaStore;

/**
 * Every writer schema one {@link AvroFormat} knows, by its CRC-64-AVRO fingerprint (of the schema's
 * parsing canonical form, as the single-object header carries it): the schemas it derived or read
 * for the app's outputs and readers, those it encoded test inputs with, and the {@code .avsc} files
 * of {@code plugins.avro.schemas}. Readers find an event's writer schema here. Thread-safe.
 *
 * <p>Two schemas that differ only in what the canonical form leaves out (defaults, docs, aliases,
 * logical types) have one fingerprint, and write the same bytes; the first one added is kept.
 */
final class KnownSchemas implements SchemaStore {

    private final Map<Long, Schema> byFingerprint = new ConcurrentHashMap<>();

    /** Adds a schema; returns its fingerprint. */
    long add(Schema schema) {
        long fingerprint = fingerprint(schema);
        byFingerprint.putIfAbsent(fingerprint, schema);
        return fingerprint;
    }

    @Override
    public Schema findByFingerprint(long fingerprint) {
        return byFingerprint.get(fingerprint);
    }

    /** How many schemas it knows. */
    int size() {
        return byFingerprint.size();
    }

    /** The CRC-64-AVRO fingerprint of a schema's parsing canonical form. */
    static long fingerprint(Schema schema) {
        return SchemaNormalization.parsingFingerprint64(schema);
    }

    /** A fingerprint as messages write it: {@code 0x} and 16 hex digits. */
    static String hex(long fingerprint) {
        return String.format("0x%016x", fingerprint);
    }
}
