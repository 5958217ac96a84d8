package dev.ferry.format.avro;

import dev.ferry.engine.AppDescriptor;
import dev.ferry.engine.FunctionRef;
import dev.ferry.engine.Guarantee;
import dev.ferry.engine.OutputDescriptor;
import dev.ferry.engine.spi.PluginContext;
import dev.ferry.engine.spi.ReaderContext;
import dev.ferry.engine.spi.WriterContext;
import java.lang.reflect.Type;
import java.util.Map;
import java.util.Optional;

/** Builds the contexts the engine would give the format, by hand. */
final class Contexts {

    static final String TOPIC = "predict.topic";

    private Contexts() {
    }

    /** An app with one Avro output topic declared as given. */
    static AppDescriptor app(OutputDescriptor output) {
        return AppDescriptor.builder("predict-foo").topics("client.signed_up").output(output)
                .function(FunctionRef.java("com.acme.Predict", "run")).build();
    }

    /** The writer of a topic whose events are {@code type}. */
    static WriterContext ofType(Class<?> type) {
        OutputDescriptor o = new OutputDescriptor(TOPIC, Optional.of("avro"), Optional.of(type.getName()),
                Optional.empty(), Optional.empty());
        return new WriterContext(app(o), o, Optional.of(type), Optional.empty());
    }

    /** The writer of a topic whose events are the standard envelope of {@code payload}. */
    static WriterContext ofPayload(Class<?> payload) {
        OutputDescriptor o = new OutputDescriptor(TOPIC, Optional.of("avro"), Optional.empty(),
                Optional.of(payload.getName()), Optional.empty());
        return new WriterContext(app(o), o, Optional.empty(), Optional.of(payload));
    }

    /** The writer of a topic with a schema document, and the type if not null. */
    static WriterContext ofDocument(String source, String avsc, Class<?> type) {
        OutputDescriptor o = new OutputDescriptor(TOPIC, Optional.of("avro"),
                Optional.ofNullable(type).map(Class::getName), Optional.empty(),
                Optional.of(new OutputDescriptor.SchemaDocument(source, avsc)));
        return new WriterContext(app(o), o, Optional.ofNullable(type), Optional.empty());
    }

    /** A reader of the app's inputs as {@code type}. */
    static ReaderContext reader(Type type) {
        return new ReaderContext(app(OutputDescriptor.ofType(TOPIC, Events.Prediction.class)), type);
    }

    /** The format's settings, each from the given source. */
    static PluginContext plugin(Map<String, String> settings, String source) {
        Map<String, String> sources = new java.util.HashMap<>();
        settings.keySet().forEach(k -> sources.put(k, source + ": plugins.avro." + k));
        return new PluginContext(app(OutputDescriptor.ofType(TOPIC, Events.Prediction.class)), Guarantee.AT_LEAST_ONCE,
                settings, sources);
    }
}
