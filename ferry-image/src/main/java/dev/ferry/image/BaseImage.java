package dev.ferry.image;

import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.LogEvent;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.TarImage;
import com.google.cloud.tools.jib.frontend.CredentialRetrieverFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * The base image an app image is built on, as the profile's {@code image.base} names it: a registry
 * reference, or {@code docker-archive:PATH}, a tarball as {@code docker save} writes it (what Jib can
 * read from a file). An OCI archive is refused with the command that converts it, because Jib reads
 * none.
 *
 * @param setting   the setting as written
 * @param source    where it came from, for messages (e.g. {@code ferry.yaml: image.base})
 * @param archive   the docker archive, or null for a registry image
 * @param reference the registry reference, or null for an archive
 */
public record BaseImage(String setting, String source, Path archive, ImageReference reference) {

    /** The prefix of a base image read from a {@code docker save} tarball. */
    public static final String DOCKER_ARCHIVE = "docker-archive:";

    /** The base image {@code setting} names; relative archive paths are resolved against {@code workDir}. */
    public static BaseImage parse(String setting, String source, Path workDir) {
        if (setting.startsWith(DOCKER_ARCHIVE)) {
            Path file = workDir.resolve(setting.substring(DOCKER_ARCHIVE.length())).toAbsolutePath().normalize();
            if (!Files.isRegularFile(file)) {
                throw new ImageException(source + ": base image archive " + file + " does not exist");
            }
            return new BaseImage(setting, source, file, null);
        }
        if (setting.startsWith(ImageDestination.OCI_ARCHIVE) || setting.startsWith("oci:")) {
            throw new ImageException(source + ": '" + setting + "': Jib cannot read a base image from an OCI layout; "
                    + "convert it with 'skopeo copy " + setting + " docker-archive:base.tar' and set image.base to "
                    + "docker-archive:base.tar, or push it to a registry");
        }
        return new BaseImage(setting, source, null, ImageDestination.parse(setting, source + " '" + setting + "'"));
    }

    /** Whether the base comes from a registry on this machine, where plain HTTP is allowed. */
    boolean isLocalRegistry() {
        return reference != null && ImageDestination.isLocal(reference.getRegistry());
    }

    /** A Jib builder starting from this base, with the credentials Docker's configuration holds for its registry. */
    JibContainerBuilder builder(Consumer<LogEvent> log) {
        if (archive != null) {
            return Jib.from(TarImage.at(archive));
        }
        CredentialRetrieverFactory credentials = CredentialRetrieverFactory.forImage(reference, log);
        return Jib.from(RegistryImage.named(reference).addCredentialRetriever(credentials.dockerConfig())
                .addCredentialRetriever(credentials.wellKnownCredentialHelpers()));
    }

    @Override
    public String toString() {
        return setting;
    }
}
