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
 * on their way to its sink, in {@link RowCodec}'s binary form. They never reach Kafka, and the
 * mapper has already checked every value against its column, so this format only encodes. Its
 * schema, as the app announces it, is the document the materialization declares. Not an input
 * format: an app cannot read it.
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
            public byte[] encode(Object value) throws FormatException {
                return RowFormat.this.encode(value);
            }
        };
    }

    @Override
    public byte[] encode(Object value) throws FormatException {
        if (!(value instanceof Row row)) {
            throw new FormatException("a " + NAME + " event is a materialized Row, not " + value.getClass().getName());
        }
        return RowCodec.encode(row);
    }
}
