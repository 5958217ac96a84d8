package dev.ferry.faults;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How the app's consumer group rebalances, which decides what a kill or a scale-out does to the
 * batch in flight. Each choice comes with the broker and consumer settings that make a dead member
 * leave the group after {@code sessionTimeout} rather than Kafka's default 45 seconds.
 */
enum GroupProtocol {

    /** The engine's default: the classic protocol with Kafka's default assignors (range first): eager, every partition is revoked. */
    CLASSIC,
    /** The classic protocol with the cooperative-sticky assignor: only moving partitions are revoked. */
    COOPERATIVE,
    /** KIP-848's consumer protocol: the broker assigns, incrementally. */
    CONSUMER;

    /** The name on the command line, e.g. {@code cooperative}. */
    String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a command-line value; the error lists the choices. */
    static GroupProtocol parse(String value) {
        for (GroupProtocol p : values()) {
            if (p.key().equals(value.trim().toLowerCase(Locale.ROOT))) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown group protocol '" + value + "'; expected classic, cooperative or consumer");
    }

    /** Broker settings: short session timeouts allowed, and set for the consumer protocol (where the broker owns them). */
    Map<String, String> brokerProperties(Duration sessionTimeout) {
        return Map.of(
                "group.min.session.timeout.ms", "500",
                "group.consumer.min.session.timeout.ms", "1000",
                "group.consumer.session.timeout.ms", Long.toString(sessionTimeout.toMillis()),
                "group.consumer.min.heartbeat.interval.ms", "250",
                "group.consumer.heartbeat.interval.ms", Long.toString(heartbeat(sessionTimeout).toMillis()));
    }

    /** The app's profile settings for this protocol, as {@code key=value}. */
    List<String> profileSettings(Duration sessionTimeout) {
        String session = "kafka.consumer.session.timeout.ms=" + sessionTimeout.toMillis();
        String heartbeat = "kafka.consumer.heartbeat.interval.ms=" + heartbeat(sessionTimeout).toMillis();
        return switch (this) {
            case CLASSIC -> List.of(session, heartbeat);
            case COOPERATIVE -> List.of(session, heartbeat, "kafka.consumer.partition.assignment.strategy="
                    + "org.apache.kafka.clients.consumer.CooperativeStickyAssignor");
            case CONSUMER -> List.of("kafka.consumer.group.protocol=consumer");
        };
    }

    private static Duration heartbeat(Duration sessionTimeout) {
        return Duration.ofMillis(Math.max(250, sessionTimeout.toMillis() / 6));
    }
}
