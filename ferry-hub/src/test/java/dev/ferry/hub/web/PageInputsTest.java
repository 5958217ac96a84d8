package dev.ferry.hub.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.hub.PeekRequest;
import dev.ferry.hub.TopicDetail.RatePoint;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the pages read from a request (the peek form, the topics listing) and the rate chart they draw. */
class PageInputsTest {

    @Test
    void an_empty_peek_form_asks_for_the_newest_events() {
        PeekRequest r = PeekQuery.newest().request();
        assertThat(r.partition()).isEmpty();
        assertThat(r.fromOffset()).isEmpty();
        assertThat(r.fromTime()).isEmpty();
        assertThat(r.limit()).isEqualTo(PeekQuery.DEFAULT_LIMIT);
    }

    @Test
    void the_peek_form_reads_partition_offset_time_and_limit() {
        PeekRequest r = new PeekQuery(" 2 ", "17", "2026-12-02T05:00", "5").request();
        assertThat(r.partition()).hasValue(2);
        assertThat(r.fromOffset()).hasValue(17);
        assertThat(r.fromTime()).hasValue(Instant.parse("2026-12-02T05:00:00Z"));
        assertThat(r.limit()).isEqualTo(5);
        assertThat(new PeekQuery("", "", "2026-12-02T05:00:00+01:00", "").request().fromTime())
                .hasValue(Instant.parse("2026-12-02T04:00:00Z"));
    }

    @Test
    void a_bad_peek_field_is_named_with_what_was_typed() {
        assertThatThrownBy(() -> new PeekQuery("x", "", "", "").request()).isInstanceOf(BadRequest.class)
                .hasMessage("partition must be a whole number, got 'x'");
        assertThatThrownBy(() -> new PeekQuery("99999999999", "", "", "").request())
                .hasMessage("partition is out of range: 99999999999");
        assertThatThrownBy(() -> new PeekQuery("", "-3", "", "").request())
                .hasMessage("offset must be 0 or more, got -3");
        assertThatThrownBy(() -> new PeekQuery("", "", "noon", "").request())
                .hasMessage("time must be an ISO-8601 time such as 2026-12-02T05:00:00Z, got 'noon'");
        assertThatThrownBy(() -> new PeekQuery("", "", "", "9999").request())
                .hasMessage("limit must be from 1 to 500, got 9999");
    }

    @Test
    void the_topics_listing_reads_its_parameters_and_refuses_unknown_ones() {
        TopicListing l = TopicListing.of(" clicks ", "rate", "true", false);
        assertThat(l).isEqualTo(new TopicListing("clicks", TopicListing.Sort.RATE, true));
        assertThat(l.query()).isEqualTo("q=clicks&sort=rate&internal=true");
        assertThat(TopicListing.of(null, null, null, false)).isEqualTo(new TopicListing("", TopicListing.Sort.NAME, false));
        assertThat(TopicListing.of(null, "", "", true).showInternal()).isTrue();
        assertThatThrownBy(() -> TopicListing.of(null, null, "yes", false))
                .hasMessage("internal must be true or false, got 'yes'");
    }

    @Test
    void sorting_by_rate_puts_the_busiest_first() {
        InMemoryHubData data = new InMemoryHubData();
        data.rate("scores", 5000);
        assertThat(TopicListing.of("", "rate", "false", false).apply(data.topics()))
                .extracting(t -> t.name()).containsExactly("scores", "clicks", "clicks.enriched");
    }

    @Test
    void the_rate_chart_scales_to_the_busiest_minute() {
        Instant t0 = Instant.parse("2026-12-02T04:00:00Z");
        RateChart chart = RateChart.of(List.of(new RatePoint(t0, 0), new RatePoint(t0.plus(Duration.ofMinutes(1)), 50),
                new RatePoint(t0.plus(Duration.ofMinutes(2)), 100)));
        assertThat(chart.max()).isEqualTo(100);
        assertThat(chart.total()).isEqualTo(150);
        assertThat(chart.first()).isEqualTo("04:00");
        assertThat(chart.last()).isEqualTo("04:02");
        assertThat(chart.bars()).extracting(RateChart.Mark::y)
                .containsExactly((double) chart.baseline(), (chart.baseline() + RateChart.TOP) / 2.0, (double) RateChart.TOP);
        assertThat(chart.line()).isEqualTo("48.0,138.0 340.0,74.0 632.0,10.0");
        assertThat(chart.bars().get(1).title()).isEqualTo("04:01: 50 events");
    }

    @Test
    void the_origin_time_header_is_shown_as_a_time_too() {
        assertThat(Fmt.headerHint("ferry-origin-time", "1796188864696")).isEqualTo("2026-12-02 05:21:04 UTC");
        assertThat(Fmt.headerHint("ferry-origin-time", "soon")).isEmpty();
        assertThat(Fmt.headerHint("traceparent", "1796188864696")).isEmpty();
    }

    @Test
    void an_empty_rate_chart_has_no_points() {
        RateChart chart = RateChart.of(List.of());
        assertThat(chart.bars()).isEmpty();
        assertThat(chart.area()).isEmpty();
    }
}
