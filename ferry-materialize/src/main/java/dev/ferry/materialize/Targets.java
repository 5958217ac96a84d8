package dev.ferry.materialize;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/** Finds the {@link MaterializeTarget} a file's {@code target.type} names, on the classpath. */
final class Targets {

    private Targets() {
    }

    static MaterializeTarget find(String type, String file) {
        List<String> there = new ArrayList<>();
        for (MaterializeTarget t : ServiceLoader.load(MaterializeTarget.class, Targets.class.getClassLoader())) {
            if (t.type().equals(type)) {
                return t;
            }
            there.add(t.type());
        }
        there.sort(null);
        throw new MaterializeException("materialize file " + file + ": target.type: no target '" + type + "' on the "
                + "classpath; there are " + String.join(", ", there) + " (a target is listed in "
                + "META-INF/services/" + MaterializeTarget.class.getName() + ")");
    }
}
