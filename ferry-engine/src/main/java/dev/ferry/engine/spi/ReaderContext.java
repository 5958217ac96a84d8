package dev.ferry.engine.spi;

import dev.ferry.engine.AppDescriptor;
import java.lang.reflect.Type;
import java.util.Objects;

/**
 * What a {@link Format} is asked to read.
 *
 * @param app  the app whose inputs are read
 * @param type the type each value is decoded as: {@code String}, a {@code Map}, a tree or record
 *             type of the format's, an author's record type, or {@code byte[]} for the bytes as they
 *             are
 */
public record ReaderContext(AppDescriptor app, Type type) {

    /** Checks that nothing is null. */
    public ReaderContext {
        Objects.requireNonNull(app, "app");
        Objects.requireNonNull(type, "type");
    }

    /** How errors name these inputs: {@code @Ferry on com.acme.Predict#run: input topics client.signed_up}. */
    public String where() {
        return app.origin() + ": input topic" + (app.topics().size() == 1 ? " " : "s ") + String.join(", ", app.topics());
    }
}
