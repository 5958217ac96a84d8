package dev.ferry.engine.internal.java;

import dev.ferry.engine.AppDefinitionException;
import dev.ferry.engine.AppDescriptor;
import dev.ferry.engine.FunctionRef;
import dev.ferry.engine.spi.AppFunction;
import dev.ferry.engine.spi.FunctionContext;
import dev.ferry.engine.spi.FunctionRuntime;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;

/**
 * The built-in runtime, {@code java}: calls a Java method that takes a {@code List} of events, the
 * {@code @Ferry} method or one a descriptor file names ({@code class}, {@code method}). Its
 * signature is read once into a {@link FunctionShape}; a non-static method gets one instance of its
 * class per consumer. Written only against the SPI, as any other runtime is.
 */
public final class JavaFunctionRuntime implements FunctionRuntime {

    @Override
    public String name() {
        return FunctionRef.JAVA;
    }

    /** Checks a method's signature as this runtime will call it; throws naming what to change. */
    public static void check(Method method, int outputCount, String where) {
        FunctionShape.of(method, outputCount, where);
    }

    @Override
    public AppFunction create(FunctionContext context) {
        AppDescriptor app = context.app();
        Method method = method(app);
        FunctionShape shape = FunctionShape.of(method, app.outputs().size(), app.origin());
        method.setAccessible(true);
        Object target = Modifier.isStatic(method.getModifiers()) ? null : instantiate(app, method);
        return new JavaFunction(app, method, target, shape);
    }

    private static Method method(AppDescriptor app) {
        String where = app.origin();
        String className = app.function().setting("class");
        String name = app.function().setting("method");
        if (className == null || name == null) {
            throw new AppDefinitionException(where + ": the java runtime needs the function's class and method, e.g. "
                    + "function: {runtime: java, class: com.acme.Predict, method: predict}");
        }
        Class<?> type;
        try {
            type = Class.forName(className, false, app.classLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new AppDefinitionException(where + ": function class " + className + " is not on the classpath ("
                    + e + ")", e);
        }
        List<Method> candidates = Arrays.stream(type.getDeclaredMethods())
                .filter(m -> m.getName().equals(name) && !m.isSynthetic() && !m.isBridge()).toList();
        if (candidates.isEmpty()) {
            throw new AppDefinitionException(where + ": " + className + " has no method named '" + name + "'");
        }
        if (candidates.size() > 1) {
            List<Method> annotated = candidates.stream().filter(m -> m.isAnnotationPresent(dev.ferry.api.Ferry.class))
                    .toList();
            if (annotated.size() == 1) {
                return annotated.get(0);
            }
            throw new AppDefinitionException(where + ": " + className + " has " + candidates.size() + " methods named '"
                    + name + "': give the function a name of its own");
        }
        return candidates.get(0);
    }

    private static Object instantiate(AppDescriptor app, Method method) {
        Class<?> type = method.getDeclaringClass();
        try {
            Constructor<?> c = type.getDeclaredConstructor();
            c.setAccessible(true);
            return c.newInstance();
        } catch (NoSuchMethodException e) {
            throw new AppDefinitionException("app '" + app.name() + "': " + type.getName() + "#" + method.getName()
                    + " is an instance method, so " + type.getSimpleName() + " needs a no-argument constructor "
                    + "(or make the method static)", e);
        } catch (InvocationTargetException e) {
            throw new AppDefinitionException("app '" + app.name() + "': the constructor of " + type.getName()
                    + " threw " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new AppDefinitionException("app '" + app.name() + "': cannot create " + type.getName() + ": " + e, e);
        }
    }
}
