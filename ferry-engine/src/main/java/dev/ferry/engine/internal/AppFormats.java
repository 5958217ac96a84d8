package dev.ferry.engine.internal;

import dev.ferry.engine.AppDefinitionException;
import dev.ferry.engine.AppDescriptor;
import dev.ferry.engine.OutputDescriptor;
import dev.ferry.engine.PlatformProfile;
import dev.ferry.engine.ProfileException;
import dev.ferry.engine.spi.Format;
import dev.ferry.engine.spi.InputCodec;
import dev.ferry.engine.spi.OutputCodec;
import dev.ferry.engine.spi.OutputSchema;
import dev.ferry.engine.spi.PluginContext;
import dev.ferry.engine.spi.ReaderContext;
import dev.ferry.engine.spi.WriterContext;
import java.lang.reflect.Type;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The formats of one app, resolved once at start-up: the input format (the app's {@code inputFormat},
 * else the profile's {@code format}) and each output topic's (its {@code format}, else the
 * profile's), one configured {@link Format} instance per name, and every output's codec, so a broken
 * schema fails before anything is consumed.
 */
final class AppFormats {

    private final AppDescriptor app;
    private final PluginContexts contexts;
    private final Map<String, Format> byName = new HashMap<>();
    private final Format input;
    private final String inputWhere;
    private final Map<String, Format> outputFormats = new LinkedHashMap<>();
    private final Map<String, OutputCodec> codecs = new LinkedHashMap<>();
    private final Map<Type, InputCodec> readers = new HashMap<>();

    AppFormats(AppDescriptor app, PlatformProfile profile, PluginContexts contexts) {
        this.app = app;
        this.contexts = contexts;
        this.inputWhere = app.inputFormat().isPresent() ? app.origin() + ": inputFormat" : profile.source("format");
        this.input = format(app.inputFormat().orElse(profile.format()), inputWhere, app.inputFormat().isPresent());
        for (OutputDescriptor o : app.outputs()) {
            boolean declared = o.format().isPresent();
            Format f = format(o.format().orElse(profile.format()),
                    declared ? app.origin() + ": output topic '" + o.topic() + "': format" : profile.source("format"),
                    declared);
            outputFormats.put(o.topic(), f);
            codecs.put(o.topic(), f.writer(new WriterContext(app, o, load(o.type(), o, "schema"),
                    load(o.payloadType(), o, "payload"))));
        }
    }

    private Format format(String name, String where, boolean byAuthor) {
        Format known = byName.get(name);
        if (known != null) {
            return known;
        }
        Format f;
        try {
            f = Plugins.find(Format.class, Format::name, name, app.classLoader(), "format", where);
        } catch (ProfileException e) {
            if (byAuthor) {
                throw new AppDefinitionException(e.getMessage(), e.getCause());
            }
            throw e;
        }
        f.configure(contexts.of(name));
        byName.put(name, f);
        return f;
    }

    private Optional<Class<?>> load(Optional<String> name, OutputDescriptor o, String what) {
        if (name.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Class.forName(name.get(), false, app.classLoader()));
        } catch (ClassNotFoundException | LinkageError e) {
            throw new AppDefinitionException(app.origin() + ": output topic '" + o.topic() + "': " + what + " type "
                    + name.get() + " is not on the classpath (" + e + ")", e);
        }
    }

    /** A reader of the inputs as {@code type}, made once per type. */
    synchronized InputCodec reader(Type type) {
        InputCodec r = readers.get(type);
        if (r == null) {
            try {
                r = input.reader(new ReaderContext(app, type));
            } catch (AppDefinitionException e) {
                throw new AppDefinitionException(app.origin() + ": " + e.getMessage() + " (input format '"
                        + input.name() + "', from " + inputWhere + ")", e);
            }
            readers.put(type, r);
        }
        return r;
    }

    /** Each output topic's codec, in declaration order. */
    Map<String, OutputCodec> codecs() {
        return codecs;
    }

    /** Each output topic's schema, in declaration order. */
    Map<String, OutputSchema> schemas() {
        Map<String, OutputSchema> out = new LinkedHashMap<>();
        codecs.forEach((topic, codec) -> out.put(topic, codec.schema()));
        return out;
    }

    /** The input format. */
    Format input() {
        return input;
    }

    /** The format of an output topic, or of the inputs for any other topic. */
    Format of(String topic) {
        return outputFormats.getOrDefault(topic, input);
    }

    /** Makes the context each plug-in is given: the app, its guarantee and the plug-in's own settings. */
    record PluginContexts(AppDescriptor app, PlatformProfile profile) {
        PluginContext of(String plugin) {
            return new PluginContext(app, profile.guarantee(), profile.pluginSettings(plugin),
                    profile.pluginSources(plugin));
        }
    }
}
