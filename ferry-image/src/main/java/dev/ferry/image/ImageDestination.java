package dev.ferry.image;

import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * Where {@code ferry package} puts an image: an OCI archive file ({@code oci-archive:PATH}, an OCI
 * image layout in a tar that {@code umoci}, {@code skopeo} and container runtimes read) or a registry
 * ({@code REGISTRY/NAME:TAG}, pushed). A registry must be named: a bare {@code NAME:TAG} would go to
 * Docker Hub, which is never what a platform means.
 *
 * @param archive   the archive file, or null for a push
 * @param reference the image's name: the pushed reference, or the name the archive is tagged with
 */
public record ImageDestination(Path archive, ImageReference reference) {

    /** The prefix of an archive destination. */
    public static final String OCI_ARCHIVE = "oci-archive:";

    /** An OCI archive at {@code archive} whose image is named {@code reference}. */
    public static ImageDestination archive(Path archive, String reference) {
        return new ImageDestination(archive.toAbsolutePath().normalize(), parse(reference, "the image name"));
    }

    /**
     * A destination as {@code --to} gives it: {@code oci-archive:PATH} (relative to {@code workDir}),
     * whose image is named {@code nameForArchive}, or a registry reference.
     */
    public static ImageDestination parse(String to, Path workDir, String nameForArchive) {
        if (to.startsWith(OCI_ARCHIVE)) {
            String path = to.substring(OCI_ARCHIVE.length());
            if (path.isBlank()) {
                throw new ImageException("--to " + to + ": name the archive file, e.g. oci-archive:target/app.oci.tar");
            }
            return archive(workDir.resolve(path), nameForArchive);
        }
        if (to.matches("(docker|docker-archive|docker-daemon|oci|dir|containers-storage):.*")) {
            throw new ImageException("--to " + to + ": unsupported destination; give oci-archive:PATH or a registry "
                    + "reference REGISTRY/NAME:TAG such as registry.example.com/data-science/app:1.0");
        }
        ImageReference ref = parse(to, "--to " + to);
        if (!namesRegistry(to)) {
            throw new ImageException("--to " + to + ": unknown registry: the reference names none, and Ferry does not "
                    + "push to Docker Hub unasked; give REGISTRY/NAME:TAG such as registry.example.com/" + to
                    + " (or docker.io/" + to + " if you mean Docker Hub), or oci-archive:PATH");
        }
        return new ImageDestination(null, ref);
    }

    /** Whether this is a push to a registry. */
    public boolean isRegistry() {
        return archive == null;
    }

    /** Whether the registry is on this machine (localhost, 127.0.0.1, [::1]), where plain HTTP is allowed. */
    public boolean isLocalRegistry() {
        return isLocal(reference.getRegistry());
    }

    /** The archive, if this is one. */
    public Optional<Path> archiveFile() {
        return Optional.ofNullable(archive);
    }

    /** The reference as the user reads it: the archive's {@code oci-archive:PATH} or the registry reference. */
    public String describe() {
        return archive != null ? OCI_ARCHIVE + archive : reference.toString();
    }

    static boolean isLocal(String registry) {
        String host = registry.toLowerCase(Locale.ROOT);
        if (host.startsWith("[")) {
            host = host.substring(0, host.indexOf(']') + 1);
        } else if (host.contains(":")) {
            host = host.substring(0, host.indexOf(':'));
        }
        return host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]");
    }

    /** Whether the first path component of {@code ref} is a registry host, as Docker decides it. */
    static boolean namesRegistry(String ref) {
        int slash = ref.indexOf('/');
        if (slash < 0) {
            return false;
        }
        String first = ref.substring(0, slash);
        return first.contains(".") || first.contains(":") || first.equals("localhost");
    }

    static ImageReference parse(String reference, String what) {
        try {
            return ImageReference.parse(reference);
        } catch (InvalidImageReferenceException e) {
            throw new ImageException(what + ": '" + reference + "' is not a valid image reference; expected "
                    + "[REGISTRY/]NAME[:TAG], with a lower-case name");
        }
    }
}
