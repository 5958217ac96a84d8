package dev.ferry.materialize;

import dev.ferry.engine.AppDefinitionException;
import dev.ferry.engine.spi.Format;
import dev.ferry.engine.spi.FormatException;
import dev.ferry.engine.spi.InputCodec;
import dev.ferry.engine.spi.OutputCodec;
import dev.ferry.engine.spi.OutputSchema;
import dev.ferry.engine.spi.ReaderContext;
import dev.ferry.engine.spi.WriterContext;

/**
 * The format of a materialization's output, {@value #NAME}: the rows its function maps from events,
 * on their way to its sink. They never reach Kafka, and the mapper has already checked every value
 * against its column, so the engine hands each {@link Row} to the sink as it is, in this process
 * ({@link OutputCodec#inProcess()}): encoding the rows to bytes and decoding them again in the sink,
 * with a copy of every value each way, was about a third of a PostgreSQL materializer's CPU. Its
 * schema, as the app announces it, is the document the materialization declares. Not an input
 * format, and its events are never bytes: an app cannot read it, and nothing encodes it.
 */
public final class RowFormat implements Format {

    /** The format's name. */
    public static final String NAME = "ferry-row";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public InputCodec reader(ReaderContext context) {
        throw new AppDefinitionException(context.where() + ": format '" + NAME + "' is a materialization's rows "
                + "between its function and its sink, not an input format");
    }

    @Override
    public OutputCodec writer(WriterContext context) {
        String document = context.output().document().map(d -> d.text()).orElse("{\"type\": \"object\"}");
        OutputSchema schema = new OutputSchema(NAME, "json-schema", document);
        return new OutputCodec() {
            @Override
            public OutputSchema schema() {
                return schema;
            }

            @Override
            public boolean inProcess() {
                return true;
            }

            @Override
            public void check(Object value) throws FormatException {
                if (!(value instanceof Row)) {
                    throw new FormatException("a " + NAME + " event is a materialized Row, not "
                            + value.getClass().getName());
                }
            }

            @Override
            public byte[] encode(Object value) throws FormatException {
                return RowFormat.this.encode(value);
            }
        };
    }

    /** Refuses: a materialization's rows go to its sink as objects, never as bytes. */
    @Override
    public byte[] encode(Object value) throws FormatException {
        throw new FormatException("format '" + NAME + "' is a materialization's rows on their way to its sink in the "
                + "same process; they are never written as bytes");
    }
}
