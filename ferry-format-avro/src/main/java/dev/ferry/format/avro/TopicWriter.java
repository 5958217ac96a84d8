package dev.ferry.format.avro;

import dev.ferry.engine.spi.FormatException;
import dev.ferry.engine.spi.OutputCodec;
import dev.ferry.engine.spi.OutputSchema;
import java.io.IOException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.message.BinaryMessageEncoder;

/**
 * Validates and encodes the events of one output topic: converts each value to the topic's schema
 * ({@link DatumConverter}, which lists every violation) and writes it in single-object encoding,
 * so every event carries its schema's fingerprint. Built once per topic at start-up; thread-safe
 * (Avro's encoder keeps its buffer per thread).
 */
final class TopicWriter implements OutputCodec {

    private final DatumConverter converter;
    private final BinaryMessageEncoder<Object> encoder;
    private final OutputSchema described;

    TopicWriter(Schema schema, String format) {
        this.converter = DatumConverter.of(schema);
        this.encoder = new BinaryMessageEncoder<>(GenericData.get(), schema);
        this.described = new OutputSchema(format, "avro", schema.toString());
    }

    @Override
    public OutputSchema schema() {
        return described;
    }

    /** The Avro schema itself. */
    Schema avroSchema() {
        return converter.schema();
    }

    @Override
    public byte[] encode(Object value) throws FormatException {
        Object datum = converter.toDatum(value);
        try {
            return encoder.encode(datum).array();
        } catch (IOException | RuntimeException e) {
            throw new FormatException("cannot be written in Avro: " + e, e);
        }
    }
}
