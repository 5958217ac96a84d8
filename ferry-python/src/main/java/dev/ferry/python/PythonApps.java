package dev.ferry.python;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.api.Delivery;
import dev.ferry.api.Start;
import dev.ferry.engine.AppDefinitionException;
import dev.ferry.engine.AppDescriptor;
import dev.ferry.engine.FunctionRef;
import dev.ferry.engine.OutputDescriptor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The apps a Python file registers, as descriptors the engine runs: asks the file itself
 * ({@code python3 -m ferry.describe FILE}), so that {@code @ferry.register}'s settings and the output
 * schemas (the dict style turned into JSON Schema) are read exactly as the worker will see them.
 */
public final class PythonApps {

    private static final ObjectMapper JSON = new ObjectMapper();

    private PythonApps() {
    }

    /**
     * The app named {@code app} in the file, or its only app when {@code app} is null.
     *
     * @param settings the profile's {@code plugins.python.*} settings (the interpreter, its path)
     * @throws AppDefinitionException naming the file and what to fix: it does not import (with the
     *                                traceback), registers no app, or several and none was chosen
     */
    public static AppDescriptor load(Path file, String app, Map<String, String> settings) {
        List<AppDescriptor> apps = describe(file, settings);
        if (app != null) {
            return apps.stream().filter(a -> a.name().equals(app)).findFirst().orElseThrow(() ->
                    new AppDefinitionException(file.getFileName() + " has no app named '" + app + "'"
                            + (apps.isEmpty() ? "" : "; it registers: " + names(apps))));
        }
        if (apps.isEmpty()) {
            throw new AppDefinitionException(file.getFileName() + " registers no app: decorate the function to run, "
                    + "e.g. @ferry.register(topics='some.topic', output_schema={})");
        }
        if (apps.size() > 1) {
            throw new AppDefinitionException(file.getFileName() + " registers " + apps.size() + " apps; choose one with "
                    + "--app: " + names(apps));
        }
        return apps.get(0);
    }

    /** Every app the file registers, in order. */
    public static List<AppDescriptor> describe(Path file, Map<String, String> settings) {
        Path absolute = file.toAbsolutePath().normalize();
        if (!Files.isRegularFile(absolute)) {
            throw new AppDefinitionException(file + ": no such file");
        }
        PythonSettings python = PythonSettings.of(settings);
        JsonNode described = run(absolute, python);
        if (described.has("error")) {
            throw new AppDefinitionException(file.getFileName() + " cannot be imported: "
                    + described.path("error").asText() + "\n" + described.path("traceback").asText().strip());
        }
        List<AppDescriptor> apps = new ArrayList<>();
        for (JsonNode app : described.path("apps")) {
            apps.add(descriptor(app, absolute));
        }
        return apps;
    }

    private static JsonNode run(Path file, PythonSettings python) {
        ProcessBuilder pb = new ProcessBuilder(python.executable(), "-m", "ferry.describe", file.toString())
                .directory(file.getParent().toFile()).redirectError(ProcessBuilder.Redirect.INHERIT);
        pb.environment().put("PYTHONPATH", python.pythonPath(file.getParent()));
        try {
            Process p = pb.start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(python.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new AppDefinitionException(file.getFileName() + " did not finish importing within "
                        + python.timeout().toSeconds() + " s (plugins.python.timeout)");
            }
            String text = new String(out, StandardCharsets.UTF_8);
            try {
                return JSON.readTree(text);
            } catch (IOException e) {
                throw new AppDefinitionException("python3 -m ferry.describe " + file.getFileName() + " exited with "
                        + p.exitValue() + " and printed no description: " + text.strip());
            }
        } catch (IOException e) {
            throw new AppDefinitionException("cannot start the Python interpreter '" + python.executable() + "' to read "
                    + file.getFileName() + ": " + e.getMessage() + "; install Python 3, or name it with "
                    + "plugins.python.executable", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AppDefinitionException("interrupted while reading " + file.getFileName(), e);
        }
    }

    private static AppDescriptor descriptor(JsonNode d, Path file) {
        String name = d.path("app").asText();
        String origin = file.getFileName() + " (app '" + name + "')";
        AppDescriptor.Builder b = AppDescriptor.builder(name).origin(origin)
                .description(d.path("description").asText(""))
                .owner(d.path("owner").asText(""));
        List<String> topics = new ArrayList<>();
        d.path("topics").forEach(t -> topics.add(t.asText()));
        b.topics(topics);
        if (d.hasNonNull("start")) {
            b.start(Start.valueOf(constant(d.get("start").asText())));
        }
        if (d.hasNonNull("delivery")) {
            b.delivery(Delivery.valueOf(constant(d.get("delivery").asText())));
        }
        if (d.hasNonNull("batch-size")) {
            b.batchSize(d.get("batch-size").asInt());
        }
        if (d.hasNonNull("consumers")) {
            b.consumers(d.get("consumers").asInt());
        }
        if (d.hasNonNull("concurrency")) {
            b.concurrency(d.get("concurrency").asInt());
        }
        for (JsonNode o : d.path("outputs")) {
            String topic = o.path("topic").asText();
            String schema;
            try {
                schema = JSON.writeValueAsString(o.get("json-schema"));
            } catch (IOException e) {
                throw new AppDefinitionException(origin + ": output topic '" + topic + "': " + e.getMessage(), e);
            }
            b.output(new OutputDescriptor(topic, Optional.of("json"), Optional.empty(), Optional.empty(),
                    Optional.of(new OutputDescriptor.SchemaDocument("python:" + file.getFileName() + "#" + topic,
                            schema)),
                    o.hasNonNull("version") ? Optional.of(o.get("version").asText()) : Optional.empty()));
        }
        b.function(new FunctionRef(PythonRuntime.NAME, Map.of("file", file.toString(), "function",
                d.path("function").path("function").asText(), "async", d.path("function").path("async").asText())));
        return b.build();
    }

    private static String constant(String setting) {
        return setting.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    private static String names(List<AppDescriptor> apps) {
        return apps.stream().map(AppDescriptor::name).collect(Collectors.joining(", "));
    }
}
