package dev.ferry.image;

import dev.ferry.engine.AppDescriptor;
import dev.ferry.engine.OutputDescriptor;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The labels of an app's image: the OCI annotation keys ({@code org.opencontainers.image.*}) that
 * registries and scanners show, and Ferry's own ({@code dev.ferry.*}) that say which app it is, who
 * owns it and what it reads and writes, so that an image found in a registry explains itself.
 */
public final class ImageLabels {

    /** The label naming the app, as {@code ferry deploy} and on-call tools read it. */
    public static final String APP = "dev.ferry.app";

    private ImageLabels() {
    }

    /** The labels of {@code app}'s image built by Ferry {@code ferryVersion} from {@code revision} at {@code created}. */
    public static Map<String, String> of(AppDescriptor app, String tag, String base, String ferryVersion,
                                         SourceRevision revision, int monitoringPort, Instant created) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("org.opencontainers.image.title", app.name());
        putIfSet(labels, "org.opencontainers.image.description", app.description());
        putIfSet(labels, "org.opencontainers.image.authors", app.owner());
        labels.put("org.opencontainers.image.version", tag);
        labels.put("org.opencontainers.image.created", created.toString());
        putIfSet(labels, "org.opencontainers.image.revision", revision.commit());
        putIfSet(labels, "org.opencontainers.image.source", revision.source());
        labels.put("org.opencontainers.image.base.name", base);
        labels.put(APP, app.name());
        putIfSet(labels, "dev.ferry.owner", app.owner());
        labels.put("dev.ferry.topics", String.join(",", app.topics()));
        labels.put("dev.ferry.outputs", app.outputs().stream().map(OutputDescriptor::topic)
                .collect(Collectors.joining(",")));
        labels.put("dev.ferry.version", ferryVersion);
        labels.put("dev.ferry.monitoring-port", Integer.toString(monitoringPort));
        if (!revision.commit().isEmpty()) {
            labels.put("dev.ferry.source-dirty", Boolean.toString(revision.dirty()));
        }
        return labels;
    }

    private static void putIfSet(Map<String, String> labels, String key, String value) {
        if (value != null && !value.isBlank()) {
            labels.put(key, value);
        }
    }
}
