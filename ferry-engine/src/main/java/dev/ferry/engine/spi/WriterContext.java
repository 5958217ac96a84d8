package dev.ferry.engine.spi;

import dev.ferry.engine.AppDescriptor;
import dev.ferry.engine.OutputDescriptor;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link Format} is asked to write: one output topic of an app, with the classes its
 * descriptor names already loaded.
 *
 * @param app         the app
 * @param output      the output topic as declared
 * @param type        the record or bean class each event is, if declared with {@code schema}
 * @param payloadType the payload class of the standard envelope, if declared with {@code payload}
 *                    (then {@code type} is empty: each event is an {@code Envelope} of it)
 */
public record WriterContext(AppDescriptor app, OutputDescriptor output, Optional<Class<?>> type,
                            Optional<Class<?>> payloadType) {

    /** Checks that nothing is null. */
    public WriterContext {
        Objects.requireNonNull(app, "app");
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(payloadType, "payloadType");
    }

    /** How errors name this output: {@code @Ferry on com.acme.Predict#run: output topic 'predict.topic'}. */
    public String where() {
        return app.origin() + ": output topic '" + output.topic() + "'";
    }
}
