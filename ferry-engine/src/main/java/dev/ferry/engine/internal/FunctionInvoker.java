package dev.ferry.engine.internal;

import dev.ferry.engine.AppDefinitionException;
import dev.ferry.engine.AppSpec;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

/**
 * Calls the author's function. One invoker per consumer: for an instance method it holds that
 * consumer's own instance, so the author's fields are confined to one thread.
 */
public final class FunctionInvoker {

    private final Method method;
    private final Object target;
    private final boolean async;

    private FunctionInvoker(Method method, Object target, boolean async) {
        this.method = method;
        this.target = target;
        this.async = async;
    }

    /** An invoker with a new instance of the app's class if the function is not static. */
    public static FunctionInvoker create(AppSpec spec) {
        Method m = spec.method();
        m.setAccessible(true);
        return new FunctionInvoker(m, spec.needsInstance() ? instantiate(spec) : null, spec.shape().async());
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

    /** Whether the function returns a future of its outputs. */
    public boolean isAsync() {
        return async;
    }

    /**
     * Calls the function on one batch and waits for its outputs, if it returns a future; an
     * exception it throws, or its future fails with, is reported as a function failure.
     */
    public Object invoke(List<Object> events) throws ProcessingException {
        Object returned = call(events);
        if (!async) {
            return returned;
        }
        try {
            return future(returned).toCompletableFuture().get();
        } catch (ExecutionException e) {
            throw futureFailed(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProcessingException(ProcessingException.Stage.FUNCTION, "interrupted while waiting for the "
                    + "function's future", e);
        }
    }

    /**
     * Calls an async function on one batch and returns its future at once. The future fails with a
     * {@link ProcessingException} if the function's future fails.
     */
    public CompletableFuture<Object> invokeAsync(List<Object> events) throws ProcessingException {
        CompletableFuture<Object> out = new CompletableFuture<>();
        future(call(events)).whenComplete((value, error) -> {
            if (error == null) {
                out.complete(value);
            } else {
                out.completeExceptionally(futureFailed(error instanceof CompletionException && error.getCause() != null
                        ? error.getCause() : error));
            }
        });
        return out;
    }

    @SuppressWarnings("unchecked")
    private static CompletionStage<Object> future(Object returned) throws ProcessingException {
        if (returned == null) {
            throw new ProcessingException(ProcessingException.Stage.FUNCTION, "the function returned null instead of a "
                    + "CompletableFuture; return CompletableFuture.completedFuture(...) for a result at hand", null);
        }
        return (CompletionStage<Object>) returned;
    }

    private static ProcessingException futureFailed(Throwable cause) {
        return new ProcessingException(ProcessingException.Stage.FUNCTION, "the function's future failed with " + cause,
                cause);
    }

    private Object call(List<Object> events) throws ProcessingException {
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
