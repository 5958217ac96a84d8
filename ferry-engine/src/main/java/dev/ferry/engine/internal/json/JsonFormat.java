package dev.ferry.engine.internal.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.ferry.engine.spi.Format;
import dev.ferry.engine.spi.FormatException;
import dev.ferry.engine.spi.InputCodec;
import dev.ferry.engine.spi.OutputCodec;
import dev.ferry.engine.spi.ReaderContext;
import dev.ferry.engine.spi.WriterContext;
import java.nio.charset.StandardCharsets;

/**
 * The built-in format, {@code json}: events are UTF-8 JSON text; each output topic's schema is a
 * JSON Schema (draft 2020-12 unless a document says otherwise), derived from a record type (every
 * component required, no nulls, no extra fields) or read from a document, or both (events must then
 * match both). Written only against the SPI, as any other format is.
 */
public final class JsonFormat implements Format {

    /** The name profiles and annotations use. */
    public static final String NAME = "json";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public InputCodec reader(ReaderContext context) {
        return JsonReaders.of(context.type());
    }

    @Override
    public OutputCodec writer(WriterContext context) {
        return JsonOutputCodec.of(context);
    }

    @Override
    public byte[] encode(Object value) throws FormatException {
        if (value instanceof String s) {
            return s.getBytes(StandardCharsets.UTF_8);
        }
        try {
            return Json.MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new FormatException("cannot be written as JSON: " + Json.describe(e), e);
        }
    }
}
