package dev.ferry.benchmark;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/** What this JVM process has used so far: CPU time (all threads) and its peak resident set size. */
record ProcessStats(long cpuNanos, long peakRssKb) {

    /** Now, for this process; {@code peakRssKb} is -1 where {@code /proc/self/status} is missing (not Linux). */
    static ProcessStats now() {
        long cpu = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
        return new ProcessStats(cpu, vmHwmKb(Path.of("/proc/self/status")));
    }

    /** The {@code VmHWM} line of a {@code /proc/<pid>/status} file, in kB, or -1. */
    static long vmHwmKb(Path status) {
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.substring("VmHWM:".length()).replace("kB", "").trim());
                }
            }
            return -1;
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }
}
