package dev.ferry.image;

import dev.ferry.engine.PlatformProfile;
import java.nio.file.Path;
import java.util.List;

/**
 * The platform's choices for app images, from the profile's {@code image.*} keys: the base image,
 * the registry prefix, the user, the JVM options and the monitoring port.
 */
public record ImageSettings(BaseImage base, String registry, String user, List<String> jvmOptions,
                            int monitoringPort) {

    public ImageSettings {
        jvmOptions = List.copyOf(jvmOptions);
    }

    /** The settings {@code profile} gives; a relative {@code docker-archive:} base is taken from {@code workDir}. */
    public static ImageSettings of(PlatformProfile profile, Path workDir) {
        return new ImageSettings(BaseImage.parse(profile.imageBase(), profile.source("image.base"), workDir),
                profile.imageRegistry(), profile.imageUser(), profile.imageJvmOptions(), profile.imageMonitoringPort());
    }

    /** The name an app's image gets in an archive or by default: {@code <image.registry>/<app>:<tag>}. */
    public String imageName(String app, String tag) {
        return (registry.isEmpty() ? "" : registry + "/") + app + ":" + tag;
    }
}
