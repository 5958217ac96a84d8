package dev.ferry.it.image;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.TarImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A base image made on this machine, since no registry outside it is reachable: a Java runtime made
 * with {@code jlink} from the test's own JDK, the shared libraries it needs ({@code ldd}), an
 * {@code /etc/passwd} and a {@code /tmp}, written by Jib as a {@code docker save} tarball, with
 * {@code java} on the {@code PATH} as on a real JRE base image.
 */
final class TestBaseImage {

    /** The JDK modules Ferry's CLI, the Kafka client, Jackson and logback need. */
    private static final String MODULES = "java.base,java.logging,java.management,java.naming,java.security.jgss,"
            + "java.security.sasl,java.sql,java.xml,java.compiler,java.net.http,jdk.unsupported,jdk.crypto.ec,"
            + "jdk.httpserver,jdk.management,jdk.zipfs";
    private static final Pattern LIBRARY = Pattern.compile("(/\\S+\\.so[.0-9]*)");

    private TestBaseImage() {
    }

    /** Builds the base image in {@code dir} and returns its docker archive. */
    static Path build(Path dir) throws Exception {
        return build(dir, false);
    }

    /**
     * The base image with Debian's Python 3 besides Java, as a Python app's base needs: the
     * interpreter, its standard library (without its tests, IDLE, tkinter, ensurepip and compiled
     * caches) and the shared libraries it and its extension modules link against.
     */
    static Path buildWithPython(Path dir) throws Exception {
        return build(dir, true);
    }

    private static Path build(Path dir, boolean python) throws Exception {
        Path rootfs = dir.resolve("rootfs");
        Path java = rootfs.resolve("opt/java");
        Path jlink = Path.of(System.getProperty("java.home"), "bin", "jlink");
        Tools.ok(dir, List.of(jlink.toString(), "--add-modules", MODULES, "--strip-debug", "--no-header-files",
                "--no-man-pages", "--output", java.toString()));
        for (String lib : sharedLibraries(java)) {
            Path copy = rootfs.resolve(lib.substring(1));
            Files.createDirectories(copy.getParent());
            Files.copy(Path.of(lib).toRealPath(), copy);
        }
        if (python) {
            addPython(rootfs);
        }
        Files.createDirectories(rootfs.resolve("etc"));
        Files.writeString(rootfs.resolve("etc/passwd"), "root:x:0:0:root:/root:/nonexistent\n"
                + "ferry:x:10001:10001:ferry:/tmp:/nonexistent\n");
        Files.writeString(rootfs.resolve("etc/group"), "root:x:0:\nferry:x:10001:\n");
        Files.createDirectories(rootfs.resolve("tmp"));

        FileEntriesLayer.Builder layer = FileEntriesLayer.builder().setName("jre");
        try (Stream<Path> top = Files.list(rootfs)) {
            for (Path child : top.sorted().toList()) {
                layer.addEntryRecursive(child, AbsoluteUnixPath.get("/" + child.getFileName()),
                        (source, target) -> permissions(source, target));
            }
        }
        Path archive = dir.resolve(python ? "base-python.docker.tar" : "base.docker.tar");
        Jib.fromScratch().addFileEntriesLayer(layer.build())
                .addEnvironmentVariable("PATH", "/opt/java/bin:/usr/bin:/bin")
                .addEnvironmentVariable("JAVA_HOME", "/opt/java")
                .containerize(Containerizer.to(TarImage.at(archive).named(python ? "ferry-test/jre-python:17" : "ferry-test/jre:17"))
                        .setBaseImageLayersCache(dir.resolve("jib-base-cache"))
                        .setApplicationLayersCache(dir.resolve("jib-app-cache")));
        return archive;
    }

    private static final Set<String> LEFT_OUT_OF_PYTHON = Set.of("test", "idlelib", "tkinter", "turtledemo",
            "ensurepip", "lib2to3", "__pycache__", "pydoc_data");

    private static void addPython(Path rootfs) throws IOException {
        Path binary = Path.of("/usr/bin/python3").toRealPath();
        Path stdlib = Path.of("/usr/lib/" + binary.getFileName());
        Files.createDirectories(rootfs.resolve("usr/bin"));
        Files.copy(binary, rootfs.resolve("usr/bin/" + binary.getFileName()));
        Files.createSymbolicLink(rootfs.resolve("usr/bin/python3"), Path.of(binary.getFileName().toString()));
        List<String> linked = new ArrayList<>(List.of(binary.toString()));
        try (Stream<Path> files = Files.walk(stdlib)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Path relative = stdlib.relativize(f);
                boolean leftOut = false;
                for (Path part : relative) {
                    leftOut |= LEFT_OUT_OF_PYTHON.contains(part.toString()) || part.toString().equals("site-packages")
                            || part.toString().equals("dist-packages");
                }
                if (leftOut || f.toString().endsWith(".pyc")) {
                    continue;
                }
                Path copy = rootfs.resolve(f.toString().substring(1));
                Files.createDirectories(copy.getParent());
                Files.copy(f, copy);
                if (f.toString().endsWith(".so")) {
                    linked.add(f.toString());
                }
            }
        }
        List<String> command = new ArrayList<>(List.of("ldd"));
        command.addAll(linked);
        for (String line : Tools.run(rootfs, Map.of(), command).out().split("\n")) {
            Matcher m = LIBRARY.matcher(line);
            if (m.find() && !m.group(1).startsWith(stdlib.toString())) {
                Path copy = rootfs.resolve(m.group(1).substring(1));
                if (!Files.exists(copy)) {
                    Files.createDirectories(copy.getParent());
                    Files.copy(Path.of(m.group(1)).toRealPath(), copy);
                }
            }
        }
    }

    private static FilePermissions permissions(Path source, AbsoluteUnixPath target) {
        if (target.toString().equals("/tmp")) {
            return FilePermissions.fromOctalString("777");
        }
        try {
            return FilePermissions.fromPosixFilePermissions(Files.getPosixFilePermissions(source));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every shared library that the runtime's binaries and libraries link against, outside the runtime. */
    private static Set<String> sharedLibraries(Path java) throws IOException {
        List<String> binaries = new ArrayList<>();
        try (Stream<Path> files = Files.walk(java)) {
            files.filter(Files::isRegularFile).filter(f -> f.toString().endsWith(".so")
                    || f.getParent().getFileName().toString().equals("bin")).forEach(f -> binaries.add(f.toString()));
        }
        List<String> command = new ArrayList<>(List.of("ldd"));
        command.addAll(binaries);
        String out = Tools.run(java, Map.of(), command).out();
        Set<String> libs = new LinkedHashSet<>();
        for (String line : out.split("\n")) {
            Matcher m = LIBRARY.matcher(line);
            if (m.find() && !m.group(1).startsWith(java.toString())) {
                libs.add(m.group(1));
            }
        }
        libs.add("/lib64/ld-linux-x86-64.so.2");
        return libs;
    }
}
