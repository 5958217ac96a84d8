package dev.ferry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The image ferry deploy runs: --image, else the one {@code ferry package} built, from
 * {@code target/ferry/image.json} ({@code {"app": ..., "image": ..., "digest": "sha256:..."}}),
 * pinned by its digest so that every pod runs exactly the image that was built and tested.
 */
final class ImageReference {

    static final Path IMAGE_FILE = Path.of("target", "ferry", "image.json");

    private ImageReference() {
    }

    static String resolve(String option, Path workDir, String app) {
        if (option != null) {
            if (option.isBlank()) {
                throw CliException.usage("--image must name an image, such as registry.example.com/predict:1.0");
            }
            return option;
        }
        Path file = workDir.resolve(IMAGE_FILE);
        if (!Files.isRegularFile(file)) {
            throw new CliException("no image to deploy for app '" + app + "': pass --image REF, or run ferry package "
                    + "first (it writes " + IMAGE_FILE + ")");
        }
        JsonNode json;
        try {
            json = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new CliException(file + " is not valid JSON: " + e.getMessage(), e);
        }
        String image = text(json, "image");
        if (image == null) {
            throw new CliException(file + " names no image (\"image\": \"...\"): run ferry package again, or pass --image");
        }
        String built = text(json, "app");
        if (built != null && !built.equals(app)) {
            throw new CliException(file + " is the image of app '" + built + "', not of app '" + app
                    + "': run ferry package for this app, or pass --image");
        }
        String digest = text(json, "digest");
        if (digest == null || image.contains("@")) {
            return image;
        }
        if (!digest.matches("sha256:[0-9a-f]{64}")) {
            throw new CliException(file + ": \"digest\" must be sha256: and 64 hex digits, got '" + digest + "'");
        }
        return image + "@" + digest; // a tag stays for people to read; the digest is what is pulled
    }

    private static String text(JsonNode json, String field) {
        JsonNode n = json.get(field);
        return n == null || n.isNull() || n.asText().isBlank() ? null : n.asText();
    }
}
