package dev.ferry.benchmark;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.apache.kafka.common.utils.AppInfoParser;

/**
 * What a run was made on and with, for the report's heading.
 *
 * @param startedAt       when it started
 * @param events          input events of the throughput run
 * @param eventBytes      the average size of an input event's value
 * @param cores           processors the JVM sees
 * @param memoryGiB       physical memory
 * @param runtime         the Java runtime
 * @param kafka           the Kafka version (clients and broker)
 * @param springKafka     the spring-kafka version
 * @param childJvmOptions the options of every contender's JVM
 * @param busyAtStart     the share of the machine's CPU time other processes used in the second before the
 *                        run started (0 to 1), -1 if unknown
 */
record RunInfo(Instant startedAt, long events, int eventBytes, int cores, double memoryGiB, String runtime, String kafka,
               String springKafka, List<String> childJvmOptions, double busyAtStart) {

    /** Above this share of the CPU busy before the run, the report says that its numbers are rough. */
    static final double BUSY = 0.2;

    /** Jiffies per second in {@code /proc/stat} (USER_HZ, 100 on Linux). */
    private static final double USER_HZ = 100;

    static RunInfo now(long events, List<String> childJvmOptions) {
        long memory = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getTotalMemorySize();
        String spring = org.springframework.kafka.core.KafkaTemplate.class.getPackage().getImplementationVersion();
        return new RunInfo(Instant.now().truncatedTo(ChronoUnit.SECONDS), events, averageEventBytes(),
                Runtime.getRuntime().availableProcessors(), memory / (1024.0 * 1024 * 1024),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
                AppInfoParser.getVersion(), Objects.requireNonNullElse(spring, "4.x"), childJvmOptions, cpuBusy());
    }

    /** Whether other processes used much of the CPU when the run started. */
    boolean busy() {
        return busyAtStart > BUSY;
    }

    /** One line on how busy the CPU was before the run, for the console. */
    String busyLine() {
        return busyAtStart < 0 ? "unknown (no /proc/stat)" : String.format(Locale.ROOT,
                "other processes kept %.0f%% of %d cores busy in the second before the run%s", 100 * busyAtStart, cores,
                busy() ? " (other processes are busy: numbers will be noisy)" : "");
    }

    /**
     * A paragraph on how busy the CPU was before the run, warning when other processes were; empty
     * if that is unknown. (Not the load average: after a run it stays high for minutes, and during one
     * it is mostly the run's own broker and contender.)
     */
    String loadParagraph() {
        if (busyAtStart < 0) {
            return "";
        }
        return String.format(Locale.ROOT, "Other processes used %.0f%% of the %d cores in the second before the run "
                + "started.%s%n%n", 100 * busyAtStart, cores, busy() ? " Treat its numbers as rough." : "");
    }

    /**
     * The share of all cores' time that other processes kept busy over one second, from
     * {@code /proc/stat} less this JVM's own CPU time (it is starting up); -1 where it cannot be read.
     */
    static double cpuBusy() {
        try {
            long ownBefore = ProcessStats.now().cpuNanos();
            long[] before = cpuTimes();
            Thread.sleep(1000);
            long[] after = cpuTimes();
            long ownNanos = ProcessStats.now().cpuNanos() - ownBefore;
            long total = after[0] - before[0];
            if (total <= 0) {
                return -1;
            }
            double busy = 1 - (double) (after[1] - before[1]) / total;
            double own = ownNanos / (total * 1e9 / USER_HZ);
            return Math.max(0, busy - own);
        } catch (IOException | RuntimeException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** Total and idle (idle + iowait) jiffies of all cores. */
    private static long[] cpuTimes() throws IOException {
        String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
        long total = 0;
        for (int i = 1; i < f.length; i++) {
            total += Long.parseLong(f[i]);
        }
        return new long[] {total, Long.parseLong(f[4]) + Long.parseLong(f[5])};
    }

    private static int averageEventBytes() {
        long total = 0;
        for (int i = 0; i < 1000; i++) {
            total += Events.event(i, Events.EPOCH_MS + i).value().length;
        }
        return (int) (total / 1000);
    }

    String summary() {
        return String.format(Locale.ROOT, "%s · %d cores, %.0f GiB · %s · Kafka %s (embedded single-node KRaft broker in the "
                        + "harness JVM) · spring-kafka %s · batch %d · child JVM options: `%s`",
                startedAt, cores, memoryGiB, runtime, kafka, springKafka, ClientSettings.BATCH_SIZE,
                childJvmOptions.isEmpty() ? "(none)" : String.join(" ", childJvmOptions));
    }
}
