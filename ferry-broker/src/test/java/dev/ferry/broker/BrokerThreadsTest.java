package dev.ferry.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

class BrokerThreadsTest {

    @Test
    void closing_leaves_no_non_daemon_threads_behind_so_the_jvm_can_exit() {
        Set<Thread> before = liveNonDaemonThreads();
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().start();
        broker.createTopic("threads", 1);
        Clients.produce(broker.bootstrapServers(), "threads", "k", "v");
        Clients.consume(broker.bootstrapServers(), "threads", 1);
        assertThat(names(newThreads(before))).as("a running broker has non-daemon threads").isNotEmpty();

        broker.close();

        await().atMost(Duration.ofSeconds(10)).pollInSameThread().untilAsserted(() ->
                assertThat(names(newThreads(before))).as("non-daemon threads left after close").isEmpty());
    }

    @Test
    void closing_deletes_a_temporary_data_directory_and_closing_again_is_harmless() {
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().start();
        Path data = broker.dataDirectory();
        assertThat(data.resolve("meta.properties")).exists();

        broker.close();
        broker.close();

        assertThat(data).doesNotExist();
    }

    private static Set<Thread> newThreads(Set<Thread> before) {
        Set<Thread> now = liveNonDaemonThreads();
        now.removeAll(before);
        return now;
    }

    private static Set<Thread> liveNonDaemonThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && !t.isDaemon())
                .collect(Collectors.toSet());
    }

    private static Set<String> names(Set<Thread> threads) {
        return threads.stream().map(Thread::getName).collect(Collectors.toSet());
    }
}
