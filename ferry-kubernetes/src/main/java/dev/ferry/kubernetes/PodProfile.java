package dev.ferry.kubernetes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.ferry.engine.PlatformProfile;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * The platform profile as the app's pods read it: the ferry.yaml of its ConfigMap. It holds every
 * setting the profile sets except ferry deploy's own {@code kubernetes.*} keys and
 * {@code instance-id} (each pod has its own, from its name), with the monitoring endpoint on a fixed
 * port for the probes and Prometheus; a credential is refused ({@link CredentialGuard}), and so is
 * {@code dev-mode}, which has no place in a cluster.
 */
final class PodProfile {

    /** The port of the monitoring endpoint when the profile names none (or any free one). */
    static final int DEFAULT_MONITORING_PORT = 8080;
    /** Where the pods find the ConfigMap's ferry.yaml. */
    static final String MOUNT_PATH = "/etc/ferry";
    static final String FILE_NAME = PlatformProfile.DEFAULT_FILE;

    private final String yaml;
    private final int monitoringPort;

    private PodProfile(String yaml, int monitoringPort) {
        this.yaml = yaml;
        this.monitoringPort = monitoringPort;
    }

    static PodProfile of(PlatformProfile profile) {
        Map<String, String> settings = new TreeMap<>(profile.settings());
        settings.keySet().removeIf(k -> k.startsWith("kubernetes.") || k.equals("instance-id"));
        CredentialGuard.check(profile, settings);
        if (profile.devMode()) {
            throw new DeployException(profile.source("dev-mode") + ": dev-mode is true, which creates missing topics "
                    + "on an embedded broker; an app deployed to Kubernetes runs on the profile's cluster: remove "
                    + "dev-mode from the profile you deploy with");
        }
        profile.bootstrapServers(); // says how to set it when the profile names no cluster
        int port = profile.monitoringPort() > 0 ? profile.monitoringPort() : DEFAULT_MONITORING_PORT;
        settings.put("monitoring.port", Integer.toString(port));
        return new PodProfile(render(settings), port);
    }

    private static String render(Map<String, String> settings) {
        ObjectMapper yamlMapper = new ObjectMapper(new YAMLFactory()
                .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));
        try {
            return "# The platform profile of this app, written by ferry deploy (credentials come from Secrets)\n"
                    + yamlMapper.writeValueAsString(settings);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the profile as YAML", e);
        }
    }

    /** The ferry.yaml text. */
    String yaml() {
        return yaml;
    }

    /** The monitoring endpoint's port in the pods. */
    int monitoringPort() {
        return monitoringPort;
    }

    /** A short hash of the text, for the pod template's annotation. */
    String hash() {
        return sha256(yaml);
    }

    static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
