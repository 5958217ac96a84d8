package dev.ferry.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClientException;

/** A Kubernetes API error as one sentence: the server's own message, else the client's. */
final class KubernetesErrors {

    private KubernetesErrors() {
    }

    static String describe(KubernetesClientException e) {
        if (e.getStatus() != null && e.getStatus().getMessage() != null) {
            return e.getStatus().getMessage() + " (HTTP " + e.getCode() + ")";
        }
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root == e ? String.valueOf(e.getMessage()) : e.getMessage() + ": " + root;
    }
}
