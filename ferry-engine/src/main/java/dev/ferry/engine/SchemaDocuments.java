package dev.ferry.engine;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads the schema documents that descriptors name, so that a missing one fails before anything runs. */
final class SchemaDocuments {

    private SchemaDocuments() {
    }

    /** A classpath resource, such as {@code schemas/predict.topic.json}. */
    static OutputDescriptor.SchemaDocument resource(String resource, ClassLoader loader, String topic, String where) {
        String path = resource.startsWith("/") ? resource.substring(1) : resource;
        ClassLoader l = loader != null ? loader : ClassLoader.getSystemClassLoader();
        try (InputStream in = l.getResourceAsStream(path)) {
            if (in == null) {
                throw new AppDefinitionException(where + ": output topic '" + topic + "': " + label(resource)
                        + " '" + resource + "' was not found on the classpath (put it under src/main/resources/"
                        + path + ")");
            }
            return new OutputDescriptor.SchemaDocument(resource, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AppDefinitionException(where + ": output topic '" + topic + "': cannot read " + label(resource)
                    + " '" + resource + "': " + e.getMessage(), e);
        }
    }

    /** A file, relative to {@code base} unless absolute; its source is {@code file:<path>}. */
    static OutputDescriptor.SchemaDocument file(String file, Path base, String topic, String where) {
        Path p = base.resolve(file);
        if (!Files.isRegularFile(p)) {
            throw new AppDefinitionException(where + ": output topic '" + topic + "': schema file '" + file
                    + "' does not exist (looked for " + p.toAbsolutePath().normalize() + ")");
        }
        try {
            return new OutputDescriptor.SchemaDocument("file:" + p, Files.readString(p));
        } catch (IOException e) {
            throw new AppDefinitionException(where + ": output topic '" + topic + "': cannot read schema file '" + file
                    + "': " + e.getMessage(), e);
        }
    }

    /** How messages name a document: JSON Schema for {@code .json}, else by its kind. */
    static String label(String source) {
        return source.endsWith(".json") ? "JSON Schema resource" : source.endsWith(".avsc") ? "Avro schema resource"
                : "schema resource";
    }
}
