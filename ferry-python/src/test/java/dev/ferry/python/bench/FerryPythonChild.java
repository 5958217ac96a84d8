package dev.ferry.python.bench;

import dev.ferry.api.Start;
import dev.ferry.engine.AppDescriptor;
import dev.ferry.engine.FerryEngine;
import dev.ferry.engine.PlatformProfile;
import dev.ferry.engine.RunningApp;
import dev.ferry.python.PythonApps;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The Ferry contender's process: the talk's prediction ({@code examples/python/my_prediction.py}) run by
 * Ferry's engine with a Python worker, batches of 500, on the benchmark's broker, until SIGTERM. The
 * {@code FERRY_*} variables of the environment are read too, so a run can measure a setting
 * ({@code FERRY_CONCURRENCY=2}).
 *
 * <pre>java -cp ... dev.ferry.python.bench.FerryPythonChild BOOTSTRAP PYTHON FILE [BATCH_SIZE]</pre>
 */
public final class FerryPythonChild {

    private FerryPythonChild() {
    }

    public static void main(String[] args) throws InterruptedException {
        Map<String, String> python = Map.of("executable", args[1]);
        AppDescriptor app = PythonApps.load(Path.of(args[2]), null, python).toBuilder()
                .start(Start.BEGINNING).batchSize(args.length > 3 ? Integer.parseInt(args[3]) : 500).build();
        PlatformProfile.Builder settings = PlatformProfile.builder().environment(System.getenv())
                .bootstrapServers(args[0]).set("plugins.python.executable", args[1]);
        PlatformProfile profile = settings.build();
        CountDownLatch stopped = new CountDownLatch(1);
        RunningApp running = FerryEngine.start(app, profile);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            running.close();
            stopped.countDown();
        }));
        stopped.await();
    }
}
