package dev.ferry.engine;

import dev.ferry.api.Delivery;
import dev.ferry.api.Ferry;
import dev.ferry.api.Output;
import dev.ferry.api.Start;
import dev.ferry.engine.internal.FunctionShape;
import dev.ferry.engine.internal.SchemaSources;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * An app as its author declared it, read once from the {@code @Ferry} method and checked, so that
 * the engine never looks at annotations again and a mistake is reported before anything is
 * consumed. Also what a running app says about itself: name, topics in and out, schemas, owner.
 */
public final class AppSpec {

    private static final Pattern APP_NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,248}");
    private static final Pattern TOPIC_NAME = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

    private final String name;
    private final List<String> topics;
    private final Start start;
    private final int batchSize;
    private final int consumers;
    private final int concurrency;
    private final Delivery delivery;
    private final List<OutputSpec> outputs;
    private final String description;
    private final String owner;
    private final Method method;
    private final FunctionShape shape;

    private AppSpec(Method method, Ferry ferry) {
        String where = "@Ferry on " + describe(method);
        this.method = method;
        this.name = checkName(ferry.app(), where);
        this.topics = checkTopics(ferry.topics(), where);
        this.start = ferry.start();
        this.batchSize = atLeastOne(ferry.batchSize(), "batchSize", where);
        this.consumers = atLeastOne(ferry.consumers(), "consumers", where);
        this.concurrency = checkConcurrency(ferry.concurrency(), where);
        this.delivery = ferry.delivery();
        this.outputs = checkOutputs(ferry.outputs(), method, where);
        this.description = ferry.description();
        this.owner = ferry.owner();
        this.shape = FunctionShape.of(method, outputs.size(), where);
    }

    /** The app declared by the one {@code @Ferry} method of a class. */
    public static AppSpec of(Class<?> type) {
        List<Method> methods = ferryMethods(type);
        if (methods.isEmpty()) {
            throw new AppDefinitionException(type.getName() + " has no method annotated with @Ferry: annotate the "
                    + "function to run, e.g. @Ferry(app = \"hello-world\", topics = \"some.topic\")");
        }
        if (methods.size() > 1) {
            throw new AppDefinitionException(type.getName() + " has " + methods.size() + " @Ferry methods ("
                    + methods.stream().map(AppSpec::appNameOf).collect(Collectors.joining(", "))
                    + "): choose one by app name");
        }
        return of(methods.get(0));
    }

    /** The app with the given name among the {@code @Ferry} methods of a class. */
    public static AppSpec of(Class<?> type, String app) {
        List<Method> methods = ferryMethods(type);
        if (methods.stream().filter(m -> appNameOf(m).equals(app)).count() > 1) {
            throw new AppDefinitionException(type.getName() + " has more than one @Ferry app named '" + app
                    + "': app names must be unique");
        }
        return methods.stream().filter(m -> appNameOf(m).equals(app)).findFirst().map(AppSpec::of)
                .orElseThrow(() -> new AppDefinitionException(type.getName() + " has no @Ferry app named '" + app
                        + "'; it has: " + methods.stream().map(AppSpec::appNameOf).collect(Collectors.joining(", "))));
    }

    /** The app declared by one {@code @Ferry} method. */
    public static AppSpec of(Method method) {
        Ferry ferry = method.getAnnotation(Ferry.class);
        if (ferry == null) {
            throw new AppDefinitionException(describe(method) + " is not annotated with @Ferry");
        }
        return new AppSpec(method, ferry);
    }

    /** The {@code @Ferry} methods declared by a class, in a stable order. */
    public static List<Method> ferryMethods(Class<?> type) {
        return Arrays.stream(type.getDeclaredMethods())
                .filter(m -> m.isAnnotationPresent(Ferry.class))
                .sorted((a, b) -> a.getName().compareTo(b.getName()))
                .collect(Collectors.toList());
    }

    private static String appNameOf(Method m) {
        return m.getAnnotation(Ferry.class).app();
    }

    private static String describe(Method m) {
        return m.getDeclaringClass().getName() + "#" + m.getName();
    }

    private static String checkName(String app, String where) {
        if (app.isBlank()) {
            throw new AppDefinitionException(where + ": app is required: name the app, e.g. app = \"predict-foo\"");
        }
        if (!APP_NAME.matcher(app).matches()) {
            throw new AppDefinitionException(where + ": app '" + app + "' is not a valid app name: use lower-case "
                    + "letters, digits, '.', '_' and '-', starting with a letter or digit");
        }
        return app;
    }

    private static List<String> checkTopics(String[] topics, String where) {
        if (topics.length == 0) {
            throw new AppDefinitionException(where + ": topics is required: name at least one input topic, "
                    + "e.g. topics = \"client.signed_up\"");
        }
        Set<String> seen = new HashSet<>();
        for (String t : topics) {
            checkTopicName(t, "input topic", where);
            if (!seen.add(t)) {
                throw new AppDefinitionException(where + ": input topic '" + t + "' is listed twice");
            }
        }
        return List.of(topics);
    }

    private static void checkTopicName(String topic, String what, String where) {
        if (topic.isBlank() || !TOPIC_NAME.matcher(topic).matches() || topic.equals(".") || topic.equals("..")) {
            throw new AppDefinitionException(where + ": " + what + " '" + topic + "' is not a valid Kafka topic name: "
                    + "use letters, digits, '.', '_' and '-'");
        }
    }

    private static int atLeastOne(int value, String attribute, String where) {
        if (value < 1) {
            throw new AppDefinitionException(where + ": " + attribute + " must be at least 1, got " + value);
        }
        return value;
    }

    /** The most sub-batches of one consumer that may run at once; more would only queue up. */
    public static final int MAX_CONCURRENCY = 1000;

    private static int checkConcurrency(int value, String where) {
        if (value < 0 || value > MAX_CONCURRENCY) {
            throw new AppDefinitionException(where + ": concurrency must be between 1 and " + MAX_CONCURRENCY
                    + " (or 0, the default, to let the platform choose), got " + value);
        }
        return value;
    }

    private List<OutputSpec> checkOutputs(Output[] declared, Method method, String where) {
        List<OutputSpec> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Output o : declared) {
            checkTopicName(o.topic(), "output topic", where);
            if (!seen.add(o.topic())) {
                throw new AppDefinitionException(where + ": output topic '" + o.topic() + "' is declared twice");
            }
            if (topics.contains(o.topic())) {
                throw new AppDefinitionException(where + ": output topic '" + o.topic()
                        + "' is also an input topic: the app would consume its own events forever");
            }
            out.add(SchemaSources.resolve(o, method.getDeclaringClass(), where));
        }
        return List.copyOf(out);
    }

    /** The app's name, also its consumer group id. */
    public String name() {
        return name;
    }

    /** The input topics. */
    public List<String> topics() {
        return topics;
    }

    /** Where a new app starts reading. */
    public Start start() {
        return start;
    }

    /** The most events in one call of the function. */
    public int batchSize() {
        return batchSize;
    }

    /** How many consumers share the input partitions. */
    public int consumers() {
        return consumers;
    }

    /**
     * How many sub-batches the app asked to run at once, or 0 if it left that to the platform
     * profile's {@code concurrency}.
     */
    public int concurrency() {
        return concurrency;
    }

    /** The weakest delivery guarantee the app accepts. */
    public Delivery delivery() {
        return delivery;
    }

    /** The output topics and their schemas. */
    public List<OutputSpec> outputs() {
        return outputs;
    }

    /** The output spec for a topic, if it is declared. */
    public Optional<OutputSpec> output(String topic) {
        return outputs.stream().filter(o -> o.topic().equals(topic)).findFirst();
    }

    /** What the app does, or an empty string. */
    public String description() {
        return description;
    }

    /** Who is on call, or an empty string. */
    public String owner() {
        return owner;
    }

    /** The function. */
    public Method method() {
        return method;
    }

    /** Whether the function needs an instance of its class (it is not static). */
    public boolean needsInstance() {
        return !Modifier.isStatic(method.getModifiers());
    }

    /** The function's parameter and return shapes; engine-internal. */
    public FunctionShape shape() {
        return shape;
    }

    @Override
    public String toString() {
        return "app '" + name + "' (" + describe(method) + "): " + String.join(", ", topics) + " -> "
                + (outputs.isEmpty() ? "nothing" : outputs.stream().map(OutputSpec::topic).collect(Collectors.joining(", ")));
    }
}
