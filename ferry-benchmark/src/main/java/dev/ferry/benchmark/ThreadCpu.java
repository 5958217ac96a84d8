package dev.ferry.benchmark;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;

/**
 * CPU time per live Java thread of this JVM, to show in a child's log where its CPU went. Threads that ended
 * are not in it, and neither are the JVM's own (JIT compilers, GC): those are in the process total only.
 */
final class ThreadCpu {

    private static final int TOP = 8;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final Map<Long, Long> nanosById;

    private ThreadCpu(Map<Long, Long> nanosById) {
        this.nanosById = nanosById;
    }

    /** Each live thread's CPU time so far. */
    static ThreadCpu now() {
        Map<Long, Long> cpu = new HashMap<>();
        for (long id : THREADS.getAllThreadIds()) {
            cpu.put(id, THREADS.getThreadCpuTime(id));
        }
        return new ThreadCpu(cpu);
    }

    /** Since JVM start: nothing counted before. */
    static ThreadCpu start() {
        return new ThreadCpu(Map.of());
    }

    /** Prints, to {@code err}, the threads that used the most CPU since this snapshot, under {@code title}. */
    void printSince(String title, PrintStream err) {
        Map<String, Long> used = new HashMap<>();
        for (long id : THREADS.getAllThreadIds()) {
            ThreadInfo info = THREADS.getThreadInfo(id);
            long now = THREADS.getThreadCpuTime(id);
            if (info != null && now >= 0) {
                used.merge(info.getThreadName(), now - Math.max(0, nanosById.getOrDefault(id, 0L)), Long::sum);
            }
        }
        err.println(title + ": CPU ms per live Java thread (top " + TOP + "; JVM threads such as GC and the JIT, "
                + "and threads that ended, are in the process total only)");
        used.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
                .limit(TOP)
                .forEach(e -> err.printf("  %8.1f  %s%n", e.getValue() / 1e6, e.getKey()));
    }
}
