package dev.ferry.cli;

import dev.ferry.engine.PlatformProfile;
import dev.ferry.kubernetes.AppUndeployer;
import dev.ferry.kubernetes.Change;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code ferry undeploy}: removes everything ferry deploy made for an app, found by its labels. */
@Command(name = "undeploy", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Removes an app from Kubernetes: every object ferry deploy made for it (labels app.kubernetes.io/name=APP "
                    + "and app.kubernetes.io/managed-by=ferry), one line per object deleted.",
            "The app's consumer group and its committed offsets stay on the Kafka cluster: a later deploy goes on "
                    + "where it stopped."
        })
final class UndeployCommand implements Callable<Integer> {

    @ParentCommand
    FerryCommand root;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "APP", description = "The app's name.")
    String app;

    @Option(names = "--profile", paramLabel = "FILE",
            description = "The platform profile, for kubernetes.namespace; default: $FERRY_PROFILE, else ./ferry.yaml.")
    Path profile;

    @Mixin
    KubeOptions kube;

    @Override
    public Integer call() {
        PlatformProfile platform = Profiles.load(root.env, root.workDir, profile);
        PrintWriter out = spec.commandLine().getOut();
        try (KubeOptions.Connection c = kube.connect(root, platform)) {
            List<Change> removed = KubeOptions.onCluster(c, client -> new AppUndeployer(client).remove(app, c.namespace(),
                    change -> {
                        out.println(change);
                        out.flush();
                    }));
            out.println("app '" + app + "' removed from namespace '" + c.namespace() + "' (" + removed.size()
                    + " objects)");
            return 0;
        }
    }
}
