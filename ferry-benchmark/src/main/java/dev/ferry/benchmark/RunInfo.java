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
 * @param loadAtStart     the machine's 1-minute load average when the run started, -1 if unknown
 */
record RunInfo(Instant startedAt, long events, int eventBytes, int cores, double memoryGiB, String runtime, String kafka,
               String springKafka, List<String> childJvmOptions, double loadAtStart) {

    static RunInfo now(long events, List<String> childJvmOptions) {
        long memory = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getTotalMemorySize();
        String spring = org.springframework.kafka.core.KafkaTemplate.class.getPackage().getImplementationVersion();
        return new RunInfo(Instant.now().truncatedTo(ChronoUnit.SECONDS), events, averageEventBytes(),
                Runtime.getRuntime().availableProcessors(), memory / (1024.0 * 1024 * 1024),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
                AppInfoParser.getVersion(), Objects.requireNonNullElse(spring, "4.x"), childJvmOptions, loadAverage());
    }

    /** The 1-minute load average from {@code /proc/loadavg}, -1 where it cannot be read. */
    /**
     * A paragraph on the load average at the start and now, warning when other processes competed
     * for the CPU; empty if the load cannot be read.
     */
    String loadParagraph() {
        double loadAtEnd = loadAverage();
        if (loadAtStart() < 0 || loadAtEnd < 0) {
            return "";
        }
        return String.format(java.util.Locale.ROOT, "Load average (1 min) when the run started: %.1f, when it ended: "
                + "%.1f, on %d cores.%s%n%n", loadAtStart(), loadAtEnd, cores(),
                Math.max(loadAtStart(), loadAtEnd) > cores() + 1
                        ? " Other processes competed for the CPU during this run: treat its numbers as rough." : "");
    }

    static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
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
