package dev.ferry.faults;

import dev.ferry.engine.AppDescriptor;
import dev.ferry.engine.AppStatus;
import dev.ferry.engine.FerryEngine;
import dev.ferry.engine.PlatformProfile;
import dev.ferry.engine.RunningApp;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The main class of one app instance, run by the harness as its own JVM so that it can be killed
 * with SIGKILL like a crashed pod:
 *
 * <pre>
 * java -cp CLASSPATH dev.ferry.faults.AppProcess BOOTSTRAP INSTANCE [PROFILE-KEY=VALUE ...]
 * </pre>
 *
 * <p>It starts {@link FaultApp} with {@link FerryEngine} and runs until SIGTERM, when the shutdown
 * hook closes the app (the batch in flight finishes, what is complete is committed). It logs every
 * change of the app's state, so that a halt shows in the instance's log.
 */
public final class AppProcess {

    private static final Logger LOG = LoggerFactory.getLogger(AppProcess.class);
    private static final Duration REPORT_EVERY = Duration.ofMillis(500);

    private AppProcess() {
    }

    /** Starts the app; see the class comment for the arguments. Exit code 2 for wrong arguments. */
    public static void main(String[] args) {
        if (args.length < 2) {
            System.err.println("usage: AppProcess BOOTSTRAP INSTANCE [PROFILE-KEY=VALUE ...]");
            System.exit(2);
        }
        String instance = args[1];
        FaultApp.runAs(instance);
        PlatformProfile profile = profile(args[0], Arrays.asList(args).subList(2, args.length));
        RunningApp app = FerryEngine.start(AppDescriptor.of(FaultApp.class), profile);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("instance {}: stopping", instance);
            app.close();
            LOG.info("instance {}: stopped, {}", instance, app.status());
        }, "ferry-faults-stop"));
        LOG.info("instance {}: started", instance);
        reportUntilKilled(instance, app);
    }

    /** The profile from the bootstrap address and {@code key=value} settings, as in {@code ferry.yaml}. */
    static PlatformProfile profile(String bootstrapServers, List<String> settings) {
        PlatformProfile.Builder b = PlatformProfile.builder().bootstrapServers(bootstrapServers);
        for (String s : settings) {
            int eq = s.indexOf('=');
            if (eq < 1) {
                throw new IllegalArgumentException("profile setting '" + s + "' must be KEY=VALUE");
            }
            b.set(s.substring(0, eq), s.substring(eq + 1));
        }
        return b.build();
    }

    private static void reportUntilKilled(String instance, RunningApp app) {
        AppStatus.State last = null;
        while (true) {
            AppStatus status = app.status();
            if (status.state() != last) {
                LOG.info("instance {}: {}", instance, status);
                last = status.state();
            }
            LockSupport.parkNanos(REPORT_EVERY.toNanos());
        }
    }
}
