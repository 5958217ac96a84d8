package dev.ferry.benchmark;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The idle scenario's measurement in a contender's child JVM: once the contender has settled (joined its group,
 * and for the waiting function, entered it), the CPU time of the whole process over a fixed window, reported as a
 * {@link ChildReport} whose first-event and done times are the window's ends and whose CPU is the window's alone.
 * The threads that used the most CPU in the window go to stderr (the child's log), to show where it went.
 */
final class IdleWindow {

    /** After the start, before measuring: the group join, the first fetches, the JIT of start-up code. */
    private static final Duration SETTLE = Duration.ofSeconds(10);
    private static final Duration ENTER_TIMEOUT = Duration.ofSeconds(60);

    private IdleWindow() {
    }

    /** Settles, measures {@code window}, and returns the report (window ends, CPU in the window, peak RSS). */
    static ChildReport measure(Contender contender, Duration window, PrintStream err) throws InterruptedException {
        if (contender == Contender.FERRY_WAITING && !FerryIdleApp.ENTERED.await(ENTER_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            throw new IllegalStateException("the waiting function was not called within " + ENTER_TIMEOUT.toSeconds() + " s");
        }
        pause(SETTLE);
        ThreadCpu before = ThreadCpu.now();
        long startMs = System.currentTimeMillis();
        long startCpu = ProcessStats.now().cpuNanos();
        pause(window);
        ProcessStats end = ProcessStats.now();
        long endMs = System.currentTimeMillis();
        before.printSince("idle window", err);
        return new ChildReport(ManagementFactory.getRuntimeMXBean().getStartTime(), startMs, endMs,
                end.cpuNanos() - startCpu, end.peakRssKb());
    }

    /** Waits {@code d}: this is the measured window itself, not a synchronisation. */
    private static void pause(Duration d) throws InterruptedException {
        long deadline = System.nanoTime() + d.toNanos();
        for (long left = d.toNanos(); left > 0; left = deadline - System.nanoTime()) {
            LockSupport.parkNanos(left);
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
    }
}
