package dev.ferry.engine;

import dev.ferry.api.Delivery;
import dev.ferry.api.Envelope;
import dev.ferry.api.Start;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What an app is, as data: its name, what it reads and writes (with each output's format and schema
 * source), who owns it, how it wants to be run, and which function runtime calls which code. The
 * engine runs apps from descriptors alone and never looks at an annotation again; the hub, the
 * runbook and deployment read the same description.
 *
 * <p>Built from a {@code @Ferry} method ({@link #of(Class)}), from a YAML file for apps that have no
 * Java method ({@link #load(Path)}), or with {@link #builder(String)}. Every way checks the same
 * rules at once, with a sentence naming where the mistake is and how to fix it. Immutable.
 */
public final class AppDescriptor {

    /** The most sub-batches of one consumer that may run at once; more would only queue up. */
    public static final int MAX_CONCURRENCY = 1000;

    private static final Pattern APP_NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,248}");
    private static final Pattern TOPIC_NAME = Pattern.compile("[a-zA-Z0-9._-]{1,249}");
    private static final Pattern PLUGIN_NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    private final String name;
    private final String description;
    private final String owner;
    private final List<String> topics;
    private final Optional<String> inputFormat;
    private final Start start;
    private final int batchSize;
    private final int consumers;
    private final int concurrency;
    private final Delivery delivery;
    private final List<OutputDescriptor> outputs;
    private final FunctionRef function;
    private final String origin;
    private final ClassLoader classLoader;

    private AppDescriptor(Builder b) {
        String where = b.origin;
        this.origin = where;
        this.name = checkName(b.name, where);
        this.topics = checkTopics(b.topics, where);
        this.inputFormat = checkFormat(b.inputFormat, "input format", where);
        this.start = Objects.requireNonNull(b.start, "start");
        this.batchSize = atLeastOne(b.batchSize, "batchSize", where);
        this.consumers = atLeastOne(b.consumers, "consumers", where);
        this.concurrency = checkConcurrency(b.concurrency, where);
        this.delivery = Objects.requireNonNull(b.delivery, "delivery");
        this.outputs = checkOutputs(b.outputs, where);
        this.description = Objects.requireNonNull(b.description, "description");
        this.owner = Objects.requireNonNull(b.owner, "owner");
        if (b.function == null) {
            throw new AppDefinitionException(where + ": no function: say which code runs, e.g. function: {runtime: "
                    + "java, class: com.acme.Predict, method: predict}");
        }
        checkFormat(Optional.of(b.function.runtime()), "function runtime", where);
        this.function = b.function;
        this.classLoader = b.classLoader != null ? b.classLoader : AppDescriptor.class.getClassLoader();
    }

    /** The app declared by the one {@code @Ferry} method of a class. */
    public static AppDescriptor of(Class<?> type) {
        return AnnotationReader.read(type);
    }

    /** The app with the given name among the {@code @Ferry} methods of a class. */
    public static AppDescriptor of(Class<?> type, String app) {
        return AnnotationReader.read(type, app);
    }

    /** The app declared by one {@code @Ferry} method. */
    public static AppDescriptor of(Method method) {
        return AnnotationReader.read(method);
    }

    /** The {@code @Ferry} methods declared by a class, in a stable order. */
    public static List<Method> ferryMethods(Class<?> type) {
        return AnnotationReader.ferryMethods(type);
    }

    /**
     * The app described by a YAML file; classes it names (the function's, output types) are loaded
     * with {@code loader}. Every key is listed in the README's "App descriptor files" section.
     *
     * @throws AppDefinitionException naming the file and the key, if the file is not a valid descriptor
     */
    public static AppDescriptor load(Path file, ClassLoader loader) {
        return DescriptorFile.read(file, loader);
    }

    /** The app described by a YAML file, its classes loaded by Ferry's own class loader. */
    public static AppDescriptor load(Path file) {
        return load(file, Thread.currentThread().getContextClassLoader());
    }

    /** A builder for an app of the given name; its defaults are the annotation's. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** A builder starting from this descriptor. */
    public Builder toBuilder() {
        Builder b = new Builder(name);
        b.description = description;
        b.owner = owner;
        b.topics = topics;
        b.inputFormat = inputFormat;
        b.start = start;
        b.batchSize = batchSize;
        b.consumers = consumers;
        b.concurrency = concurrency;
        b.delivery = delivery;
        b.outputs = new ArrayList<>(outputs);
        b.function = function;
        b.origin = origin;
        b.classLoader = classLoader;
        return b;
    }

    private static String checkName(String app, String where) {
        if (app == null || app.isBlank()) {
            throw new AppDefinitionException(where + ": app is required: name the app, e.g. app = \"predict-foo\"");
        }
        if (!APP_NAME.matcher(app).matches()) {
            throw new AppDefinitionException(where + ": app '" + app + "' is not a valid app name: use lower-case "
                    + "letters, digits, '.', '_' and '-', starting with a letter or digit");
        }
        return app;
    }

    private static List<String> checkTopics(List<String> topics, String where) {
        if (topics.isEmpty()) {
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
        return List.copyOf(topics);
    }

    private static void checkTopicName(String topic, String what, String where) {
        if (topic == null || topic.isBlank() || !TOPIC_NAME.matcher(topic).matches() || topic.equals(".")
                || topic.equals("..")) {
            throw new AppDefinitionException(where + ": " + what + " '" + topic + "' is not a valid Kafka topic name: "
                    + "use letters, digits, '.', '_' and '-'");
        }
    }

    private static Optional<String> checkFormat(Optional<String> name, String what, String where) {
        if (name.isPresent() && !PLUGIN_NAME.matcher(name.get()).matches()) {
            throw new AppDefinitionException(where + ": " + what + " '" + name.get() + "' is not a valid name: use "
                    + "lower-case letters, digits, '.', '_' and '-', such as json or avro");
        }
        return name;
    }

    private static int atLeastOne(int value, String attribute, String where) {
        if (value < 1) {
            throw new AppDefinitionException(where + ": " + attribute + " must be at least 1, got " + value);
        }
        return value;
    }

    private static int checkConcurrency(int value, String where) {
        if (value < 0 || value > MAX_CONCURRENCY) {
            throw new AppDefinitionException(where + ": concurrency must be between 1 and " + MAX_CONCURRENCY
                    + " (or 0, the default, to let the platform choose), got " + value);
        }
        return value;
    }

    private List<OutputDescriptor> checkOutputs(List<OutputDescriptor> declared, String where) {
        Set<String> seen = new HashSet<>();
        for (OutputDescriptor o : declared) {
            checkTopicName(o.topic(), "output topic", where);
            if (!seen.add(o.topic())) {
                throw new AppDefinitionException(where + ": output topic '" + o.topic() + "' is declared twice");
            }
            if (topics.contains(o.topic())) {
                throw new AppDefinitionException(where + ": output topic '" + o.topic()
                        + "' is also an input topic: the app would consume its own events forever");
            }
            checkFormat(o.format(), "format of output topic '" + o.topic() + "'", where);
            if (o.type().isPresent() && o.payloadType().isPresent()) {
                throw new AppDefinitionException(where + ": output topic '" + o.topic() + "' gives both schema and "
                        + "payload: use payload for an Envelope of that type, or schema for the type itself");
            }
            if (o.version().isPresent() && o.version().get().isBlank()) {
                throw new AppDefinitionException(where + ": output topic '" + o.topic() + "' has a blank version: "
                        + "name one, such as the model's version, or leave it out for \"1\"");
            }
            if (o.version().isPresent() && o.type().isPresent() && !o.type().get().equals(Envelope.class.getName())) {
                throw new AppDefinitionException(where + ": output topic '" + o.topic() + "' has version '"
                        + o.version().get() + "', but its events are " + o.type().get() + " (schema), which have no "
                        + "metadata.version: declare payload = " + simpleName(o.type().get()) + ".class for the "
                        + "standard envelope, or leave version out");
            }
            if (o.type().isEmpty() && o.payloadType().isEmpty() && o.document().isEmpty()) {
                throw new AppDefinitionException(where + ": output topic '" + o.topic() + "' has no schema: give "
                        + "schema = YourEvent.class, payload = YourPayload.class (for the standard envelope) or "
                        + "jsonSchema = \"schemas/" + o.topic() + ".json\" (schemaResource = \"schemas/" + o.topic()
                        + ".avsc\" for an Avro topic)");
            }
        }
        return List.copyOf(declared);
    }

    private static String simpleName(String className) {
        return className.substring(Math.max(className.lastIndexOf('.'), className.lastIndexOf('$')) + 1);
    }

    /** The app's name, also its consumer group id. */
    public String name() {
        return name;
    }

    /** What the app does, or an empty string. */
    public String description() {
        return description;
    }

    /** Who is on call, or an empty string. */
    public String owner() {
        return owner;
    }

    /** The input topics. */
    public List<String> topics() {
        return topics;
    }

    /** The format the input events are read in, if the app names one; else the platform's {@code format}. */
    public Optional<String> inputFormat() {
        return inputFormat;
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

    /** The output topics, each with its format and schema source. */
    public List<OutputDescriptor> outputs() {
        return outputs;
    }

    /** The output of a topic, if it is declared. */
    public Optional<OutputDescriptor> output(String topic) {
        return outputs.stream().filter(o -> o.topic().equals(topic)).findFirst();
    }

    /** Which runtime calls which code. */
    public FunctionRef function() {
        return function;
    }

    /**
     * Where the description came from, as errors name it: {@code @Ferry on com.acme.Predict#run}, or
     * {@code app descriptor apps/predict.yaml}.
     */
    public String origin() {
        return origin;
    }

    /** The class loader that loads the classes the descriptor names (function, output types). */
    public ClassLoader classLoader() {
        return classLoader;
    }

    @Override
    public String toString() {
        String from = origin.startsWith("@Ferry on ") ? origin.substring("@Ferry on ".length()) : origin;
        return "app '" + name + "' (" + from + "): " + String.join(", ", topics) + " -> "
                + (outputs.isEmpty() ? "nothing"
                : outputs.stream().map(OutputDescriptor::topic).collect(Collectors.joining(", ")));
    }

    /** Builds a descriptor; {@link #build()} checks it. Defaults are those of {@code @Ferry}. */
    public static final class Builder {
        private final String name;
        private String description = "";
        private String owner = "";
        private List<String> topics = List.of();
        private Optional<String> inputFormat = Optional.empty();
        private Start start = Start.END;
        private int batchSize = 100;
        private int consumers = 1;
        private int concurrency;
        private Delivery delivery = Delivery.PLATFORM;
        private List<OutputDescriptor> outputs = new ArrayList<>();
        private FunctionRef function;
        private String origin;
        private ClassLoader classLoader;

        private Builder(String name) {
            this.name = name;
            this.origin = "app '" + name + "'";
        }

        /** What the app does. */
        public Builder description(String v) {
            description = v;
            return this;
        }

        /** Who is on call. */
        public Builder owner(String v) {
            owner = v;
            return this;
        }

        /** The input topics. */
        public Builder topics(String... v) {
            return topics(List.of(v));
        }

        /** The input topics. */
        public Builder topics(List<String> v) {
            topics = List.copyOf(v);
            return this;
        }

        /** The format of the inputs, or null for the platform's. */
        public Builder inputFormat(String v) {
            inputFormat = Optional.ofNullable(v);
            return this;
        }

        /** Where a new app starts reading. */
        public Builder start(Start v) {
            start = v;
            return this;
        }

        /** The most events per call. */
        public Builder batchSize(int v) {
            batchSize = v;
            return this;
        }

        /** Consumers in the process. */
        public Builder consumers(int v) {
            consumers = v;
            return this;
        }

        /** Sub-batches at once, or 0 for the platform's. */
        public Builder concurrency(int v) {
            concurrency = v;
            return this;
        }

        /** The weakest guarantee the app accepts. */
        public Builder delivery(Delivery v) {
            delivery = v;
            return this;
        }

        /** Adds an output topic. */
        public Builder output(OutputDescriptor v) {
            outputs.add(v);
            return this;
        }

        /** Replaces the output topics. */
        public Builder outputs(List<OutputDescriptor> v) {
            outputs = new ArrayList<>(v);
            return this;
        }

        /** The code to run. */
        public Builder function(FunctionRef v) {
            function = v;
            return this;
        }

        /** Where the description comes from, for messages. */
        public Builder origin(String v) {
            origin = v;
            return this;
        }

        /** The class loader of the classes it names. */
        public Builder classLoader(ClassLoader v) {
            classLoader = v;
            return this;
        }

        /** The descriptor; throws {@link AppDefinitionException} naming the first mistake. */
        public AppDescriptor build() {
            return new AppDescriptor(this);
        }
    }
}
