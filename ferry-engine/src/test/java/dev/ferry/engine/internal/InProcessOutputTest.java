package dev.ferry.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.ferry.engine.spi.Emitted;
import dev.ferry.engine.spi.Event;
import dev.ferry.engine.spi.FormatException;
import dev.ferry.engine.spi.OutputCodec;
import dev.ferry.engine.spi.OutputRecord;
import dev.ferry.engine.spi.OutputSchema;
import dev.ferry.engine.spi.ProcessingException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An output whose format keeps its events in the process (a materialization's rows): handed to the
 * sink as the objects emitted, checked but never encoded, and without lineage headers, while the
 * app's other outputs are encoded as before.
 */
class InProcessOutputTest {

    /** A row the in-process codec takes. */
    record Row(String client) {
    }

    private static final class RowCodec implements OutputCodec {
        int encoded;

        @Override
        public OutputSchema schema() {
            return new OutputSchema("rows", "json-schema", "{\"type\": \"object\"}");
        }

        @Override
        public byte[] encode(Object value) {
            encoded++;
            return new byte[] {1};
        }

        @Override
        public boolean inProcess() {
            return true;
        }

        @Override
        public void check(Object value) throws FormatException {
            if (!(value instanceof Row)) {
                throw new FormatException("not a Row: " + value.getClass().getSimpleName());
            }
        }
    }

    private static final class TextCodec implements OutputCodec {
        @Override
        public OutputSchema schema() {
            return new OutputSchema("text", "none", "");
        }

        @Override
        public byte[] encode(Object value) {
            return value.toString().getBytes(StandardCharsets.UTF_8);
        }
    }

    private final RowCodec rows = new RowCodec();
    private final OutputEncoder encoder = encoder();

    private OutputEncoder encoder() {
        Map<String, OutputCodec> codecs = new LinkedHashMap<>();
        codecs.put("rows", rows);
        codecs.put("texts", new TextCodec());
        return new OutputEncoder("app", codecs, Map.of(), true);
    }

    private static List<Event> inputs(int n) {
        return java.util.stream.IntStream.range(0, n)
                .mapToObj(i -> Event.of("in", 0, i, 1_000L + i, null, ("e" + i).getBytes(StandardCharsets.UTF_8), List.of()))
                .toList();
    }

    @Test
    void in_process_events_reach_the_sink_as_the_objects_emitted_unencoded_and_without_lineage() throws Exception {
        Row first = new Row("a");
        Row second = new Row("b");

        List<OutputRecord> out = encoder.encode(inputs(2), List.of(
                new Emitted("rows", "k-a", first, Map.of(), 0), new Emitted("rows", null, second, Map.of(), 1),
                new Emitted("texts", null, "hello", Map.of(), 1)));

        assertThat(out).hasSize(3);
        assertThat(out.get(0).object()).isSameAs(first);
        assertThat(out.get(0).value()).isEmpty();
        assertThat(out.get(0).lineage()).isEmpty();
        assertThat(new String(out.get(0).key(), StandardCharsets.UTF_8)).isEqualTo("k-a");
        assertThat(out.get(0).input()).isZero();
        assertThat(out.get(1).object()).isSameAs(second);
        assertThat(out.get(1).input()).isEqualTo(1);
        assertThat(rows.encoded).isZero();
        // the app's encoded output is as before: bytes and the lineage headers
        assertThat(out.get(2).object()).isNull();
        assertThat(new String(out.get(2).value(), StandardCharsets.UTF_8)).isEqualTo("hello");
        assertThat(out.get(2).lineage()).extracting(Event.Header::name).hasSize(3);
    }

    @Test
    void an_in_process_event_its_codec_refuses_is_rejected_naming_the_topic_and_the_event() {
        ProcessingException e = catchThrowableOfType(() -> encoder.encode(inputs(2), List.of(
                new Emitted("rows", null, new Row("a"), Map.of(), 0), new Emitted("rows", null, "oops", Map.of(), 1))),
                ProcessingException.class);

        assertThat(e.stage()).isEqualTo(ProcessingException.Stage.OUTPUT);
        assertThat(e.getMessage()).contains("output topic 'rows' event 1: not a Row: String");
    }
}
