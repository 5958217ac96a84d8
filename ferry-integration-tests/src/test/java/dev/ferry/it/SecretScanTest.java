package dev.ferry.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import dev.ferry.api.Ferry;
import dev.ferry.api.Output;
import dev.ferry.api.Start;
import dev.ferry.engine.AppDescriptor;
import dev.ferry.engine.FerryEngine;
import dev.ferry.engine.PlatformProfile;
import dev.ferry.engine.RunningApp;
import dev.ferry.testkit.TestKafka;
import dev.ferry.testsecurity.SecureBroker;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * An app run over SASL_SSL with a distinctive password never shows it: not in anything logged
 * (Ferry's loggers and Kafka's, whose client configuration dump is at INFO), not in {@code /status},
 * its status reports, its announcement, the profile's own printing, nor the error of a failing start.
 */
class SecretScanTest {

    static final String PASSWORD = "s3cr3t-Zq9-scan-" + Long.toHexString(System.nanoTime());
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    static Path dir;
    static SecureBroker broker;

    public record Echo(int id) { }

    public static class Scanned {
        @Ferry(app = "scanned", topics = "scan.in", start = Start.BEGINNING,
                outputs = @Output(topic = "scan.out", schema = Echo.class))
        public static List<Echo> echo(List<Echo> events) {
            return events;
        }
    }

    public static class Missing {
        @Ferry(app = "scanned-missing", topics = "scan.nowhere", outputs = @Output(topic = "scan.out", schema = Echo.class))
        public static List<Echo> echo(List<Echo> events) {
            return events;
        }
    }

    @BeforeAll
    static void start() {
        broker = SecureBroker.start(dir, PASSWORD);
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    @Test
    void the_password_is_in_no_log_line_status_report_announcement_status_page_or_error() throws Exception {
        List<String> seen = new ArrayList<>();
        PlatformProfile.Builder b = PlatformProfile.builder();
        broker.saslProfile().forEach((k, v) -> b.set(k, v, "platform profile ferry.yaml"));
        PlatformProfile cluster = b.build();
        TestKafka kafka = new TestKafka(cluster);
        PlatformProfile profile = kafka.profile().toBuilder().set("monitoring.port", "0").set("instance-id", "pod-0")
                .set("status.topic", "scan.status").set("announce.topic", "scan.apps").build();
        kafka.createTopic("scan.in", 1);
        kafka.createTopic("scan.out", 1);
        kafka.produce("scan.in", List.of("{\"id\": 1}", "{\"id\": 2}"));

        try (Captured log = new Captured()) {
            try (RunningApp app = FerryEngine.start(AppDescriptor.of(Scanned.class), profile)) {
                await().atMost(WAIT).until(() -> app.status().consumed() == 2);
                seen.add(get(app, "/status"));
                seen.add(get(app, "/metrics"));
                seen.add(app.status().toString());
                await().atMost(WAIT).until(() -> !kafka.readAll("scan.status", WAIT).isEmpty()
                        && !kafka.readAll("scan.apps", WAIT).isEmpty());
            }
            kafka.readAll("scan.status", WAIT).stream().map(ConsumerRecord::value).forEach(seen::add);
            kafka.readAll("scan.apps", WAIT).stream().map(ConsumerRecord::value).forEach(seen::add);
            Throwable failed = catchThrowable(() -> FerryEngine.start(AppDescriptor.of(Missing.class), profile));
            assertThat(failed).hasMessageContaining("scan.nowhere");
            seen.add(SecretScan.everything(failed));
            seen.add(profile.toString());
            seen.add(profile.describe().toString());
            seen.add(profile.sources().toString());
            seen.add(profile.settings().toString());
            seen.addAll(log.lines());

            assertThat(log.lines()).as("Kafka's own dump of the client configuration was captured, and hides it")
                    .anyMatch(l -> l.contains("sasl.jaas.config = [hidden]"));
            assertThat(log.lines()).anyMatch(l -> l.contains("app 'scanned' connects to Kafka at '"
                    + broker.bootstrapServers(SecureBroker.SASL) + "'") && l.contains("over SASL_SSL as SASL user 'ferry-app'"));
        }
        assertThat(seen).hasSizeGreaterThan(10);
        for (String text : seen) {
            assertThat(text).doesNotContain(PASSWORD);
        }
    }

    private static String get(RunningApp app, String path) throws IOException, InterruptedException {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                app.monitoringAddress().orElseThrow().resolve(path)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    /** Every event of every logger, DEBUG and up for Ferry's and INFO and up for Kafka's, with stack traces. */
    private static final class Captured implements AutoCloseable {
        private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        private final Logger kafka = (Logger) LoggerFactory.getLogger("org.apache.kafka");
        private final Logger ferry = (Logger) LoggerFactory.getLogger("dev.ferry");
        private final Level kafkaLevel = kafka.getLevel();
        private final Level ferryLevel = ferry.getLevel();
        private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

        Captured() {
            kafka.setLevel(Level.INFO);
            ferry.setLevel(Level.DEBUG);
            appender.start();
            root.addAppender(appender);
        }

        List<String> lines() {
            synchronized (appender) {
                return appender.list.stream().map(e -> e.getFormattedMessage() + (e.getThrowableProxy() == null ? ""
                        : "\n" + ThrowableProxyUtil.asString(e.getThrowableProxy()))).toList();
            }
        }

        @Override
        public void close() {
            root.detachAppender(appender);
            appender.stop();
            kafka.setLevel(kafkaLevel);
            ferry.setLevel(ferryLevel);
        }
    }
}
