package dev.ferry.it;

import dev.ferry.engine.AppDescriptor;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

/** The app descriptor files under {@code src/test/resources/descriptors}. */
final class Descriptors {

    private Descriptors() {
    }

    /** The file {@code descriptors/<name>} as a path. */
    static Path path(String name) {
        URL url = Descriptors.class.getResource("/descriptors/" + name);
        if (url == null) {
            throw new IllegalArgumentException("no descriptors/" + name + " among the test resources");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The app {@code descriptors/<name>} describes, its classes loaded with the tests' class loader. */
    static AppDescriptor load(String name) {
        return AppDescriptor.load(path(name), Descriptors.class.getClassLoader());
    }
}
