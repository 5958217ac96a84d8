package dev.ferry.image;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The files a Python app's image carries instead of a jar: the app's source files, from its folder,
 * under {@value ImageLayout#PYTHON_DIR} as they are there, and the packages its
 * {@code requirements.txt} installed, under {@value ImageLayout#PYTHON_LIBS_DIR}.
 *
 * @param root      the app's folder
 * @param file      the file that registers the app, in {@code root}
 * @param sources   every source file to carry, each in {@code root} (the file among them)
 * @param libraries the folder {@code pip install --target} filled from the requirements, if any
 */
public record PythonFiles(Path root, Path file, List<Path> sources, Optional<Path> libraries) {

    /** Checks that the file and the sources are in the app's folder. */
    public PythonFiles {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(libraries, "libraries");
        sources = List.copyOf(sources);
        Path r = root.toAbsolutePath().normalize();
        for (Path p : sources) {
            if (!p.toAbsolutePath().normalize().startsWith(r)) {
                throw new IllegalArgumentException(p + " is not in the app's folder " + root);
            }
        }
        if (!sources.contains(file)) {
            throw new IllegalArgumentException("the sources must include the app's file " + file);
        }
    }

    /** Where a source file is in the image. */
    public String pathOf(Path source) {
        return ImageLayout.PYTHON_DIR + "/" + root.toAbsolutePath().normalize()
                .relativize(source.toAbsolutePath().normalize()).toString().replace('\\', '/');
    }

    /** Where the app's file is in the image. */
    public String filePath() {
        return pathOf(file);
    }
}
