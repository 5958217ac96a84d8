package dev.ferry.materialize;

import dev.ferry.engine.PlatformProfile;
import dev.ferry.engine.RunningApp;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * The main class of one materialization process, run by {@link MaterializeKillTest} as its own JVM so
 * that it can be killed with SIGKILL like a crashed pod:
 * {@code java -cp CLASSPATH dev.ferry.materialize.MaterializeProcess BOOTSTRAP FILE}.
 */
public final class MaterializeProcess {

    private MaterializeProcess() {
    }

    public static void main(String[] args) throws InterruptedException {
        PlatformProfile profile = PlatformProfile.builder().bootstrapServers(args[0]).set("startup-timeout", "20s")
                .set("shutdown-timeout", "5s")
                // a killed process leaves the group after 3 s, not Kafka's default 45 s (the broker allows it)
                .set("kafka.consumer.session.timeout.ms", "3000").set("kafka.consumer.heartbeat.interval.ms", "500")
                .build();
        RunningApp app = Materialization.prepare(Path.of(args[1]), profile).start();
        Runtime.getRuntime().addShutdownHook(new Thread(app::close, "materialize-stop"));
        System.out.println("started " + app.status());
        new CountDownLatch(1).await();
    }
}
