package dev.ferry.engine.internal;

import dev.ferry.engine.AppDefinitionException;
import dev.ferry.engine.AppSpec;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.List;

/**
 * Calls the author's function. One invoker per consumer: for an instance method it holds that
 * consumer's own instance, so the author's fields are confined to one thread.
 */
public final class FunctionInvoker {

    private final Method method;
    private final Object target;

    private FunctionInvoker(Method method, Object target) {
        this.method = method;
        this.target = target;
    }

    /** An invoker with a new instance of the app's class if the function is not static. */
    public static FunctionInvoker create(AppSpec spec) {
        Method m = spec.method();
        m.setAccessible(true);
        return new FunctionInvoker(m, spec.needsInstance() ? instantiate(spec) : null);
    }

    private static Object instantiate(AppSpec spec) {
        Class<?> type = spec.method().getDeclaringClass();
        try {
            Constructor<?> c = type.getDeclaredConstructor();
            c.setAccessible(true);
            return c.newInstance();
        } catch (NoSuchMethodException e) {
            throw new AppDefinitionException("app '" + spec.name() + "': " + type.getName() + "#" + spec.method().getName()
                    + " is an instance method, so " + type.getSimpleName() + " needs a no-argument constructor "
                    + "(or make the method static)", e);
        } catch (InvocationTargetException e) {
            throw new AppDefinitionException("app '" + spec.name() + "': the constructor of " + type.getName()
                    + " threw " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new AppDefinitionException("app '" + spec.name() + "': cannot create " + type.getName() + ": " + e, e);
        }
    }

    /** Calls the function on one batch; an exception it throws is reported as a function failure. */
    public Object invoke(List<Object> events) throws ProcessingException {
        try {
            return method.invoke(target, events);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            throw new ProcessingException(ProcessingException.Stage.FUNCTION, "the function threw " + cause, cause);
        } catch (IllegalAccessException e) {
            throw new ProcessingException(ProcessingException.Stage.FUNCTION, "the function cannot be called: " + e, e);
        }
    }
}
