package dev.ferry.image;

import java.nio.file.Path;
import java.time.Duration;

/**
 * An image {@code ferry package} made.
 *
 * @param app       the app's name
 * @param reference the image's reference: as pushed, or as the archive names it
 * @param digest    the manifest's digest ({@code sha256:...}), by which a deployment pins exactly this image
 * @param imageId   the digest of the image's configuration
 * @param sizeBytes the image's size: the archive file's, or the pushed blobs' (layers and configuration)
 * @param archive   the archive file, or null for a push
 * @param took      how long building (and pushing) took
 */
public record BuiltImage(String app, String reference, String digest, String imageId, long sizeBytes, Path archive,
                         Duration took) {

    /** The reference pinned to the digest, {@code name:tag@sha256:...}, for a push; the reference otherwise. */
    public String pinned() {
        return archive == null ? reference + "@" + digest : reference;
    }
}
