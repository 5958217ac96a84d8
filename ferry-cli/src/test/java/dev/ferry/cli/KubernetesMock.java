package dev.ferry.cli;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;

/**
 * fabric8's Kubernetes mock API server in CRUD mode (it stores what it is sent, as an API server
 * does) on 127.0.0.1, knowing KEDA's and the Prometheus Operator's custom resources, and a
 * kubeconfig that points a context at it, as a user's would.
 */
final class KubernetesMock implements AutoCloseable {

    private static final java.util.concurrent.atomic.AtomicInteger NAMESPACES =
            new java.util.concurrent.atomic.AtomicInteger();

    private final KubernetesMockServer server;
    private final NamespacedKubernetesClient client;

    private KubernetesMock(KubernetesMockServer server) {
        this.server = server;
        this.client = server.createClient();
    }

    static KubernetesMock start() {
        return start(List.of(crd("keda.sh", "v1alpha1", "ScaledObject"), crd("monitoring.coreos.com", "v1", "ServiceMonitor")));
    }

    /**
     * A server without KEDA: requests for ScaledObjects get a 404, as from a cluster that lacks the
     * CRD (the CRUD mode alone would store any kind); everything else is stored as above.
     */
    static KubernetesMock withoutKeda(String namespace) {
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), responses,
                new KubernetesMixedDispatcher(responses), false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        server.expect().post().withPath("/apis/keda.sh/v1alpha1/namespaces/" + namespace + "/scaledobjects").andReturn(404, new StatusBuilder().withCode(404)
                .withReason("NotFound").withMessage("the server could not find the requested resource").build()).always();
        return new KubernetesMock(server);
    }

    private static KubernetesMock start(List<CustomResourceDefinitionContext> customResources) {
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(customResources), false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        return new KubernetesMock(server);
    }

    private static CustomResourceDefinitionContext crd(String group, String version, String kind) {
        return new CustomResourceDefinitionContext.Builder().withGroup(group).withVersion(version).withKind(kind)
                .withPlural(kind.toLowerCase(java.util.Locale.ROOT) + "s").withScope("Namespaced").build();
    }

    /** A client of the server, for the tests to look at what the commands did. */
    NamespacedKubernetesClient client() {
        return client;
    }

    /**
     * Waits up to {@code timeout} for a request to a path that starts with {@code prefix}, taking
     * the requests before it from the server's record; false if none came.
     */
    boolean awaitRequest(String prefix, java.time.Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            io.fabric8.mockwebserver.http.RecordedRequest request = server.takeRequest(left,
                    java.util.concurrent.TimeUnit.NANOSECONDS);
            if (request == null) {
                return false;
            }
            if (request.getPath().startsWith(prefix)) {
                return true;
            }
        }
    }

    /** A namespace of one test's own, and the environment of a user whose kubeconfig's context is it. */
    record Namespace(String name, Map<String, String> env) {
    }

    /**
     * A new namespace named {@code prefix-N}, with a kubeconfig written into {@code home} and the
     * variables ({@code KUBECONFIG}, {@code HOME}) that make a command use it.
     */
    Namespace newNamespace(String prefix, Path home) throws IOException {
        String ns = prefix + "-" + NAMESPACES.incrementAndGet();
        Path kubeconfig = writeKubeconfig(home.resolve("kubeconfig"), ns);
        return new Namespace(ns, Map.of("KUBECONFIG", kubeconfig.toString(), "HOME", home.toString()));
    }

    /** Writes a kubeconfig whose current context is this server with {@code namespace}. */
    Path writeKubeconfig(Path file, String namespace) throws IOException {
        return Files.writeString(file, """
                apiVersion: v1
                kind: Config
                clusters:
                - name: mock
                  cluster:
                    server: %s
                contexts:
                - name: mock
                  context:
                    cluster: mock
                    user: tester
                    namespace: %s
                current-context: mock
                users:
                - name: tester
                  user:
                    token: not-a-real-token
                """.formatted(server.url("/").replaceAll("/$", ""), namespace));
    }

    @Override
    public void close() {
        client.close();
        server.destroy();
    }
}
