package dev.ferry.python;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code ferry} Python package, carried in this jar and unpacked once into a folder named by its
 * content's digest, so that every worker imports the package of the engine that drives it (whatever
 * an author may have installed with pip) and two engines of different versions never share one.
 */
final class PythonPackage {

    /** The package's modules, as they are in {@code src/main/python/ferry}; a test checks the list. */
    static final List<String> MODULES = List.of("__init__.py", "_calls.py", "_envelope.py", "_loader.py",
            "_registry.py", "describe.py", "schema.py", "testing.py", "validation.py", "worker.py");

    private static volatile Path unpacked;

    private PythonPackage() {
    }

    /** The folder to put on {@code PYTHONPATH}: it holds {@code ferry/}. */
    static Path root() {
        Path root = unpacked;
        if (root == null) {
            synchronized (PythonPackage.class) {
                root = unpacked;
                if (root == null) {
                    root = unpack(contents());
                    unpacked = root;
                }
            }
        }
        return root;
    }

    private static Map<String, byte[]> contents() {
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (String module : MODULES) {
            String resource = "package/ferry/" + module;
            try (InputStream in = PythonPackage.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("the ferry Python package is incomplete: " + resource
                            + " is not on the classpath next to " + PythonPackage.class.getName());
                }
                files.put(module, in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + resource, e);
            }
        }
        return files;
    }

    private static Path unpack(Map<String, byte[]> files) {
        Path target = Path.of(System.getProperty("java.io.tmpdir"), "ferry-python-" + digest(files));
        if (Files.isDirectory(target.resolve("ferry"))) {
            return target;
        }
        try {
            Path staging = Files.createTempDirectory(target.getParent(), target.getFileName() + ".");
            Path dir = Files.createDirectory(staging.resolve("ferry"));
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                Files.write(dir.resolve(f.getKey()), f.getValue());
            }
            try {
                Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
                deleteQuietly(staging); // another engine unpacked the same package first
            } catch (IOException e) {
                if (!Files.isDirectory(target.resolve("ferry"))) {
                    throw e;
                }
                deleteQuietly(staging);
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack the ferry Python package into " + target, e);
        }
    }

    private static String digest(Map<String, byte[]> files) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            files.forEach((name, bytes) -> {
                sha.update(name.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                sha.update(bytes);
            });
            return HexFormat.of().formatHex(sha.digest(), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a staging folder left in the temporary directory is harmless
        }
    }
}
