package dev.ferry.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ferry.api.Ferry;
import dev.ferry.api.InputEvent;
import dev.ferry.api.Start;
import dev.ferry.engine.AppDescriptor;
import dev.ferry.engine.AppStatus;
import dev.ferry.engine.FerryEngine;
import dev.ferry.engine.PlatformProfile;
import dev.ferry.engine.RunningApp;
import dev.ferry.testkit.EmbeddedKafkaExtension;
import dev.ferry.testkit.TestKafka;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Instances with an {@code instance-id} are static members of their group (README, "Crash
 * recovery"). A static member that only closes would keep its partitions until its session times
 * out; a clean stop of a Ferry app leaves the group, so that another instance takes its partitions
 * at once, as with dynamic members. The session timeout here is 60 s, so that waiting it out could
 * not pass.
 */
class StaticMembershipTest {

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

    private static final Duration WELL_BEFORE_THE_SESSION_TIMEOUT = Duration.ofSeconds(20);

    public static class Recorder {
        static final Map<String, Set<Integer>> PARTITIONS_BY_INSTANCE = new ConcurrentHashMap<>();

        private final String instance = Instances.next;

        @Ferry(app = "static-members", topics = "static-members.in", start = Start.BEGINNING)
        public void record(java.util.List<InputEvent<Map<String, Object>>> events) {
            events.forEach(e -> PARTITIONS_BY_INSTANCE.computeIfAbsent(instance, k -> ConcurrentHashMap.newKeySet())
                    .add(e.partition()));
        }
    }

    /** The name the next instance of {@link Recorder} takes. */
    static final class Instances {
        static volatile String next = "unnamed";
    }

    @Test
    void a_static_member_that_stops_cleanly_hands_its_partitions_on_at_once() {
        TestKafka kafka = KAFKA.client();
        kafka.createTopic("static-members.in", 4);

        try (RunningApp first = start(kafka, "pod-0")) {
            RunningApp second = start(kafka, "pod-1");
            try {
                await().atMost(Duration.ofSeconds(30)).until(() -> kafka.membersWithPartitions("static-members") == 2);
            } finally {
                second.close();
            }
            await().atMost(WELL_BEFORE_THE_SESSION_TIMEOUT).until(() -> kafka.groupMembers("static-members") == 1);

            kafka.produceKeyed("static-members.in", IntStream.range(0, 40)
                    .mapToObj(i -> Map.entry("key-" + i, "{\"n\": " + i + "}")).toList());
            await().atMost(WELL_BEFORE_THE_SESSION_TIMEOUT).until(() -> first.status().consumed() == 40);
            assertThat(Recorder.PARTITIONS_BY_INSTANCE.get("pod-0")).as("the remaining instance has every partition")
                    .containsExactlyInAnyOrder(0, 1, 2, 3);
        }
    }

    @Test
    void a_second_live_instance_with_the_same_instance_id_stops_the_first_which_says_why() {
        TestKafka kafka = KAFKA.client();
        kafka.createTopic("static-members.in", 4);

        try (RunningApp first = start(kafka, "pod-7")) {
            await().atMost(Duration.ofSeconds(30)).until(() -> first.status().partitions() == 4);
            try (RunningApp second = start(kafka, "pod-7")) {
                await().atMost(Duration.ofSeconds(30)).until(() -> first.status().state() == AppStatus.State.HALTED);
                assertThat(first.status().failure()).map(AppStatus.Failure::message).contains("another consumer "
                        + "joined the group with this one's group.instance.id (two live instances share the profile's "
                        + "instance-id, which must be unique per instance); this one stopped, and the other has its "
                        + "partitions");
                await().atMost(Duration.ofSeconds(30)).until(() -> second.status().partitions() == 4);
            }
        }
    }

    private static RunningApp start(TestKafka kafka, String instanceId) {
        PlatformProfile profile = kafka.profile().toBuilder().set("instance-id", instanceId)
                .kafka("consumer", "session.timeout.ms", "60000").build();
        Instances.next = instanceId;
        return FerryEngine.start(AppDescriptor.of(Recorder.class), profile);
    }
}
