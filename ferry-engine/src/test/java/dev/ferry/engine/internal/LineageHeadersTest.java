package dev.ferry.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.engine.Lineage;
import dev.ferry.engine.spi.Emitted;
import dev.ferry.engine.spi.Event;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The lineage headers of a call's outputs, read back with the format's own reader, {@link Lineage#read}. */
class LineageHeadersTest {

    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String PARENT = "00-" + TRACE + "-00f067aa0ba902b7-01";

    @Test
    void an_output_continues_its_input_events_chain_with_a_new_span_the_same_origin_and_one_more_hop() {
        Event in = event(7, 1_000, PARENT, "500", "2");

        Lineage out = read(new LineageHeaders(List.of(in)).of(0));

        assertThat(out.traceId()).isEqualTo(TRACE);
        assertThat(out.spanId()).isNotEqualTo("00f067aa0ba902b7");
        assertThat(out.sampled()).isTrue();
        assertThat(out.originTime()).isEqualTo(Instant.ofEpochMilli(500));
        assertThat(out.hops()).isEqualTo(3);
    }

    @Test
    void the_inputs_flags_are_kept() {
        Event in = event(0, 1_000, "00-" + TRACE + "-00f067aa0ba902b7-00", "500", "1");

        List<Event.Header> headers = new LineageHeaders(List.of(in)).of(0);

        assertThat(text(headers.get(0))).endsWith("-00");
        assertThat(read(headers).sampled()).isFalse();
    }

    @Test
    void an_input_with_no_or_malformed_lineage_starts_a_chain_at_its_own_timestamp_with_one_hop() {
        List<Event> inputs = List.of(
                event(0, 1_111, null, null, null),
                event(1, 2_222, "01-" + TRACE + "-00f067aa0ba902b7-01", "500", "1"),
                event(2, 3_333, "00-00000000000000000000000000000000-00f067aa0ba902b7-01", "500", "1"),
                event(3, 4_444, "00-" + TRACE.toUpperCase() + "-00f067aa0ba902b7-01", "500", "1"),
                event(4, 5_555, PARENT, "soon", "1"),
                event(5, 6_666, PARENT, "500", "0"),
                event(6, 7_777, PARENT, null, "1"),
                event(7, 8_888, PARENT + "-extra", "500", "1"));
        LineageHeaders headers = new LineageHeaders(inputs);
        Set<String> traces = new HashSet<>();

        for (int i = 0; i < inputs.size(); i++) {
            Lineage out = read(headers.of(i));
            assertThat(out.traceId()).as("input %d", i).isNotEqualTo(TRACE);
            assertThat(out.originTime()).as("input %d", i).isEqualTo(Instant.ofEpochMilli(inputs.get(i).timestamp()));
            assertThat(out.hops()).as("input %d", i).isEqualTo(1);
            assertThat(out.sampled()).isTrue();
            traces.add(out.traceId());
        }
        assertThat(traces).as("a new trace id for each").hasSize(inputs.size());
    }

    @Test
    void what_it_takes_for_a_chain_is_what_the_formats_reader_takes() {
        List<String[]> cases = List.of(
                new String[] {PARENT, "500", "1"},
                new String[] {PARENT, "1764669600000", "41"},
                new String[] {PARENT.substring(0, 54), "500", "1"},
                new String[] {PARENT.replace('-', '_'), "500", "1"},
                new String[] {"00-" + TRACE + "-0000000000000000-01", "500", "1"},
                new String[] {PARENT, "", "1"},
                new String[] {PARENT, "500", "x"},
                new String[] {PARENT, "5 0", "1"});
        for (String[] c : cases) {
            Event in = event(0, 9_999, c[0], c[1], c[2]);
            boolean continued = read(new LineageHeaders(List.of(in)).of(0)).traceId().equals(TRACE);
            assertThat(continued).as("%s %s %s", (Object[]) c)
                    .isEqualTo(Lineage.read(bytes(c[0]), bytes(c[1]), bytes(c[2])).isPresent());
        }
    }

    @Test
    void outputs_of_one_input_share_its_headers_and_each_input_has_its_own_span() {
        LineageHeaders headers = new LineageHeaders(List.of(event(0, 1, PARENT, "500", "1"),
                event(1, 2, PARENT, "500", "1")));

        assertThat(headers.of(0)).isSameAs(headers.of(0));
        assertThat(read(headers.of(0)).spanId()).isNotEqualTo(read(headers.of(1)).spanId());
    }

    @Test
    void an_output_tied_to_no_one_input_continues_the_chain_of_the_earliest_origin_in_the_call() {
        String other = "00-11111111111111111111111111111111-00f067aa0ba902b7-01";
        LineageHeaders headers = new LineageHeaders(List.of(event(0, 5_000, other, "900", "4"),
                event(1, 6_000, PARENT, "300", "2"), event(2, 10_000, null, null, null)));

        Lineage out = read(headers.of(Emitted.UNKNOWN));

        assertThat(out.traceId()).isEqualTo(TRACE);
        assertThat(out.originTime()).isEqualTo(Instant.ofEpochMilli(300));
        assertThat(out.hops()).isEqualTo(3);
        assertThat(out.spanId()).isNotEqualTo(read(headers.of(1)).spanId());
    }

    @Test
    void large_origins_and_hop_counts_are_written_as_decimal_text() {
        Event in = event(0, 1, PARENT, "1764669600123", "99");

        List<Event.Header> headers = new LineageHeaders(List.of(in)).of(0);

        assertThat(headers).extracting(Event.Header::name)
                .containsExactly(Lineage.TRACEPARENT, Lineage.ORIGIN_TIME, Lineage.HOPS);
        assertThat(text(headers.get(1))).isEqualTo("1764669600123");
        assertThat(text(headers.get(2))).isEqualTo("100");
        List<Event.Header> started = new LineageHeaders(List.of(event(0, 1764669600456L, null, null, null))).of(0);
        assertThat(text(started.get(1))).isEqualTo("1764669600456");
        assertThat(text(started.get(2))).isEqualTo("1");
    }

    @Test
    void every_number_is_written_as_long_to_string_writes_it() {
        List<Long> numbers = new ArrayList<>(List.of(0L, 1L, 9L, Long.MAX_VALUE, Long.MAX_VALUE - 1));
        for (long p = 10; p > 0 && p <= Long.MAX_VALUE / 10 * 10; p *= 10) {
            numbers.addAll(List.of(p - 1, p, p + 1));
            if (p > Long.MAX_VALUE / 10) {
                break;
            }
        }
        for (long n : numbers) {
            assertThat(new String(LineageHeaders.decimal(n), StandardCharsets.US_ASCII)).isEqualTo(Long.toString(n));
        }
    }

    @Test
    void inputs_of_the_same_millisecond_that_start_chains_share_their_origin_bytes() {
        LineageHeaders headers = new LineageHeaders(List.of(event(0, 1764669600456L, null, null, null),
                event(1, 1764669600456L, null, null, null), event(2, 1764669600457L, null, null, null)));

        assertThat(headers.of(1).get(1).value()).isSameAs(headers.of(0).get(1).value());
        assertThat(text(headers.of(2).get(1))).isEqualTo("1764669600457");
        assertThat(text(headers.of(0).get(1))).isEqualTo("1764669600456");
    }

    private static Lineage read(List<Event.Header> headers) {
        assertThat(headers).hasSize(3);
        return Lineage.read(headers.get(0).value(), headers.get(1).value(), headers.get(2).value()).orElseThrow();
    }

    private static Event event(long offset, long timestamp, String traceparent, String origin, String hops) {
        List<Event.Header> headers = new ArrayList<>();
        headers.add(new Event.Header("other", bytes("x")));
        if (traceparent != null) {
            headers.add(new Event.Header(Lineage.TRACEPARENT, bytes(traceparent)));
        }
        if (origin != null) {
            headers.add(new Event.Header(Lineage.ORIGIN_TIME, bytes(origin)));
        }
        if (hops != null) {
            headers.add(new Event.Header(Lineage.HOPS, bytes(hops)));
        }
        return Event.of("in", 0, offset, timestamp, null, bytes("{}"), headers);
    }

    private static String text(Event.Header h) {
        return new String(h.value(), StandardCharsets.US_ASCII);
    }

    private static byte[] bytes(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.US_ASCII);
    }
}
