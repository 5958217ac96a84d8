package dev.ferry.kubernetes;

import dev.ferry.engine.PlatformProfile;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Refuses to write a credential into a ConfigMap, where anyone who may read the namespace's
 * configuration reads it: a setting whose key names a password, a JAAS configuration, a secret, a
 * token, a credential or an API key, or whose value holds a JAAS login module, a
 * {@code password=} or a PEM block. Such a setting belongs in a Kubernetes Secret, referenced with
 * {@code kubernetes.credentials}. The {@code security.*-file} and {@code -env} keys name where a
 * secret is (a file of a mounted Secret, a variable), not the secret, and pass. Endpoint URLs and class names whose keys merely mention tokens
 * ({@code sasl.oauthbearer.token.endpoint.url}) are not credentials.
 */
final class CredentialGuard {

    private static final List<String> SECRET_WORDS =
            List.of("password", "jaas", "secret", "token", "credential", "api-key", "apikey", "keystore.key");
    private static final List<String> SECRET_VALUES = List.of("password=", "loginmodule", "-----begin");

    private CredentialGuard() {
    }

    /** Throws naming the first setting of {@code settings} that looks like a credential. */
    static void check(PlatformProfile profile, Map<String, String> settings) {
        settings.forEach((key, value) -> {
            if (looksLikeCredential(key, value)) {
                throw new DeployException(key + " (from " + profile.sourceOf(key)
                        + ") looks like a credential, and ferry deploy never writes credentials into a ConfigMap: "
                        + "remove it from the profile, put it in a Kubernetes Secret, and reference it with "
                        + "kubernetes.credentials: " + PlatformProfile.environmentVariable(key) + "=<secret>/<key>");
            }
        });
    }

    static boolean looksLikeCredential(String key, String value) {
        String k = key.toLowerCase(Locale.ROOT);
        String v = value.toLowerCase(Locale.ROOT);
        boolean harmlessKey = k.endsWith(".url") || k.endsWith(".class") || k.endsWith(".type")
                || (k.startsWith("security.") && (k.endsWith("-file") || k.endsWith("-env"))); // where a secret is, not it
        return (!harmlessKey && SECRET_WORDS.stream().anyMatch(k::contains))
                || SECRET_VALUES.stream().anyMatch(v::contains);
    }
}
