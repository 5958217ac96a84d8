package dev.ferry.engine.internal.java;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.api.InputEvent;
import dev.ferry.engine.AppDefinitionException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * What a {@code @Ferry} method takes and returns, worked out once from its generic signature so
 * that decoding and collecting outputs never reflect on types per event.
 *
 * @param input      how each event is decoded
 * @param elementType the decoded value's type ({@code String}, {@code Map} or the author's type)
 * @param wrapped    whether each value is wrapped in an {@link InputEvent}
 * @param output     how the return value maps to output topics
 * @param async      whether the function returns a {@code CompletableFuture} or {@code CompletionStage}
 *                   of its outputs rather than the outputs themselves
 */
record FunctionShape(InputKind input, Type elementType, boolean wrapped, OutputKind output, boolean async) {

    /** How an input event's bytes become the function's element. */
    public enum InputKind {
        /** The raw JSON text. */
        STRING,
        /** A {@code Map<String, Object>} of the JSON object. */
        MAP,
        /**
         * Jackson's tree of the event ({@code JsonNode}, or {@code ObjectNode} for an object): parsed
         * once, and written back as is if the function returns it, with no conversion either way.
         */
        TREE,
        /** The author's record or bean type. */
        TYPED
    }

    /** How the function's return value maps to output topics. */
    public enum OutputKind {
        /** Nothing is emitted. */
        NOTHING,
        /** A list of events for the single output topic. */
        LIST,
        /** A map from output topic to its list of events. */
        MAP
    }

    /** Reads a method's shape, or explains which parameter or return types are accepted. */
    public static FunctionShape of(Method method, int outputCount, String where) {
        if (method.getParameterCount() != 1) {
            throw new AppDefinitionException(where + ": the function must take exactly one parameter, a List of "
                    + "events (List<String>, List<Map<String, Object>>, List<YourRecord>, List<JsonNode> or List<InputEvent<...>>); "
                    + "it takes " + method.getParameterCount());
        }
        Type param = method.getGenericParameterTypes()[0];
        Type element = listElement(param);
        if (element == null) {
            throw unknownParameter(where, param);
        }
        boolean wrapped = false;
        if (element == InputEvent.class) {
            throw unknownParameter(where, param);
        }
        if (element instanceof ParameterizedType p && p.getRawType() == InputEvent.class) {
            wrapped = true;
            element = p.getActualTypeArguments()[0];
        }
        InputKind kind = inputKind(element);
        if (kind == null) {
            throw unknownParameter(where, param);
        }
        if (kind == InputKind.TYPED && !((Class<?>) element).isRecord()) {
            throw new AppDefinitionException(where + ": input type " + element.getTypeName() + " is not a record: "
                    + "declare it as a record, so that a missing field is an error rather than a silent default");
        }
        Type returned = method.getGenericReturnType();
        boolean async = isFuture(method.getReturnType());
        if (async) {
            if (!(returned instanceof ParameterizedType p)) {
                throw new AppDefinitionException(where + ": the function returns a raw " + method.getReturnType()
                        .getSimpleName() + ": say what it completes with, e.g. CompletableFuture<List<YourRecord>> "
                        + "or CompletableFuture<Void>");
            }
            returned = p.getActualTypeArguments()[0];
        }
        return new FunctionShape(kind, element, wrapped, outputKind(returned, outputCount, where), async);
    }

    private static boolean isFuture(Class<?> type) {
        return type == CompletableFuture.class || type == CompletionStage.class;
    }

    private static Type listElement(Type param) {
        if (param instanceof ParameterizedType p && p.getRawType() == List.class) {
            Type arg = p.getActualTypeArguments()[0];
            if (arg instanceof WildcardType w && w.getLowerBounds().length == 0 && w.getUpperBounds().length == 1) {
                arg = w.getUpperBounds()[0];
            }
            return arg;
        }
        return null;
    }

    private static InputKind inputKind(Type element) {
        if (element == String.class) {
            return InputKind.STRING;
        }
        if (element == JsonNode.class || element == ObjectNode.class) {
            return InputKind.TREE;
        }
        if (element == Map.class || element instanceof ParameterizedType p && p.getRawType() == Map.class
                && p.getActualTypeArguments()[0] == String.class) {
            return InputKind.MAP;
        }
        if (element instanceof Class<?> c && c != Object.class && !c.isPrimitive() && !c.isInterface()
                && !c.isArray() && !Modifier.isAbstract(c.getModifiers()) && !c.getName().startsWith("java.")) {
            return InputKind.TYPED;
        }
        return null;
    }

    private static AppDefinitionException unknownParameter(String where, Type param) {
        return new AppDefinitionException(where + ": unknown parameter type " + param.getTypeName()
                + ": take List<String> (raw JSON), List<Map<String, Object>>, List<YourRecord>, "
                + "List<JsonNode> or List<ObjectNode> (Jackson's tree), or List<InputEvent<...>> of one of those");
    }

    private static OutputKind outputKind(Type returned, int outputCount, String where) {
        Class<?> ret = rawClass(returned);
        if (ret == void.class || ret == Void.class) {
            if (outputCount > 0) {
                throw new AppDefinitionException(where + ": the function returns nothing but declares " + outputCount
                        + " output topic(s): return a List of events (one output) or a Map from topic to events");
            }
            return OutputKind.NOTHING;
        }
        if (ret == List.class || ret == Collection.class) {
            if (outputCount != 1) {
                throw new AppDefinitionException(where + ": the function returns a List, which goes to the single output "
                        + "topic, but declares " + outputCount + " outputs: "
                        + (outputCount == 0 ? "declare one with outputs = @Output(topic = ..., schema = ...)"
                        : "return a Map<String, List<?>> from output topic to its events"));
            }
            return OutputKind.LIST;
        }
        if (ret == Map.class) {
            if (outputCount == 0) {
                throw new AppDefinitionException(where + ": the function returns a Map of events per topic but declares "
                        + "no output topics: declare them with outputs = @Output(topic = ..., schema = ...)");
            }
            return OutputKind.MAP;
        }
        throw new AppDefinitionException(where + ": unknown return type " + returned.getTypeName()
                + ": return void (nothing to emit), a List of events (one output topic) or a Map<String, List<?>> "
                + "from output topic to its events, or a CompletableFuture of one of those (Void for nothing)");
    }

    private static Class<?> rawClass(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> c) {
            return c;
        }
        if (type instanceof WildcardType w && w.getUpperBounds().length == 1) {
            return rawClass(w.getUpperBounds()[0]);
        }
        return Object.class;
    }
}
