package dev.ferry.format.avro;

import dev.ferry.api.Envelope;
import dev.ferry.api.Metadata;
import dev.ferry.engine.spi.InputCodec;
import dev.ferry.engine.spi.OutputCodec;
import dev.ferry.format.avro.Events.Prediction;
import java.lang.reflect.Type;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Measures what one event costs to validate and encode, and to decode, on one thread: not a test (it
 * asserts nothing), run by hand:
 * {@code java -cp target/classes:target/test-classes:<dependencies> dev.ferry.format.avro.CostMeasurement}.
 */
public final class CostMeasurement {

    private static final int WARM_UP = 300_000;
    private static final int MEASURED = 1_000_000;
    private static volatile Object sink;

    private CostMeasurement() {
    }

    public static void main(String[] args) throws Exception {
        AvroFormat format = new AvroFormat();
        OutputCodec writer = format.writer(Contexts.ofPayload(Prediction.class));
        Envelope<Prediction> event = new Envelope<>(new Metadata("2026-11-25T09:30:00.123Z",
                "0b7f2a3c-5d1e-4f6a-9b8c-7d6e5f4a3b2c", "1"), new Prediction(0.75f, 42));
        Map<String, Object> map = Map.of("metadata", Map.of("timestamp", "2026-11-25T09:30:00.123Z",
                "id", "0b7f2a3c-5d1e-4f6a-9b8c-7d6e5f4a3b2c", "version", "1"),
                "payload", Map.of("some_prediction_value", 0.75f, "client", 42));
        String json = "{\"metadata\":{\"timestamp\":\"2026-11-25T09:30:00.123Z\",\"id\":"
                + "\"0b7f2a3c-5d1e-4f6a-9b8c-7d6e5f4a3b2c\",\"version\":\"1\"},\"payload\":{\"some_prediction_value\":"
                + "0.75,\"client\":42}}";
        byte[] bytes = writer.encode(event);
        System.out.println("event: " + bytes.length + " bytes (the same as JSON: " + json.length() + ")");
        org.apache.avro.Schema schema = new org.apache.avro.Schema.Parser().parse(writer.schema().document());
        Object datum = format.reader(Contexts.reader(org.apache.avro.generic.GenericRecord.class)).decode(bytes);
        org.apache.avro.message.BinaryMessageEncoder<Object> avroAlone = new org.apache.avro.message.BinaryMessageEncoder<>(
                org.apache.avro.generic.GenericData.get(), schema);
        measure("Avro alone: encode a GenericRecord", () -> {
            try {
                return avroAlone.encode(datum).array();
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        });
        org.apache.avro.generic.GenericDatumWriter<Object> datumWriter = new org.apache.avro.generic.GenericDatumWriter<>(
                schema);
        byte[] header = java.util.Arrays.copyOf(bytes, SingleObjectBytes.HEADER_LENGTH);
        measure("Avro alone, a new encoder per call", () -> {
            try {
                java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(128);
                out.write(header);
                org.apache.avro.io.BinaryEncoder e = org.apache.avro.io.EncoderFactory.get().directBinaryEncoder(out, null);
                datumWriter.write(datum, e);
                return out.toByteArray();
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        });
        measure("encode a record   ", () -> encode(writer, event));
        measure("encode a map      ", () -> encode(writer, map));
        measure("encode JSON text  ", () -> encode(writer, json));
        OutputCodec everything = format.writer(Contexts.ofType(Events.Everything.class));
        Events.Everything sample = Events.Everything.sample();
        measure("encode Everything (20 components)", () -> encode(everything, sample));
        InputCodec everythingReader = format.reader(Contexts.reader(Events.Everything.class));
        byte[] sampleBytes = everything.encode(sample);
        measure("decode as Everything", () -> decode(everythingReader, sampleBytes));
        for (Type type : new Type[] {OutputSchemas.envelopeOf(Prediction.class), Map.class, String.class,
                org.apache.avro.generic.GenericRecord.class}) {
            InputCodec reader = format.reader(Contexts.reader(type));
            measure("decode as " + type.getTypeName().replace("dev.ferry.format.avro.Events$", "")
                    .replace("dev.ferry.api.", "").replace("org.apache.avro.generic.", ""), () -> decode(reader, bytes));
        }
    }

    private static Object encode(OutputCodec writer, Object value) {
        try {
            return writer.encode(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object decode(InputCodec reader, byte[] bytes) {
        try {
            return reader.decode(bytes);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void measure(String what, Supplier<Object> run) {
        for (int i = 0; i < WARM_UP; i++) {
            sink = run.get();
        }
        long best = Long.MAX_VALUE;
        for (int round = 0; round < 3; round++) {
            long start = System.nanoTime();
            for (int i = 0; i < MEASURED; i++) {
                sink = run.get();
            }
            best = Math.min(best, System.nanoTime() - start);
        }
        System.out.printf("%-40s %6.0f ns per event%n", what, (double) best / MEASURED);
    }
}
