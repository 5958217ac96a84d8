package dev.ferry.python;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Python worker process ({@code python3 -m ferry.worker FILE APP}) and the batches in flight to
 * it. Batches are frames on the worker's standard input, answered by id on its standard output, so
 * an {@code async def} function answers them as they finish; the worker's standard error (what the
 * author prints, and tracebacks) goes to the log, and its last lines into the error when it dies.
 */
final class WorkerProcess implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WorkerProcess.class);
    private static final int STDERR_LINES_KEPT = 20;
    private static final ScheduledThreadPoolExecutor TIMEOUTS = timeouts();

    private final String app;
    private final PythonSettings settings;
    private final Process process;
    private final OutputStream stdin;
    private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final CompletableFuture<JsonNode> ready = new CompletableFuture<>();
    private final Deque<String> lastErrors = new ArrayDeque<>();
    private final AtomicLong ids = new AtomicLong();
    private volatile String death;

    private WorkerProcess(String app, PythonSettings settings, Process process) {
        this.app = app;
        this.settings = settings;
        this.process = process;
        this.stdin = new BufferedOutputStream(process.getOutputStream(), 1 << 16);
        Thread reader = new Thread(this::readFrames, "ferry-python-" + app + "-out-" + process.pid());
        reader.setDaemon(true);
        reader.start();
        Thread errors = new Thread(this::readErrors, "ferry-python-" + app + "-err-" + process.pid());
        errors.setDaemon(true);
        errors.start();
    }

    /**
     * Starts a worker and waits for it to say it is ready.
     *
     * @throws WorkerException if the interpreter cannot start, the file fails to import (with its
     *                         traceback), or the worker says nothing within the timeout
     */
    static WorkerProcess start(String app, Path file, PythonSettings settings) throws WorkerException {
        Path folder = file.toAbsolutePath().getParent();
        ProcessBuilder pb = new ProcessBuilder(settings.executable(), "-u", "-m", "ferry.worker",
                file.toAbsolutePath().toString(), app).directory(folder.toFile());
        pb.environment().put("PYTHONPATH", settings.pythonPath(folder));
        pb.environment().put("PYTHONUNBUFFERED", "1");
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new WorkerException("cannot start the Python interpreter '" + settings.executable() + "': "
                    + e.getMessage() + "; install Python 3, or name it with plugins.python.executable");
        }
        WorkerProcess worker = new WorkerProcess(app, settings, process);
        JsonNode hello;
        try {
            hello = worker.ready.get(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            worker.kill();
            throw new WorkerException("the Python worker for " + file + " did not start within "
                    + settings.timeout().toSeconds() + " s (plugins.python.timeout)" + worker.stderrTail());
        } catch (ExecutionException e) {
            worker.kill();
            throw new WorkerException(e.getCause().getMessage());
        } catch (InterruptedException e) {
            worker.kill();
            Thread.currentThread().interrupt();
            throw new WorkerException("interrupted while the Python worker started");
        }
        if (hello.path("type").asText().equals("failed")) {
            worker.kill();
            throw new WorkerException(file.getFileName() + " cannot be run: " + hello.path("error").asText() + "\n"
                    + hello.path("traceback").asText().strip());
        }
        if (!hello.path("type").asText().equals("ready") || hello.path("protocol").asInt() != 1) {
            worker.kill();
            throw new WorkerException("the Python worker answered " + hello + " where protocol 1's ready frame was "
                    + "expected: is the ferry package on its path the engine's own?");
        }
        log.info("python worker for app '{}' started: pid {}, {}", app, process.pid(),
                hello.path("async").asBoolean() ? "async def function" : "function");
        return worker;
    }

    /** Whether the worker can take batches. */
    boolean alive() {
        return death == null && process.isAlive();
    }

    /** Sends one batch; the future completes with the worker's result or error frame, or fails with a {@link WorkerException}. */
    CompletableFuture<JsonNode> call(List<String> messages, List<String> keys) {
        long id = ids.incrementAndGet();
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        if (death != null) {
            fail(id, death);
            return answer;
        }
        Map<String, Object> frame = new LinkedHashMap<>(4);
        frame.put("type", "batch");
        frame.put("id", id);
        frame.put("messages", messages);
        frame.put("keys", keys);
        try {
            synchronized (stdin) {
                Frames.write(stdin, frame);
            }
        } catch (IOException e) {
            died("the Python worker stopped taking batches (" + e.getMessage() + ")");
            return answer;
        }
        int size = messages.size();
        ScheduledFuture<?> timeout = TIMEOUTS.schedule(() -> {
            if (!answer.isDone()) {
                died("the Python worker did not answer a batch of " + size + " events within "
                        + settings.timeout().toSeconds() + " s (plugins.python.timeout): killed as hung");
            }
        }, settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
        answer.whenComplete((answered, failure) -> timeout.cancel(false)); // nor kept for the timeout's length
        return answer;
    }

    private static ScheduledThreadPoolExecutor timeouts() {
        ScheduledThreadPoolExecutor timeouts = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "ferry-python-timeouts");
            t.setDaemon(true);
            return t;
        });
        timeouts.setRemoveOnCancelPolicy(true);
        return timeouts;
    }

    private void readFrames() {
        DataInputStream in = new DataInputStream(Frames.buffered(process.getInputStream()));
        try {
            JsonNode frame;
            while ((frame = Frames.read(in)) != null) {
                String type = frame.path("type").asText();
                if (type.equals("ready") || type.equals("failed")) {
                    ready.complete(frame);
                    continue;
                }
                CompletableFuture<JsonNode> answer = pending.remove(frame.path("id").asLong(-1));
                if (answer == null) {
                    throw new IOException("the worker answered batch " + frame.path("id") + ", which it was not sent");
                }
                answer.complete(frame);
            }
            died(exitedMessage());
        } catch (IOException e) {
            died("the Python worker broke the protocol: " + e.getMessage() + "; killed");
        }
    }

    private String exitedMessage() {
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                return "the Python worker closed its output but did not exit" + stderrTail();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return "the Python worker exited with code " + process.exitValue() + stderrTail();
    }

    private void readErrors() {
        try (BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = err.readLine()) != null) {
                log.info("[python {}] {}", app, line);
                synchronized (lastErrors) {
                    lastErrors.addLast(line);
                    if (lastErrors.size() > STDERR_LINES_KEPT) {
                        lastErrors.removeFirst();
                    }
                }
            }
        } catch (IOException e) {
            // the process is gone; what it said is in the log already
        }
    }

    private String stderrTail() {
        synchronized (lastErrors) {
            return lastErrors.isEmpty() ? "" : "; its last lines on standard error:\n" + String.join("\n", lastErrors);
        }
    }

    private void died(String why) {
        if (death == null) {
            death = why;
        }
        kill();
        ready.completeExceptionally(new WorkerException(why));
        for (Long id : new ArrayList<>(pending.keySet())) {
            fail(id, death);
        }
    }

    private void fail(long id, String why) {
        CompletableFuture<JsonNode> answer = pending.remove(id);
        if (answer != null) {
            answer.completeExceptionally(new WorkerException(why));
        }
    }

    private void kill() {
        process.destroyForcibly();
    }

    /** Asks the worker to stop, waits a little, then kills it. */
    @Override
    public void close() {
        if (death == null) {
            death = "the app is stopping";
        }
        try {
            synchronized (stdin) {
                Frames.write(stdin, Map.of("type", "stop"));
                stdin.close();
            }
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                log.warn("python worker {} of app '{}' did not stop within 5 s: killed", process.pid(), app);
            }
        } catch (IOException e) {
            // already gone
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        died(death);
    }
}
