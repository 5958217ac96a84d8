package dev.ferry.cli;

import dev.ferry.engine.AppDescriptor;
import dev.ferry.engine.PlatformProfile;
import dev.ferry.python.PythonRuntime;
import dev.ferry.kubernetes.AppDeployer;
import dev.ferry.kubernetes.AppManifests;
import dev.ferry.kubernetes.Change;
import dev.ferry.kubernetes.DeployException;
import dev.ferry.kubernetes.DeploySpec;
import dev.ferry.kubernetes.Rollout;
import dev.ferry.materialize.ShippedMaterialization;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code ferry deploy}: the app's Kubernetes objects, generated from its descriptor and the
 * platform profile, printed ({@code --dry-run}) or applied to the current kube context so that a
 * second deploy changes nothing and a changed app rolls.
 */
@Command(name = "deploy", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Deploys a @Ferry app to Kubernetes: a ConfigMap with its profile, a Service, a Deployment (a StatefulSet "
                    + "when it runs exactly-once), a PodDisruptionBudget and, as the profile chooses, a KEDA ScaledObject "
                    + "and a ServiceMonitor.",
            "TARGET is what ferry run takes (a .java file, a .jar, a classes directory, a descriptor .yaml, a class "
                    + "name), or a materialization .yaml (ferry materialize's); default: target/classes. Prints one line per object: created, configured, unchanged or deleted."
        })
final class DeployCommand implements Callable<Integer> {

    static final Path DEFAULT_TARGET = Path.of("target", "classes");

