package dev.ferry.benchmark;

import java.io.IOException;
import java.util.Optional;

/**
 * The benchmark's command: {@code java -jar ferry-benchmark/target/ferry-benchmark.jar [--scenario plain|slow|idle]
 * [--events N] ...}; {@code --help} lists the options. Exit code 0 when every contender finished with all N
 * outputs (slow scenario: and every key in order; a contender this build does not support is skipped), 1 when
 * one did not, 2 on a usage error.
 */
public final class BenchmarkMain {

    private BenchmarkMain() {
    }

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        Optional<BenchmarkOptions> options;
        try {
            options = BenchmarkOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("ferry-benchmark: " + e.getMessage());
            System.exit(2);
            return;
        }
        if (options.isEmpty()) {
            System.out.print(BenchmarkOptions.USAGE);
            System.exit(0);
            return;
        }
        try {
            boolean ok = switch (options.get().scenario()) {
                case SLOW -> SlowBenchmark.passed(new SlowBenchmark(options.get(), System.out).run());
                case IDLE -> IdleBenchmark.passed(new IdleBenchmark(options.get(), System.out).run());
                case PLAIN -> new Benchmark(options.get(), System.out).run();
            };
            System.exit(ok ? 0 : 1);
        } catch (IOException | RuntimeException e) {
            System.err.println("ferry-benchmark failed: " + e);
            e.printStackTrace();
            System.exit(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            System.exit(1);
        }
    }
}
