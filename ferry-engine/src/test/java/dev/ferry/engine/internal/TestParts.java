package dev.ferry.engine.internal;

import dev.ferry.engine.AppDescriptor;
import dev.ferry.engine.PlatformProfile;
import java.util.List;

/** Builds the engine's parts for one app as the launcher does, for unit tests of those parts. */
final class TestParts {

    private TestParts() {
    }

    /** The processor (input format, Java function, output formats) of the one {@code @Ferry} app of a class. */
    static BatchProcessor processor(Class<?> app) {
        return processor(AppDescriptor.of(app), new Listeners("test", List.of()));
    }

    /** The input decoder of the one {@code @Ferry} app of a class: its input format, as its function takes events. */
    static InputDecoder decoder(Class<?> app) {
        AppDescriptor descriptor = AppDescriptor.of(app);
        PlatformProfile profile = PlatformProfile.builder().build();
        AppFormats.PluginContexts contexts = new AppFormats.PluginContexts(descriptor, profile);
        AppFormats formats = new AppFormats(descriptor, profile, contexts);
        try (var function = AppLauncher.runtime(descriptor).create(new dev.ferry.engine.spi.FunctionContext(descriptor,
                0, contexts.of("java")))) {
            return new InputDecoder(formats.reader(function.inputType()));
        }
    }

    /** The processor of an app, telling {@code listeners} of each call. */
    static BatchProcessor processor(AppDescriptor app, Listeners listeners) {
        PlatformProfile profile = PlatformProfile.builder().build();
        AppFormats.PluginContexts contexts = new AppFormats.PluginContexts(app, profile);
        AppFormats formats = new AppFormats(app, profile, contexts);
        return AppLauncher.processor(app, AppLauncher.runtime(app), contexts, formats, listeners, 0);
    }
}