    @ParentCommand
    FerryCommand root;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "TARGET",
            description = "A .java file, a .jar or classes directory, a class name on --classpath, an app "
                    + "descriptor .yaml, or a materialization .yaml (default: target/classes).")
    String target;

    @Option(names = "--app", paramLabel = "NAME", description = "Which app to deploy when TARGET has several.")
    String app;

    @Option(names = {"--classpath", "-cp"}, paramLabel = "CP",
            description = "More jars or directories for the app's classes ('${sys:path.separator}'-separated; may be repeated).")
    List<String> classpath = new ArrayList<>();

    @Option(names = "--profile", paramLabel = "FILE",
            description = "The platform profile (YAML); default: $FERRY_PROFILE, else ./ferry.yaml if present.")
    Path profile;

    @Option(names = "--image", paramLabel = "REF",
            description = "The container image (default: the one ferry package wrote to target/ferry/image.json, by digest).")
    String image;

    @Option(names = "--partitions", paramLabel = "N",
            description = "The input topics' partitions, summed; default: read from the profile's Kafka cluster.")
    Integer partitions;

    @Option(names = "--dry-run", description = "Print the objects as YAML and change nothing.")
    boolean dryRun;

    @Option(names = "--wait", arity = "0..1", paramLabel = "TIMEOUT", fallbackValue = "5m",
            converter = DurationConverter.class,
            description = "After applying, wait until the app's pods run the new version and are ready (default "
                    + "timeout when given without one: 5m); on a timeout, say which pod is not ready and why, and exit 1.")
    Duration wait;

    /** How often {@code --wait} looks at the workload and its pods. */
    Duration waitPollEvery = Duration.ofSeconds(1);

    @Mixin
    KubeOptions kube;

    @Override
    public Integer call() {
        if (partitions != null && partitions < 1) {
            throw new ParameterException(spec.commandLine(), "--partitions must be at least 1, got " + partitions);
        }
        if (wait != null && dryRun) {
            throw new ParameterException(spec.commandLine(), "--wait waits for what a deploy applied; --dry-run applies "
                    + "nothing: give one of them");
        }
        if (wait != null && (wait.isZero() || wait.isNegative())) {
            throw new ParameterException(spec.commandLine(), "--wait must be a positive duration, got " + wait);
        }
        PlatformProfile loadedProfile = Profiles.load(root.env, root.workDir, profile);
        if (MaterializeFile.is(target, root.workDir)) {
            if (app != null || !classpath.isEmpty()) {
                throw CliException.usage((app != null ? "--app" : "--classpath") + " goes with an app; a "
                        + "materialization file names its app (materialize:) and needs no classes");
            }
            ShippedMaterialization m = MaterializeFile.load(target, root.workDir, loadedProfile);
            if (image == null) {
                MaterializeFile.checkPackaged(m, target, root.workDir, root.workDir.resolve(PackageCommand.OUTPUT_DIR));
            }
            return deploy(m.descriptor(), m.profile());
        }
        try (LoadedApp loaded = AppLoader.load(target(), app, classpath(), root.workDir,
                loadedProfile.pluginSettings(PythonRuntime.NAME))) {
            return deploy(loaded.spec(), loadedProfile);
        }
    }

    private int deploy(AppDescriptor descriptor, PlatformProfile platform) {
        String ref = ImageReference.resolve(image, root.workDir, descriptor.name());
        int count = partitions != null ? partitions : InputPartitions.count(descriptor, platform);
        if (dryRun) {
            String ns = kube.namespaceOffline(root, platform);
            PrintWriter out = spec.commandLine().getOut();
            out.print(manifests(descriptor, platform, ref, count, ns).yaml());
            out.flush();
            return 0;
        }
        try (KubeOptions.Connection c = kube.connect(root, platform)) {
            AppManifests manifests = manifests(descriptor, platform, ref, count, c.namespace());
            PrintWriter out = spec.commandLine().getOut();
            List<Change> changes = KubeOptions.onCluster(c, client -> new AppDeployer(client).apply(manifests, change -> {
                out.println(change);
                out.flush();
            }));
            out.println(summary(manifests, changes));
            out.flush();
            if (wait != null) {
                Rollout.Done done = KubeOptions.onCluster(c, client -> new Rollout(client, waitPollEvery)
                        .await(manifests, wait, line -> {
                            out.println(line);
                            out.flush();
                        }));
                out.println(done);
            }
            return 0;
        }
    }

    private String target() {
        if (target != null) {
            return target;
        }
        if (!Files.isDirectory(root.workDir.resolve(DEFAULT_TARGET))) {
            throw new ParameterException(spec.commandLine(), "Missing TARGET: name the app's .jar, classes directory, "
                    + "descriptor .yaml or class (there is no " + DEFAULT_TARGET + " here)");
        }
        return DEFAULT_TARGET.toString();
    }

    private List<Path> classpath() {
        return AppLoader.classpath(classpath, root.workDir);
    }

    private static AppManifests manifests(AppDescriptor app, PlatformProfile platform, String image, int partitions,
                                          String namespace) {
        try {
            return AppManifests.generate(new DeploySpec(app, platform, image, partitions, namespace));
        } catch (DeployException e) {
            throw new CliException(e.getMessage(), e);
        }
    }

    private static String summary(AppManifests m, List<Change> changes) {
        String where = "app '" + m.app() + "' in namespace '" + m.namespace() + "'";
        if (changes.stream().allMatch(c -> c.action() == Change.Action.UNCHANGED)) {
            return where + " is unchanged: nothing was written";
        }
        StringBuilder counts = new StringBuilder();
        for (Change.Action action : Change.Action.values()) {
            long n = changes.stream().filter(c -> c.action() == action).count();
            counts.append(counts.length() == 0 ? "" : ", ").append(n).append(' ')
                    .append(action.name().toLowerCase(java.util.Locale.ROOT));
        }
        boolean started = changes.stream().anyMatch(c -> c.action() == Change.Action.CREATED
                && (c.object().startsWith("deployment/") || c.object().startsWith("statefulset/")));
        return where + " deployed: " + counts + "; " + (started ? "it starts with " + replicas(m.replicas()) + ", " : "")
                + "at most " + replicas(m.limit().max()) + " (" + m.limit().reason() + ")";
    }

    private static String replicas(int n) {
        return n + " replica" + (n == 1 ? "" : "s");
    }
}
