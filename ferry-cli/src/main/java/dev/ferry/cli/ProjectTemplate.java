package dev.ferry.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The files of a project {@code ferry new} makes: templates in this jar's resources
 * ({@code dev/ferry/cli/new/*.tmpl}) with {@code {{name}}} variables, and the versions Ferry's own
 * build used ({@code versions.properties}, filled in by Maven), so that a new project depends on
 * exactly what this Ferry is and was tested with.
 */
final class ProjectTemplate {

    private static final String RESOURCES = "new/";
    private static final Pattern VARIABLE = Pattern.compile("\\{\\{([A-Za-z]+)}}");

    private final Map<String, String> variables;

    private ProjectTemplate(Map<String, String> variables) {
        this.variables = variables;
    }

    /**
     * The template for these names. {@code ferry} is how the project's README writes the ferry
     * command, such as the launcher of the checkout this CLI runs from.
     */
    static ProjectTemplate of(ProjectNames names, String owner, String ferry) {
        Properties versions = versions();
        Map<String, String> v = new LinkedHashMap<>();
        v.put("app", names.app());
        v.put("groupId", names.groupId());
        v.put("package", names.packageName());
        v.put("packagePath", names.packagePath());
        v.put("className", names.className());
        v.put("inputTopic", "client.signed_up");
        v.put("outputTopic", names.app() + ".predictions");
        v.put("owner", owner);
        v.put("ferry", ferry);
        v.put("ferryVersion", versions.getProperty("ferry.version"));
        v.put("junitVersion", versions.getProperty("junit.version"));
        v.put("assertjVersion", versions.getProperty("assertj.version"));
        v.put("awaitilityVersion", versions.getProperty("awaitility.version"));
        v.put("logbackVersion", versions.getProperty("logback.version"));
        return new ProjectTemplate(Map.copyOf(v));
    }

    /** The version of Ferry a new project depends on: this CLI's own. */
    String ferryVersion() {
        return variables.get("ferryVersion");
    }

    /** The project's files, relative to its directory, in the order they are listed to the user. */
    List<String> files() {
        return List.copyOf(templatesByFile().keySet());
    }

    /** Each file of the project and the template it is made from. */
    private Map<String, String> templatesByFile() {
        String src = variables.get("packagePath") + "/" + variables.get("className");
        Map<String, String> files = new LinkedHashMap<>();
        files.put("pom.xml", "pom.xml.tmpl");
        files.put("README.md", "README.md.tmpl");
        files.put(".gitignore", "gitignore.tmpl");
        files.put("src/main/java/" + src + ".java", "App.java.tmpl");
        files.put("src/test/java/" + src + "Test.java", "AppTest.java.tmpl");
        files.put("src/test/java/" + src + "IT.java", "AppIT.java.tmpl");
        files.put("src/test/resources/logback-test.xml", "logback-test.xml.tmpl");
        return files;
    }

    /** Writes every file of {@link #files()} under {@code dir}, which exists and is empty. */
    void writeTo(Path dir) throws IOException {
        for (Map.Entry<String, String> f : templatesByFile().entrySet()) {
            Path file = dir.resolve(f.getKey());
            Files.createDirectories(file.getParent());
            Files.writeString(file, render(read(f.getValue())));
        }
    }

    /** {@code text} with every {@code {{name}}} replaced by its value. */
    String render(String text) {
        Matcher m = VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        List<String> unknown = new ArrayList<>();
        while (m.find()) {
            String value = variables.get(m.group(1));
            if (value == null) {
                unknown.add(m.group(1));
                value = m.group();
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        if (!unknown.isEmpty()) {
            throw new IllegalStateException("ferry new's templates use unknown variables " + unknown);
        }
        return out.toString();
    }

    private static Properties versions() {
        Properties p = new Properties();
        try (InputStream in = open("versions.properties")) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    private static String read(String name) {
        try (InputStream in = open(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream open(String name) {
        InputStream in = ProjectTemplate.class.getResourceAsStream(RESOURCES + name);
        if (in == null) {
            throw new IllegalStateException("ferry-cli's jar has no resource dev/ferry/cli/" + RESOURCES + name);
        }
        return in;
    }
}
