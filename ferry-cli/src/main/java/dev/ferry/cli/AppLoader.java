package dev.ferry.cli;

import dev.ferry.api.Ferry;
import dev.ferry.engine.AppDefinitionException;
import dev.ferry.engine.AppDescriptor;
import dev.ferry.python.PythonApps;
import java.io.File;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Turns what the user named into one app: a {@code .java} file (compiled here), a {@code .jar} or a
 * classes directory (scanned for {@code @Ferry} methods), a class name on the classpath, a Python
 * file ({@code .py}, its {@code @ferry.register} functions), or an app descriptor file ({@code .yaml}, {@code .yml}) whose classes come from the classpath. The
 * app's classes get their own class loader whose parent holds ferry-api, so the annotation they
 * carry is the one the engine reads.
 */
final class AppLoader {

    private AppLoader() {
    }

    /**
     * The entries of {@code --classpath} options as given (each may hold several, separated by the
     * platform's path separator, and the option may be repeated), resolved against {@code workDir}.
     */
    static List<Path> classpath(List<String> options, Path workDir) {
        return options.stream().flatMap(c -> Arrays.stream(c.split(File.pathSeparator)))
                .filter(c -> !c.isBlank()).map(workDir::resolve).toList();
    }

    /**
     * Loads the app named {@code app}, or the only app found when {@code app} is null.
     *
     * @throws CliException exit 2 listing the apps when there are several and none was chosen
     */
    static LoadedApp load(String target, String app, List<Path> classpath, Path workDir) {
        return load(target, app, classpath, workDir, Map.of());
    }

    /**
     * Loads the app as {@link #load(String, String, List, Path)} does; a Python file ({@code .py}) is
     * read with the python runtime's settings from the profile ({@code plugins.python.*}).
     */
    static LoadedApp load(String target, String app, List<Path> classpath, Path workDir,
                          Map<String, String> pythonSettings) {
        if (target.endsWith(".py")) {
            Path file = existing(workDir.resolve(target), target);
            URLClassLoader loader = loader(classpath);
            return closingOnFailure(loader, () -> new LoadedApp(PythonApps.load(file, app, pythonSettings), target, 0,
                    loader, null));
        }
        if (target.endsWith(".yaml") || target.endsWith(".yml")) {
            Path file = existing(workDir.resolve(target), target);
            URLClassLoader loader = loader(classpath);
            return closingOnFailure(loader, () -> {
                AppDescriptor descriptor = AppDescriptor.load(file, loader);
                if (app != null && !app.equals(descriptor.name())) {
                    throw new AppDefinitionException(target + " describes app '" + descriptor.name() + "', not '" + app
                            + "'");
                }
                return new LoadedApp(descriptor, target, 0, loader, null);
            });
        }
        if (target.endsWith(".java")) {
            return fromSource(existing(workDir.resolve(target), target), app, classpath);
        }
        Path path = workDir.resolve(target);
        if (target.endsWith(".jar") || Files.isDirectory(path)) {
            Path found = existing(path, target);
            List<Path> entries = new ArrayList<>(List.of(found));
            entries.addAll(classpath);
            URLClassLoader loader = loader(entries);
            return closingOnFailure(loader, () -> {
                List<String> names = target.endsWith(".jar") ? FerryClasses.inJar(found) : FerryClasses.inDirectory(found);
                return choose(target, app, classes(names, loader, target), loader, null, 0);
            });
        }
        if (target.endsWith(".class") || target.contains("/") || target.contains("\\")) {
            throw new CliException(target + ": no such file; name a .java file, a .jar, an app descriptor .yaml, or a "
                    + "class on --classpath");
        }
        return fromClassName(target, app, classpath);
    }

    private static LoadedApp fromSource(Path source, String app, List<Path> classpath) {
        long started = System.nanoTime();
        Path out = tempDir();
        try {
            SourceCompiler.Compiled compiled = SourceCompiler.compile(source, classpath, out);
            List<Path> entries = new ArrayList<>(List.of(out));
            entries.addAll(compiled.resources());
            entries.addAll(classpath);
            URLClassLoader loader = loader(entries);
            return closingOnFailure(loader, () -> {
                String origin = source.getFileName().toString();
                List<Class<?>> classes = withNested(classes(compiled.topLevelClasses(), loader, origin));
                return choose(origin, app, classes, loader, out, (System.nanoTime() - started) / 1_000_000);
            });
        } catch (RuntimeException | Error e) {
            LoadedApp.deleteTree(out);
            throw e;
        }
    }

