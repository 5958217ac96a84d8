package dev.ferry.it.plugins;

import dev.ferry.engine.AppDefinitionException;
import dev.ferry.engine.ProfileException;
import dev.ferry.engine.spi.Format;
import dev.ferry.engine.spi.FormatException;
import dev.ferry.engine.spi.InputCodec;
import dev.ferry.engine.spi.OutputCodec;
import dev.ferry.engine.spi.OutputSchema;
import dev.ferry.engine.spi.PluginContext;
import dev.ferry.engine.spi.ReaderContext;
import dev.ferry.engine.spi.WriterContext;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A format plug-in as a platform team would add one, proving that {@code Format} is a seam:
 * {@value #NAME}, events that are plain UTF-8 text. An output topic's schema is a document holding a
 * Java regular expression that every event must match whole (language {@code regex}); the profile's
 * {@code plugins.text.max-length} (default none) caps every output event's length.
 */
public final class TextFormat implements Format {

    /** The name profiles and descriptors use. */
    public static final String NAME = "text";

    private int maxLength = Integer.MAX_VALUE;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void configure(PluginContext context) {
        String v = context.setting("max-length", null);
        if (v == null) {
            return;
        }
        try {
            maxLength = Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            maxLength = 0;
        }
        if (maxLength < 1) {
            throw new ProfileException(context.sourceOf("max-length") + ": expected a positive whole number of "
                    + "characters, got '" + v + "'");
        }
    }

    @Override
    public InputCodec reader(ReaderContext context) {
        if (context.type() == String.class) {
            return bytes -> new String(bytes, StandardCharsets.UTF_8);
        }
        if (context.type() == byte[].class) {
            return bytes -> bytes;
        }
        throw new AppDefinitionException("the text format cannot read input events as "
                + context.type().getTypeName() + ": it reads String or byte[]");
    }

    @Override
    public OutputCodec writer(WriterContext context) {
        if (context.output().document().isEmpty() || context.type().isPresent() || context.payloadType().isPresent()) {
            throw new AppDefinitionException(context.where() + ": the text format takes a schema document holding a "
                    + "regular expression (schema-file or schema-resource), and no record type");
        }
        String regex = context.output().document().get().text().strip();
        Pattern pattern;
        try {
            pattern = Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new AppDefinitionException(context.where() + ": its schema is not a regular expression: "
                    + e.getDescription());
        }
        OutputSchema schema = new OutputSchema(NAME, "regex", regex);
        int max = maxLength;
        return new OutputCodec() {
            @Override
            public OutputSchema schema() {
                return schema;
            }

            @Override
            public byte[] encode(Object value) throws FormatException {
                if (!(value instanceof CharSequence text)) {
                    throw new FormatException("expected text, got " + value.getClass().getName());
                }
                if (text.length() > max) {
                    throw new FormatException("'" + text + "' is " + text.length() + " characters, more than "
                            + "max-length " + max);
                }
                if (!pattern.matcher(text).matches()) {
                    throw new FormatException("'" + text + "' does not match " + regex);
                }
                return text.toString().getBytes(StandardCharsets.UTF_8);
            }
        };
    }

    @Override
    public byte[] encode(Object value) throws FormatException {
        if (!(value instanceof CharSequence text)) {
            throw new FormatException("expected text, got " + value.getClass().getName());
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }
}
