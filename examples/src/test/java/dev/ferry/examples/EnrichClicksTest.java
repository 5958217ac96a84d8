package dev.ferry.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.examples.EnrichClicks.EnrichedClick;
import dev.ferry.testkit.FerryTestKit;
import dev.ferry.testkit.TestEvent;
import dev.ferry.testkit.TestOutputs;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class EnrichClicksTest {

    @Test
    void enriches_every_click_in_sub_batches_by_user_keeping_each_users_order() {
        List<TestEvent> clicks = IntStream.range(0, 40)
                .mapToObj(i -> TestEvent.of("{\"user\": \"u" + i % 8 + "\", \"page\": \"p" + i + "\"}")
                        .withKey("u" + i % 8))
                .toList();

        TestOutputs out = FerryTestKit.of(EnrichClicks.class).run(clicks.toArray(TestEvent[]::new));

        List<EnrichedClick> enriched = out.events("clicks.enriched", EnrichedClick.class);
        assertThat(enriched).hasSize(40);
        assertThat(out.calls()).as("8 users in one poll make several sub-batches").isGreaterThan(1);
        for (int user = 0; user < 8; user++) {
            String name = "u" + user;
            assertThat(enriched).filteredOn(e -> e.user().equals(name)).extracting(EnrichedClick::page)
                    .containsExactlyElementsOf(IntStream.range(0, 40).filter(i -> i % 8 == name.charAt(1) - '0')
                            .mapToObj(i -> "p" + i).toList());
        }
        assertThat(enriched).allSatisfy(e -> assertThat(e.segment())
                .isEqualTo(EnrichClicks.FeatureStore.segmentOf(e.user())));
    }
}
