package dev.ferry.image;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code image.json}: which image {@code ferry package} made last, for {@code ferry deploy} when it is
 * given no {@code --image}: {@code {"app": ..., "image": "REFERENCE", "digest": "sha256:..."}}, plus
 * {@code "archive": PATH} when the image went to an OCI archive rather than a registry.
 */
public final class ImageRecord {

    /** The file's name, next to the archive or in {@code target/ferry/}. */
    public static final String FILE_NAME = "image.json";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ImageRecord() {
    }

    /** Writes {@code image}'s record to {@code file}. */
    public static void write(BuiltImage image, Path file) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("app", image.app());
        record.put("image", image.reference());
        record.put("digest", image.digest());
        if (image.archive() != null) {
            record.put("archive", image.archive().toString());
        }
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, JSON.writeValueAsString(record) + "\n");
        } catch (IOException e) {
            throw new ImageException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
