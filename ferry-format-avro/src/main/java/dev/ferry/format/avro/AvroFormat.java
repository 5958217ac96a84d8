package dev.ferry.format.avro;

import dev.ferry.engine.ProfileException;
import dev.ferry.engine.spi.Format;
import dev.ferry.engine.spi.FormatException;
import dev.ferry.engine.spi.InputCodec;
import dev.ferry.engine.spi.OutputCodec;
import dev.ferry.engine.spi.PluginContext;
import dev.ferry.engine.spi.ReaderContext;
import dev.ferry.engine.spi.WriterContext;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;

/**
 * Avro as a Ferry format, named {@code avro}: so that a platform whose readers speak Avro gets
 * compact, schema-checked events from the same authors' code, by putting this jar on the classpath
 * and saying {@code format: avro} (or {@code @Output(format = "avro")}, {@code @Ferry(inputFormat =
 * "avro")}).
 *
 * <p>Every event is written in Avro's single-object encoding ({@code C3 01}, the writer schema's
 * CRC-64-AVRO fingerprint, the binary datum), so any reader that has the schema can find it by the
 * fingerprint. An output topic's schema is derived from its record type (or the standard envelope
 * of its payload type), or read from its {@code .avsc} document; every event is checked against it
 * before it is written. Readers decode into an author's record type with Avro's schema resolution
 * (a writer that added an optional field still reads), or into maps, JSON, {@code GenericRecord}s
 * or bytes. Writer schemas are found by fingerprint among those this instance derived or read, and
 * the {@code .avsc} files of the setting {@code plugins.avro.schemas}.
 *
 * <p>One instance serves one app. Its readers and writers are made at start-up and are thread-safe.
 * See the module's README for the type mapping and every message.
 */
public final class AvroFormat implements Format {

    /** The format's name in profiles and annotations. */
    public static final String NAME = "avro";

    /** The setting naming extra writer schemas: {@code plugins.avro.schemas}. */
    static final String SCHEMAS = "schemas";

    private final KnownSchemas known = new KnownSchemas();
    private final Map<Object, TopicWriter> schemaLess = new ConcurrentHashMap<>();

    /** The format, as {@link java.util.ServiceLoader} makes it. */
    public AvroFormat() {
    }

    // The README's outline of this class shows this line as it is (DocsSnippetsTest): keep it one line.
    @Override
    public String name() { return "avro"; }

    /**
     * Reads {@code plugins.avro.schemas}, the writer schemas of events this app reads that it did not
     * write itself.
     *
     * @throws ProfileException naming the setting's source, for an unknown setting, a missing path or
     *                          a file that is not a valid Avro schema
     */
    @Override
    public void configure(PluginContext context) {
        for (String key : context.settings().keySet()) {
            if (!key.equals(SCHEMAS)) {
                throw new ProfileException(context.sourceOf(key) + ": unknown setting 'plugins." + NAME + "." + key
                        + "' of the avro format; it has: plugins." + NAME + "." + SCHEMAS);
            }
        }
        String setting = context.setting(SCHEMAS, "");
        for (Schema schema : SchemaFiles.read(setting, context.sourceOf(SCHEMAS))) {
            known.add(schema);
        }
    }

    @Override
    public InputCodec reader(ReaderContext context) {
        return InputReaders.of(context, known);
    }

    @Override
    public OutputCodec writer(WriterContext context) {
        Schema schema = OutputSchemas.of(context);
        known.add(schema);
        return new TopicWriter(schema, NAME);
    }

    /**
     * Encodes a Java record (in the schema derived from its class) or an Avro record (in its own
     * schema), and remembers the schema, so this instance's readers read the bytes back.
     *
     * @throws FormatException for anything else: Avro needs a record to take a schema from
     */
    @Override
    public byte[] encode(Object value) throws FormatException {
        return schemaLessWriter(value).encode(value);
    }

    private TopicWriter schemaLessWriter(Object value) throws FormatException {
        if (value instanceof IndexedRecord r) {
            return schemaLess.computeIfAbsent(r.getSchema(), s -> remembered(r.getSchema()));
        }
        if (value != null && value.getClass().isRecord()) {
            Class<?> type = value.getClass();
            TopicWriter known = schemaLess.get(type);
            if (known != null) {
                return known;
            }
            try {
                Schema schema = SchemaDerivation.of(JavaShapes.ofRecord(type));
                return schemaLess.computeIfAbsent(type, t -> remembered(schema));
            } catch (ShapeException e) {
                throw new FormatException("cannot derive an Avro schema from " + type.getName() + ": " + e.getMessage(), e);
            }
        }
        throw new FormatException("Avro needs a record to take the schema from: give a Java record or an Avro "
                + "GenericRecord, not " + Descriptions.value(value)
                + (value instanceof Map<?, ?> || value instanceof String ? " (a map or JSON text has no schema of its own)"
                : ""));
    }

    private TopicWriter remembered(Schema schema) {
        known.add(schema);
        return new TopicWriter(schema, NAME);
    }

    /** The writer schemas this instance knows, for tests. */
    KnownSchemas knownSchemas() {
        return known;
    }
}
