package dev.ferry.engine.internal;

import dev.ferry.engine.ProfileException;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Finds a plug-in by name among those {@link ServiceLoader} sees, so that a platform team adds one
 * by putting a jar on the classpath. A name that matches none is an error listing those there are;
 * two plug-ins of one kind with the same name are an error too (which one would run is undefined).
 */
final class Plugins {

    private Plugins() {
    }

    /**
     * A new instance of the plug-in of type {@code type} named {@code name}.
     *
     * @param kind  how messages name the kind, such as {@code format}
     * @param where where the name was chosen, such as {@code platform profile ferry.yaml: format}
     */
    static <T> T find(Class<T> type, Function<T, String> nameOf, String name, ClassLoader loader, String kind,
                      String where) {
        TreeMap<String, List<T>> byName = new TreeMap<>();
        try {
            for (T plugin : ServiceLoader.load(type, loader)) {
                byName.computeIfAbsent(nameOf.apply(plugin), k -> new ArrayList<>()).add(plugin);
            }
        } catch (ServiceConfigurationError e) {
            Throwable cause = e.getCause();
            throw new ProfileException("a " + kind + " plug-in on the classpath cannot be loaded: " + e.getMessage()
                    + (cause == null ? "" : " (" + cause + ")") + "; check the jar that lists it in META-INF/services/"
                    + type.getName() + " and that its dependencies are on the classpath too", e);
        }
        List<T> found = byName.get(name);
        if (found == null) {
            throw new ProfileException(where + ": no " + kind + " named '" + name + "' on the classpath; there "
                    + (byName.isEmpty() ? "is none" : (byName.size() == 1 ? "is " : "are ") + String.join(", ",
                    byName.keySet())) + ". Put the jar that provides it on the classpath (it lists its class in "
                    + "META-INF/services/" + type.getName() + "), or choose one of those");
        }
        if (found.size() > 1) {
            throw new ProfileException(where + ": " + found.size() + " " + kind + " plug-ins are named '" + name + "' ("
                    + String.join(", ", found.stream().map(p -> p.getClass().getName()).toList())
                    + "): remove all but one from the classpath");
        }
        return found.get(0);
    }
}