    private static LoadedApp fromClassName(String name, String app, List<Path> classpath) {
        URLClassLoader loader = loader(classpath);
        return closingOnFailure(loader, () -> {
            Class<?> type = byName(name, loader, classpath);
            AppDescriptor spec = app == null ? AppDescriptor.of(type) : AppDescriptor.of(type, app);
            return new LoadedApp(spec, name, 0, loader, null);
        });
    }

    private static Class<?> byName(String name, ClassLoader loader, List<Path> classpath) {
        try {
            return Class.forName(name, false, loader);
        } catch (ClassNotFoundException e) {
            throw new CliException("class '" + name + "' not found" + (classpath.isEmpty() ? "" : " on " + classpath)
                    + ": name a .java file, a .jar, or a class on --classpath");
        } catch (LinkageError e) {
            throw new CliException("class '" + name + "' cannot be loaded: " + e + "; add what it needs with --classpath", e);
        }
    }

    private static LoadedApp closingOnFailure(URLClassLoader loader, Supplier<LoadedApp> load) {
        try {
            return load.get();
        } catch (RuntimeException | Error e) {
            try {
                loader.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    private static LoadedApp choose(String origin, String app, List<Class<?>> classes, URLClassLoader loader,
                                    Path tempDir, long compileMs) {
        List<Method> methods = classes.stream().flatMap(c -> AppDescriptor.ferryMethods(c).stream()).toList();
        if (app != null) {
            Method chosen = methods.stream().filter(m -> appName(m).equals(app)).findFirst()
                    .orElseThrow(() -> new AppDefinitionException(origin + " has no @Ferry app named '" + app + "'"
                            + (methods.isEmpty() ? "" : "; it has: " + names(methods))));
            return new LoadedApp(AppDescriptor.of(chosen), origin, compileMs, loader, tempDir);
        }
        if (methods.isEmpty()) {
            throw new AppDefinitionException(origin + " has no method annotated with @Ferry: annotate the function to "
                    + "run, e.g. @Ferry(app = \"hello-world\", topics = \"some.topic\")");
        }
        if (methods.size() > 1) {
            throw CliException.usage(origin + " has " + methods.size() + " @Ferry apps; choose one with --app:\n"
                    + methods.stream().map(m -> "  " + appName(m) + "  (" + m.getDeclaringClass().getName() + "#"
                            + m.getName() + ")").collect(Collectors.joining("\n")));
        }
        return new LoadedApp(AppDescriptor.of(methods.get(0)), origin, compileMs, loader, tempDir);
    }

    private static String appName(Method m) {
        return m.getAnnotation(Ferry.class).app();
    }

    private static String names(List<Method> methods) {
        return methods.stream().map(AppLoader::appName).collect(Collectors.joining(", "));
    }

    private static List<Class<?>> classes(List<String> names, ClassLoader loader, String origin) {
        List<Class<?>> classes = new ArrayList<>();
        for (String name : names) {
            try {
                classes.add(Class.forName(name, false, loader));
            } catch (ClassNotFoundException | LinkageError e) {
                throw new CliException("cannot load class " + name + " from " + origin + ": " + e
                        + "; add what it needs with --classpath", e);
            }
        }
        return classes;
    }

    private static List<Class<?>> withNested(List<Class<?>> classes) {
        List<Class<?>> all = new ArrayList<>();
        for (Class<?> c : classes) {
            if (!all.contains(c)) {
                all.add(c);
                all.addAll(withNested(List.of(c.getDeclaredClasses())).stream().filter(n -> !all.contains(n)).toList());
            }
        }
        return all;
    }

    private static URLClassLoader loader(List<Path> entries) {
        List<URL> urls = new ArrayList<>();
        for (Path p : entries) {
            try {
                urls.add(p.toUri().toURL());
            } catch (MalformedURLException e) {
                throw new CliException("classpath entry " + p + " is not a valid path", e);
            }
        }
        return new URLClassLoader("ferry-app", urls.toArray(URL[]::new), AppLoader.class.getClassLoader());
    }

    private static Path existing(Path file, String asTyped) {
        if (!Files.exists(file)) {
            throw new CliException(asTyped + ": no such file");
        }
        return file;
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("ferry-classes-");
        } catch (IOException e) {
            throw new CliException("cannot create a temporary directory for compiled classes: " + e.getMessage(), e);
        }
    }
}
