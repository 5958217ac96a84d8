package dev.ferry.proxy;

import dev.ferry.engine.AppDescriptor;
import dev.ferry.engine.FunctionRef;
import dev.ferry.engine.OutputDescriptor;
import dev.ferry.engine.spi.Format;
import dev.ferry.engine.spi.FormatException;
import dev.ferry.engine.spi.InputCodec;
import dev.ferry.engine.spi.OutputCodec;
import dev.ferry.engine.spi.ReaderContext;
import dev.ferry.engine.spi.WriterContext;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Validates an event's bytes against a schema document with the engine's own {@link Format}
 * plug-ins (found with {@link ServiceLoader}, as the engine finds them), so the proxy checks exactly
 * what the app's own validation checks and there is no second validator: the document becomes an
 * output codec ({@link Format#writer}), made once per format and document, and each event goes
 * through its {@link OutputCodec#encode}. A JSON event goes in as its text; an event of another
 * format is first read back with that format's reader.
 */
final class SchemaChecks {

    /** A document that is not a schema, or a format not on the proxy's classpath. */
    static final class Unusable extends Exception {
        private static final long serialVersionUID = 1L;

        Unusable(String message) {
            super(message);
        }
    }

    private record Key(String format, String schema) {
    }

    private record Codecs(OutputCodec writer, InputCodec reader) {
    }

    private final Map<String, Format> formats = new TreeMap<>();
    private final Map<Key, Codecs> codecs = new ConcurrentHashMap<>();
    private final AppDescriptor holder = AppDescriptor.builder("ferry-proxy").topics("ferry.proxy").origin("ferry proxy")
            .function(new FunctionRef("none", Map.of())).build(); // a holder for the formats' contexts; never run

    SchemaChecks() {
        for (Format f : ServiceLoader.load(Format.class, SchemaChecks.class.getClassLoader())) {
            formats.putIfAbsent(f.name(), f);
        }
    }

    /**
     * Checks {@code value} against {@code schema} in {@code format}.
     *
     * @return empty if it matches, else the violations ({@code $.path: reason; ...})
     * @throws Unusable if the schema or format cannot be used, saying why
     */
    Optional<String> violations(String format, String schema, String source, byte[] value) throws Unusable {
        Codecs c = codecs(format, schema, source);
        if (value == null) {
            return Optional.of("is null (a tombstone), which no schema of an output allows");
        }
        try {
            Object event = c.reader == null ? new String(value, StandardCharsets.UTF_8) : c.reader.decode(value);
            c.writer.encode(event);
            return Optional.empty();
        } catch (FormatException e) {
            return Optional.of(e.getMessage());
        }
    }

    private Codecs codecs(String format, String schema, String source) throws Unusable {
        Key key = new Key(format, schema);
        Codecs c = codecs.get(key);
        if (c != null) {
            return c;
        }
        Format f = formats.get(format);
        if (f == null) {
            throw new Unusable("format '" + format + "' is not on the proxy's classpath (it has " + String.join(", ",
                    formats.keySet()) + ")");
        }
        OutputDescriptor output = new OutputDescriptor("ferry.proxy", Optional.of(format), Optional.empty(),
                Optional.empty(), Optional.of(new OutputDescriptor.SchemaDocument(source, schema)));
        try {
            OutputCodec writer = f.writer(new WriterContext(holder, output, Optional.empty(), Optional.empty()));
            InputCodec reader = format.equals("json") ? null : f.reader(new ReaderContext(holder, Map.class));
            c = new Codecs(writer, reader);
        } catch (RuntimeException e) {
            throw new Unusable("the schema from " + source + " cannot be used: " + e.getMessage());
        }
        codecs.putIfAbsent(key, c);
        return c;
    }
}
