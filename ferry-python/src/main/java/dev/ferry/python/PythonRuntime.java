package dev.ferry.python;

import dev.ferry.engine.AppDefinitionException;
import dev.ferry.engine.AppDescriptor;
import dev.ferry.engine.spi.AppFunction;
import dev.ferry.engine.spi.FunctionContext;
import dev.ferry.engine.spi.FunctionRuntime;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The {@code python} function runtime: runs a function registered with {@code @ferry.register} in a
 * Python file ({@code function: {runtime: python, file: my_consumer.py}}) in one worker process per
 * consumer, started when the consumer is made, so that a file that does not import fails the app's
 * start with its traceback. The profile's {@code plugins.python.*} keys: {@code executable},
 * {@code timeout}, {@code path} (see {@link PythonSettings}).
 */
public final class PythonRuntime implements FunctionRuntime {

    /** The runtime's name in descriptors. */
    public static final String NAME = "python";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public AppFunction create(FunctionContext context) {
        AppDescriptor app = context.app();
        String file = app.function().setting("file");
        if (file == null) {
            throw new AppDefinitionException(app.origin() + ": the python runtime needs the function's file, e.g. "
                    + "function: {runtime: python, file: my_consumer.py}");
        }
        Path path = Path.of(file);
        if (!Files.isRegularFile(path)) {
            throw new AppDefinitionException(app.origin() + ": function.file " + file + ": no such file");
        }
        PythonSettings settings = PythonSettings.of(context.settings());
        try {
            return new PythonFunction(app.name(), path, settings, WorkerProcess.start(app.name(), path, settings));
        } catch (WorkerException e) {
            throw new AppDefinitionException("app '" + app.name() + "': " + e.getMessage(), e);
        }
    }
}
