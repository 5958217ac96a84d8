package dev.ferry.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class BenchmarkOptionsTest {

    @Test
    void defaults_to_a_million_events_every_contender_and_a_latency_run() {
        BenchmarkOptions o = BenchmarkOptions.parse().orElseThrow();

        assertThat(o.events()).isEqualTo(1_000_000);
        assertThat(o.rounds()).isEqualTo(1);
        assertThat(o.scenario()).isEqualTo(Scenario.PLAIN);
        assertThat(o.contenders()).containsExactly(Contender.KAFKA_CLIENTS, Contender.KAFKA_CLIENTS_PIPELINED, Contender.RAW_COPY, Contender.FERRY, Contender.FERRY_PROXY,
                Contender.SPRING_KAFKA, Contender.KAFKA_STREAMS);
        assertThat(o.latency()).isTrue();
        assertThat(o.latencyEvents()).isEqualTo(5_000L * 20);
        assertThat(o.latencyWarmupEvents()).isEqualTo(5_000L * 10);
        assertThat(o.childJvmOptions()).containsExactly(BenchmarkOptions.DEFAULT_CHILD_JVM_OPTIONS.split(" "));
    }

    @Test
    void reads_every_option() {
        BenchmarkOptions o = BenchmarkOptions.parse("--events", "200_000", "--rounds", "3", "--contenders",
                "kafka-streams, ferry", "--no-latency", "--child-jvm-opts", " -Xmx64m  -XX:+UseSerialGC ",
                "--warmup-events", "0").orElseThrow();

        assertThat(o.events()).isEqualTo(200_000);
        assertThat(o.rounds()).isEqualTo(3);
        assertThat(o.contenders()).containsExactly(Contender.FERRY, Contender.KAFKA_STREAMS);
        assertThat(o.latency()).isFalse();
        assertThat(o.childJvmOptions()).isEqualTo(List.of("-Xmx64m", "-XX:+UseSerialGC"));
        assertThat(o.warmupEvents()).isZero();
    }

    @Test
    void the_slow_scenario_defaults_to_50000_events_from_1000_keys_on_1_and_6_partitions() {
        BenchmarkOptions o = BenchmarkOptions.parse("--scenario", "slow").orElseThrow();

        assertThat(o.scenario()).isEqualTo(Scenario.SLOW);
        assertThat(o.events()).isEqualTo(50_000);
        assertThat(o.keys()).isEqualTo(1_000);
        assertThat(o.partitions()).containsExactly(1, 6);
        assertThat(o.waitMs()).isEqualTo(5);
        assertThat(o.concurrency()).isEqualTo(100);
        assertThat(o.contenders()).containsExactly(Contender.FERRY_CONCURRENT, Contender.FERRY_ASYNC,
                Contender.PARALLEL_CONSUMER, Contender.FERRY_SEQUENTIAL);
    }

    @Test
    void reads_the_slow_scenarios_options() {
        BenchmarkOptions o = BenchmarkOptions.parse("--contenders", "ferry-sequential,parallel-consumer", "--scenario", "slow",
                "--events", "200", "--keys", "20", "--partitions", "3, 1", "--wait-ms", "1", "--concurrency", "16")
                .orElseThrow();

        assertThat(o.contenders()).containsExactly(Contender.PARALLEL_CONSUMER, Contender.FERRY_SEQUENTIAL);
        assertThat(o.events()).isEqualTo(200);
        assertThat(o.keys()).isEqualTo(20);
        assertThat(o.partitions()).containsExactly(3, 1);
        assertThat(o.waitMs()).isEqualTo(1);
        assertThat(o.concurrency()).isEqualTo(16);
        assertThatThrownBy(() -> BenchmarkOptions.parse("--scenario", "slow", "--contenders", "ferry"))
                .hasMessage("unknown contender 'ferry' in the slow scenario; known: "
                        + "ferry-concurrent,ferry-async,parallel-consumer,ferry-sequential");
        assertThatThrownBy(() -> BenchmarkOptions.parse("--scenario", "slow", "--rounds", "3"))
                .hasMessageStartingWith("--rounds applies to the plain scenario only");
        assertThatThrownBy(() -> BenchmarkOptions.parse("--scenario", "fast"))
                .hasMessage("unknown scenario 'fast'; known: plain,slow,idle");
    }

    @Test
    void the_idle_scenario_measures_a_30_second_window_of_its_own_contenders() {
        BenchmarkOptions o = BenchmarkOptions.parse("--scenario", "idle").orElseThrow();

        assertThat(o.windowSeconds()).isEqualTo(30);
        assertThat(o.contenders()).containsExactly(Contender.FERRY_NO_INPUT, Contender.FERRY_WAITING,
                Contender.KAFKA_CLIENTS_NO_INPUT);
        assertThat(BenchmarkOptions.parse("--scenario", "idle", "--window-seconds", "5").orElseThrow().windowSeconds())
                .isEqualTo(5);
        assertThatThrownBy(() -> BenchmarkOptions.parse("--scenario", "idle", "--window-seconds", "0"))
                .hasMessage("--window-seconds must be at least 1, got 0");
    }

    @Test
    void help_is_no_options() {
        assertThat(BenchmarkOptions.parse("--events", "5", "--help")).isEmpty();
    }

    @Test
    void mistakes_name_the_option_and_what_it_expects() {
        assertThatThrownBy(() -> BenchmarkOptions.parse("--events", "lots"))
                .hasMessage("--events expects a whole number, got 'lots'");
        assertThatThrownBy(() -> BenchmarkOptions.parse("--events", "0"))
                .hasMessage("--events must be at least 1, got 0");
        assertThatThrownBy(() -> BenchmarkOptions.parse("--rounds"))
                .hasMessage("--rounds needs a value; see --help");
        assertThatThrownBy(() -> BenchmarkOptions.parse("--contenders", "flink"))
                .hasMessage("unknown contender 'flink'; known: kafka-clients,kafka-clients-pipelined,raw-copy,ferry,ferry-proxy,spring-kafka,kafka-streams");
        assertThatThrownBy(() -> BenchmarkOptions.parse("--fast"))
                .hasMessage("unknown option '--fast'; see --help");
    }
}
