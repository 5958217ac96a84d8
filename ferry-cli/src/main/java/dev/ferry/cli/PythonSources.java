package dev.ferry.cli;

import dev.ferry.image.PythonFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What a Python app's image carries, gathered from its folder: the file, the other {@code .py}
 * files beside it and the packages under it (folders with an {@code __init__.py}), and, when a
 * {@code requirements.txt} is beside the file, the packages it names, installed with
 * {@code python3 -m pip install --target} (from the folder, so its own options such as
 * {@code --find-links wheels} and {@code --no-index} apply as written).
 */
final class PythonSources {

    static final String REQUIREMENTS = "requirements.txt";

    private PythonSources() {
    }

    /**
     * The app's files; its requirements installed into {@code libsDir} (emptied first) with {@code python}.
     *
     * @throws CliException when pip fails, with its output
     */
    static PythonFiles gather(Path file, String python, Path libsDir) {
        Path root = file.toAbsolutePath().normalize().getParent();
        Path app = file.toAbsolutePath().normalize();
        List<Path> sources = new ArrayList<>();
        try (Stream<Path> top = Files.list(root)) {
            for (Path p : top.sorted().toList()) {
                if (Files.isRegularFile(p) && p.toString().endsWith(".py")) {
                    sources.add(p);
                } else if (Files.isDirectory(p) && Files.isRegularFile(p.resolve("__init__.py"))) {
                    sources.addAll(packageFiles(p));
                }
            }
        } catch (IOException e) {
            throw new CliException("cannot read the app's folder " + root + ": " + e.getMessage(), e);
        }
        Path requirements = root.resolve(REQUIREMENTS);
        Optional<Path> libraries = Files.isRegularFile(requirements)
                ? Optional.of(install(requirements, python, libsDir)) : Optional.empty();
        return new PythonFiles(root, app, sources, libraries);
    }

    private static List<Path> packageFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> !p.toString().contains("__pycache__") && !p.toString().endsWith(".pyc"))
                    .sorted().toList();
        }
    }

    private static Path install(Path requirements, String python, Path libsDir) {
        LoadedApp.deleteTree(libsDir);
        List<String> command = List.of(python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                "--no-warn-script-location", "--target", libsDir.toAbsolutePath().toString(), "-r", REQUIREMENTS);
        try {
            Files.createDirectories(libsDir);
            Process p = new ProcessBuilder(command).directory(requirements.getParent().toFile())
                    .redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new CliException("pip did not install " + requirements + " within 10 minutes");
            }
            if (p.exitValue() != 0) {
                throw new CliException("cannot install the app's requirements (" + requirements + ") with '"
                        + String.join(" ", command) + "': pip exited with " + p.exitValue() + ":\n" + out.strip());
            }
            return libsDir;
        } catch (IOException e) {
            throw new CliException("cannot run pip with the Python interpreter '" + python + "' to install "
                    + requirements + ": " + e.getMessage() + "; set plugins.python.executable", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted while pip installed " + requirements, e);
        }
    }
}
