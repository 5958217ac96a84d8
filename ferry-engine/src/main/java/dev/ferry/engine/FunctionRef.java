package dev.ferry.engine;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Which code an app runs, as data: the name of the function runtime that calls it and that
 * runtime's own settings. The built-in {@code java} runtime takes {@code class} and {@code method};
 * other runtimes (found with {@link java.util.ServiceLoader}, see {@link dev.ferry.engine.spi.FunctionRuntime})
 * take their own.
 *
 * @param runtime  the runtime's name, such as {@code java}
 * @param settings the runtime's settings, such as {@code class} and {@code method}
 */
public record FunctionRef(String runtime, Map<String, String> settings) {

    /** The name of the built-in runtime that calls a Java method. */
    public static final String JAVA = "java";

    /** Freezes the settings. */
    public FunctionRef {
        Objects.requireNonNull(runtime, "runtime");
        settings = Map.copyOf(settings);
    }

    /** A Java method: its class's binary name and the method's name. */
    public static FunctionRef java(String className, String method) {
        return new FunctionRef(JAVA, Map.of("class", className, "method", method));
    }

    /** A setting, or null. */
    public String setting(String key) {
        return settings.get(key);
    }

    @Override
    public String toString() {
        return runtime + " " + new TreeMap<>(settings);
    }
}
