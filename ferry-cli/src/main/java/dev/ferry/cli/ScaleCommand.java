package dev.ferry.cli;

import dev.ferry.engine.PlatformProfile;
import dev.ferry.kubernetes.AppScaler;
import java.io.PrintWriter;
import java.nio.file.Path;
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
 * {@code ferry scale}: sets how many replicas of a deployed app run, at most as many as all get
 * partitions; with KEDA, pauses its autoscaling at that count ({@code --auto} resumes it).
 */
@Command(name = "scale", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Sets how many replicas of a deployed app run: at most the input partitions divided by the app's consumers "
                    + "per replica (more would sit idle). 0 stops the app; its offsets stay committed.",
            "When KEDA autoscales the app, it pauses KEDA at N (annotation autoscaling.keda.sh/paused-replicas) until "
                    + "`ferry scale APP --auto` hands the count back to KEDA."
        })
final class ScaleCommand implements Callable<Integer> {

    @ParentCommand
    FerryCommand root;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "APP", description = "The app's name.")
    String app;

    @Parameters(index = "1", arity = "0..1", paramLabel = "N", description = "The replicas to run.")
    Integer replicas;

    @Option(names = "--auto", description = "Resume KEDA's autoscaling of the app (instead of N).")
    boolean auto;

    @Option(names = "--profile", paramLabel = "FILE",
            description = "The platform profile, for kubernetes.namespace; default: $FERRY_PROFILE, else ./ferry.yaml.")
    Path profile;

    @Mixin
    KubeOptions kube;

    @Override
    public Integer call() {
        if (auto == (replicas != null)) {
            throw new ParameterException(spec.commandLine(), auto ? "Give N or --auto, not both"
                    : "Missing N: the replicas to run (or --auto to hand them back to KEDA)");
        }
        if (replicas != null && replicas < 0) {
            throw new ParameterException(spec.commandLine(), "N must be 0 or more, got " + replicas);
        }
        PlatformProfile platform = Profiles.load(root.env, root.workDir, profile);
        PrintWriter out = spec.commandLine().getOut();
        try (KubeOptions.Connection c = kube.connect(root, platform)) {
            AppScaler scaler = new AppScaler(c.client());
            if (auto) {
                String so = KubeOptions.onCluster(c, client -> scaler.resume(app, c.namespace()));
                out.println(so + " resumed: KEDA scales app '" + app + "' on its lag again");
                return 0;
            }
            AppScaler.Scaled s = KubeOptions.onCluster(c, client -> scaler.scale(app, c.namespace(), replicas));
            out.println(s.workload() + " scaled from " + s.from() + " to " + s.to() + " replica" + (s.to() == 1 ? "" : "s")
                    + (s.pausedKeda() ? "; KEDA's autoscaling of app '" + app + "' is paused at " + s.to()
                    + " until `ferry scale " + app + " --auto`" : ""));
            return 0;
        }
    }
}
