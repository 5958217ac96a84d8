package dev.ferry.format.avro;

import dev.ferry.engine.spi.FormatException;
import dev.ferry.engine.spi.InputCodec;
import java.io.EOFException;
import java.io.IOException;
import org.apache.avro.AvroTypeException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.MissingSchemaException;

/**
 * Reads single-object encoded events: checks the header, finds the writer schema by the event's
 * fingerprint in the format's {@link KnownSchemas}, and has Avro's {@link BinaryMessageDecoder}
 * read the datum (resolved to the reader schema, if there is one, by Avro's schema resolution),
 * then turns the datum into the requested type. Thread-safe: the decoder keeps its buffers per
 * thread and its per-fingerprint decoders in a concurrent map, so one reader serves every consumer.
 */
final class SingleObjectReader implements InputCodec {

    /** Turns a datum, with the schema it was read in, into the value a function takes. */
    @FunctionalInterface
    interface Finish {
        Object apply(Object datum, Schema schema) throws FormatException;
    }

    private final BinaryMessageDecoder<Object> decoder;
    private final KnownSchemas known;
    private final Schema readerSchema;
    private final String target;
    private final Finish finish;

    /**
     * A reader.
     *
     * @param known        the writer schemas it can find
     * @param readerSchema the schema to resolve datums to, or null to read each in its writer's schema
     * @param target       what it reads events as, for messages, such as {@code com.acme.Prediction}
     * @param finish       what it does with each datum
     */
    SingleObjectReader(KnownSchemas known, Schema readerSchema, String target, Finish finish) {
        this.decoder = new BinaryMessageDecoder<>(GenericData.get(), readerSchema, known);
        this.known = known;
        this.readerSchema = readerSchema;
        this.target = target;
        this.finish = finish;
    }

    @Override
    public Object decode(byte[] value) throws FormatException {
        SingleObjectBytes.checkHeader(value);
        Object datum;
        try {
            datum = decoder.decode(value);
        } catch (MissingSchemaException e) {
            throw unknown(value);
        } catch (AvroTypeException e) {
            throw new FormatException("cannot be read as " + target + ": " + e.getMessage() + "; it was written "
                    + "with " + writer(value), e);
        } catch (IOException | RuntimeException e) {
            throw corrupt(value, e);
        }
        Schema schema = readerSchema != null ? readerSchema : known.findByFingerprint(SingleObjectBytes.fingerprint(value));
        return finish.apply(datum, schema);
    }

    private FormatException unknown(byte[] value) {
        return new FormatException("written with an Avro schema this app does not know (fingerprint "
                + KnownSchemas.hex(SingleObjectBytes.fingerprint(value)) + "): add the writer's .avsc to "
                + "plugins.avro.schemas");
    }

    private FormatException corrupt(byte[] value, Exception e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        if (cause instanceof EOFException) {
            return new FormatException("is truncated: its " + value.length + " bytes end before a datum of "
                    + writer(value) + " is complete", e);
        }
        String reason = cause.getMessage() != null ? cause.getMessage() : cause.toString();
        return new FormatException("is corrupt: it is not a datum of " + writer(value) + ": " + reason, e);
    }

    /** The event's writer schema as messages name it: {@code record com.acme.Prediction (fingerprint 0x...)}. */
    private String writer(byte[] value) {
        long fingerprint = SingleObjectBytes.fingerprint(value);
        Schema schema = known.findByFingerprint(fingerprint);
        return (schema == null ? "the writer's schema" : Descriptions.of(schema)) + " (fingerprint "
                + KnownSchemas.hex(fingerprint) + ")";
    }
}
