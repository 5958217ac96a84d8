package dev.ferry.engine;

import dev.ferry.api.Ferry;
import dev.ferry.api.Output;
import dev.ferry.engine.internal.java.JavaFunctionRuntime;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Reads a {@code @Ferry} method into an {@link AppDescriptor}: the annotation's attributes, its
 * outputs' schema sources (documents read now, so a missing one fails at once) and a check of the
 * method's signature by the Java runtime that will call it.
 */
final class AnnotationReader {

    private AnnotationReader() {
    }

    static AppDescriptor read(Class<?> type) {
        List<Method> methods = ferryMethods(type);
        if (methods.isEmpty()) {
            throw new AppDefinitionException(type.getName() + " has no method annotated with @Ferry: annotate the "
                    + "function to run, e.g. @Ferry(app = \"hello-world\", topics = \"some.topic\")");
        }
        if (methods.size() > 1) {
            throw new AppDefinitionException(type.getName() + " has " + methods.size() + " @Ferry methods ("
                    + methods.stream().map(AnnotationReader::appNameOf).collect(Collectors.joining(", "))
                    + "): choose one by app name");
        }
        return read(methods.get(0));
    }

    static AppDescriptor read(Class<?> type, String app) {
        List<Method> methods = ferryMethods(type);
        if (methods.stream().filter(m -> appNameOf(m).equals(app)).count() > 1) {
            throw new AppDefinitionException(type.getName() + " has more than one @Ferry app named '" + app
                    + "': app names must be unique");
        }
        return methods.stream().filter(m -> appNameOf(m).equals(app)).findFirst().map(AnnotationReader::read)
                .orElseThrow(() -> new AppDefinitionException(type.getName() + " has no @Ferry app named '" + app
                        + "'; it has: " + methods.stream().map(AnnotationReader::appNameOf)
                        .collect(Collectors.joining(", "))));
    }

    static AppDescriptor read(Method method) {
        Ferry ferry = method.getAnnotation(Ferry.class);
        if (ferry == null) {
            throw new AppDefinitionException(describe(method) + " is not annotated with @Ferry");
        }
        String where = "@Ferry on " + describe(method);
        Class<?> owner = method.getDeclaringClass();
        AppDescriptor.Builder b = AppDescriptor.builder(ferry.app())
                .origin(where)
                .topics(ferry.topics())
                .inputFormat(ferry.inputFormat().isBlank() ? null : ferry.inputFormat())
                .start(ferry.start())
                .batchSize(ferry.batchSize())
                .consumers(ferry.consumers())
                .concurrency(ferry.concurrency())
                .delivery(ferry.delivery())
                .description(ferry.description())
                .owner(ferry.owner())
                .function(FunctionRef.java(owner.getName(), method.getName()))
                .classLoader(owner.getClassLoader());
        for (Output o : ferry.outputs()) {
            b.output(output(o, owner, where));
        }
        AppDescriptor descriptor = b.build();
        JavaFunctionRuntime.check(method, descriptor.outputs().size(), where);
        return descriptor;
    }

    private static OutputDescriptor output(Output o, Class<?> owner, String where) {
        if (!o.jsonSchema().isBlank() && !o.schemaResource().isBlank()) {
            throw new AppDefinitionException(where + ": output topic '" + o.topic() + "' gives both jsonSchema and "
                    + "schemaResource: give one schema document");
        }
        String resource = !o.jsonSchema().isBlank() ? o.jsonSchema() : o.schemaResource();
        Optional<OutputDescriptor.SchemaDocument> document = resource.isBlank() ? Optional.empty()
                : Optional.of(SchemaDocuments.resource(resource, owner.getClassLoader(), o.topic(), where));
        Optional<String> type = o.schema() == void.class ? Optional.empty() : Optional.of(o.schema().getName());
        Optional<String> payload = o.payload() == void.class ? Optional.empty() : Optional.of(o.payload().getName());
        return new OutputDescriptor(o.topic(), o.format().isBlank() ? Optional.empty() : Optional.of(o.format()),
                type, payload, document, o.version().isEmpty() ? Optional.empty() : Optional.of(o.version()));
    }

    static List<Method> ferryMethods(Class<?> type) {
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
}
