package dev.ferry.python;

import dev.ferry.engine.AppDefinitionException;
import dev.ferry.engine.Durations;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The python runtime's settings from the profile ({@code plugins.python.*}): which interpreter, how
 * long a batch may take before its worker is taken as hung, and extra import paths.
 *
 * @param executable the interpreter (default {@code python3}, found on {@code PATH})
 * @param timeout    how long one batch may take in the worker (default 60 s) before the worker is
 *                   killed and the batch failed, as a hung function
 * @param path       folders put on {@code PYTHONPATH} after Ferry's package and the app's folder
 */
record PythonSettings(String executable, Duration timeout, List<Path> path) {

    static final String EXECUTABLE = "executable";
    static final String TIMEOUT = "timeout";
    static final String PATH = "path";

    static PythonSettings of(Map<String, String> settings) {
        for (String key : settings.keySet()) {
            if (!List.of(EXECUTABLE, TIMEOUT, PATH).contains(key)) {
                throw new AppDefinitionException("plugins.python." + key + " is not a setting of the python runtime; "
                        + "it has executable, timeout and path");
            }
        }
        Duration timeout;
        try {
            timeout = Durations.parse(settings.getOrDefault(TIMEOUT, "60s"));
        } catch (IllegalArgumentException e) {
            throw new AppDefinitionException("plugins.python.timeout: " + e.getMessage(), e);
        }
        if (timeout.isZero() || timeout.isNegative()) {
            throw new AppDefinitionException("plugins.python.timeout must be more than 0, got "
                    + settings.get(TIMEOUT));
        }
        List<Path> path = new ArrayList<>();
        for (String p : settings.getOrDefault(PATH, "").split(File.pathSeparator)) {
            if (!p.isBlank()) {
                path.add(Path.of(p.trim()));
            }
        }
        return new PythonSettings(settings.getOrDefault(EXECUTABLE, "python3"), timeout, List.copyOf(path));
    }

    /** The {@code PYTHONPATH} of a worker for a file in {@code appFolder}. */
    String pythonPath(Path appFolder) {
        List<String> entries = new ArrayList<>();
        entries.add(PythonPackage.root().toString());
        entries.add(appFolder.toString());
        path.forEach(p -> entries.add(p.toString()));
        return String.join(File.pathSeparator, entries);
    }
}
