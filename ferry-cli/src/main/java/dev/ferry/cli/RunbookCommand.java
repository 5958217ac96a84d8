package dev.ferry.cli;

import dev.ferry.engine.AppDescriptor;
import dev.ferry.engine.FerryEngine;
import dev.ferry.engine.PlatformProfile;
import dev.ferry.runbook.RunbookFiles;
import dev.ferry.runbook.RunbookWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code ferry runbook}: an app's alert rules (a Prometheus rules file and a PrometheusRule) and its
 * on-call runbook, written from the app as {@code ferry run} loads it and the platform profile,
 * without starting it or reaching a cluster.
 */
@Command(name = "runbook", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Writes an app's alert rules and its on-call runbook: <app>.rules.yaml (a Prometheus rules file), "
                    + "<app>.prometheusrule.yaml (the same rules as a PrometheusRule) and RUNBOOK.md, and prints "
                    + "their paths.",
            "Thresholds, durations and the runbook link come from the platform profile's alerts.* settings. "
                    + "Nothing is started and no cluster is needed."
        })
final class RunbookCommand implements Callable<Integer> {

    /** What TARGET is when none is given: the classes of the Maven project in the working directory. */
    static final String DEFAULT_TARGET = "target/classes";

    @ParentCommand
    FerryCommand root;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "TARGET",
            description = "The app, as ferry run takes it: a .java file, a .jar or classes directory, a class name "
                    + "on --classpath, or an app descriptor .yaml. Default: " + DEFAULT_TARGET + ", the classes of "
                    + "the Maven project here.")
    String target;

    @Option(names = "--app", paramLabel = "NAME", description = "Which app, when TARGET has several.")
    String app;

    @Option(names = {"--classpath", "-cp"}, paramLabel = "CP",
            description = "More jars or directories for the app's classes and dependencies "
                    + "('${sys:path.separator}'-separated; may be repeated).")
    List<String> classpath = new ArrayList<>();

    @Option(names = "--profile", paramLabel = "FILE",
            description = "The platform profile (YAML); default: $FERRY_PROFILE, else ./ferry.yaml if present. "
                    + "FERRY_* environment variables override it.")
    Path profile;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Where to write the three files (made if missing). Default: runbook/<app>.")
    Path out;

    @Override
    public Integer call() {
        String what = target != null ? target : defaultTarget();
        PlatformProfile platform = Profiles.load(root.env, root.workDir, profile);
        List<Path> cp = AppLoader.classpath(classpath, root.workDir);
        try (LoadedApp loaded = AppLoader.load(what, app, cp, root.workDir)) {
            AppDescriptor descriptor = loaded.spec();
            Path dir = root.workDir.resolve(out != null ? out : Path.of("runbook", descriptor.name()));
            RunbookFiles files = write(descriptor, platform, dir);
            PrintWriter printed = spec.commandLine().getOut();
            files.all().forEach(printed::println);
            return 0;
        }
    }

    private String defaultTarget() {
        if (!Files.isDirectory(root.workDir.resolve(DEFAULT_TARGET))) {
            throw new ParameterException(spec.commandLine(), "Missing TARGET: there is no " + DEFAULT_TARGET + " in "
                    + root.workDir + " (build the project with mvn package, or name a .java file, .jar, class or "
                    + "descriptor .yaml)");
        }
        return DEFAULT_TARGET;
    }

    /** Writes the app's alert rules and runbook into {@code dir}; {@code ferry package} writes them too. */
    static RunbookFiles write(AppDescriptor descriptor, PlatformProfile platform, Path dir) {
        try {
            return RunbookWriter.write(descriptor, FerryEngine.outputSchemas(descriptor, platform), platform, dir);
        } catch (UncheckedIOException e) {
            throw new CliException(e.getMessage(), e);
        }
    }
}
