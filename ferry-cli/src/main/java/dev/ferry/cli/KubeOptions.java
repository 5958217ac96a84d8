package dev.ferry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.ferry.engine.PlatformProfile;
import dev.ferry.kubernetes.DeployException;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import picocli.CommandLine.Option;

/**
 * The options of the commands that talk to Kubernetes (deploy, undeploy, scale), and the client
 * they make: the kube context of KUBECONFIG (its first file) or ~/.kube/config, as kubectl reads it,
 * or the pod's service account when run inside a cluster.
 */
final class KubeOptions {

    @Option(names = "--context", paramLabel = "NAME", description = "The kube context (default: the kubeconfig's current context).")
    String context;

    @Option(names = {"--namespace", "-n"}, paramLabel = "NS",
            description = "The namespace (default: the profile's kubernetes.namespace, else the context's, else default).")
    String namespace;

    @Option(names = "--kubeconfig", paramLabel = "FILE", description = "The kubeconfig file (default: $KUBECONFIG, else ~/.kube/config).")
    Path kubeconfig;

    /** A connected client, with the namespace the command works in. */
    record Connection(KubernetesClient client, String namespace, String server) implements AutoCloseable {
        @Override
        public void close() {
            client.close();
        }
    }

    Connection connect(FerryCommand root, PlatformProfile profile) {
        Config config = config(root);
        KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
        return new Connection(client, namespace(profile, config), config.getMasterUrl());
    }

    /** The namespace, reading the kubeconfig if there is one but never the cluster: for --dry-run. */
    String namespaceOffline(FerryCommand root, PlatformProfile profile) {
        Config config;
        try {
            config = config(root);
        } catch (CliException e) {
            config = null;
        }
        return namespace(profile, config);
    }

    private String namespace(PlatformProfile profile, Config config) {
        if (namespace != null) {
            return namespace;
        }
        return profile.kubernetesNamespace()
                .orElse(config != null && config.getNamespace() != null ? config.getNamespace() : "default");
    }

    private Config config(FerryCommand root) {
        Optional<Path> file = kubeconfigFile(root);
        try {
            if (file.isPresent()) {
                requireContext(file.get());
                return Config.fromKubeconfig(context, file.get().toFile());
            }
        } catch (KubernetesClientException | IllegalArgumentException e) {
            throw new CliException("cannot use kubeconfig " + file.get() + (context == null ? "" : " with context '"
                    + context + "'") + ": " + e.getMessage(), e);
        }
        if (root.env.containsKey("KUBERNETES_SERVICE_HOST")) {
            return Config.autoConfigure(context);
        }
        throw new CliException("no Kubernetes cluster configured: "
                + (kubeconfig != null ? "--kubeconfig " + kubeconfig + " does not exist"
                : root.env.containsKey("KUBECONFIG") ? "KUBECONFIG names " + root.env.get("KUBECONFIG")
                + ", which does not exist" : "KUBECONFIG is not set and ~/.kube/config does not exist")
                + "; point --kubeconfig or KUBECONFIG at your cluster's kubeconfig (ferry deploy --dry-run needs none)");
    }

    /** A --context the kubeconfig does not have is an error: never fall back to another cluster. */
    private void requireContext(Path file) {
        if (context == null) {
            return;
        }
        List<String> names = new ArrayList<>();
        try {
            JsonNode contexts = new ObjectMapper(new YAMLFactory()).readTree(file.toFile()).path("contexts");
            contexts.forEach(c -> names.add(c.path("name").asText()));
        } catch (IOException e) {
            throw new CliException("cannot read kubeconfig " + file + ": " + e.getMessage(), e);
        }
        if (!names.contains(context)) {
            throw new CliException("kubeconfig " + file + " has no context '" + context + "'"
                    + (names.isEmpty() ? "" : "; its contexts: " + String.join(", ", names)));
        }
    }

    private Optional<Path> kubeconfigFile(FerryCommand root) {
        if (kubeconfig != null) {
            return existing(root.workDir.resolve(kubeconfig));
        }
        String named = root.env.get("KUBECONFIG");
        if (named != null && !named.isBlank()) {
            return existing(root.workDir.resolve(named.split(File.pathSeparator)[0]));
        }
        String home = root.env.getOrDefault("HOME", System.getProperty("user.home"));
        return existing(Path.of(home, ".kube", "config"));
    }

    private static Optional<Path> existing(Path p) {
        return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
    }

    /** Runs work on the cluster, turning its errors into one line naming the server. */
    static <T> T onCluster(Connection c, Function<KubernetesClient, T> work) {
        try {
            return work.apply(c.client());
        } catch (DeployException e) {
            throw new CliException(e.getMessage(), e);
        } catch (KubernetesClientException e) {
            throw new CliException("the Kubernetes API at " + c.server() + " failed: " + describe(e), e);
        }
    }

    private static String describe(KubernetesClientException e) {
        if (e.getStatus() != null && e.getStatus().getMessage() != null) {
            return e.getStatus().getMessage() + " (HTTP " + e.getCode() + ")";
        }
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return e.getMessage() + (root == e ? "" : " (" + root + ")");
    }
}
