package dev.ferry.engine.internal.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The bytes written straight from a value are those of writing its tree, byte for byte. */
class PlainJsonWriterTest {

    private static void assertSameAsTheTree(Object value) throws Exception {
        byte[] expected = Json.MAPPER.writeValueAsBytes(JsonTrees.of(value)); // what the codec wrote before
        assertThat(new String(PlainJsonWriter.write(value), StandardCharsets.UTF_8))
                .isEqualTo(new String(expected, StandardCharsets.UTF_8));
    }

    @Test
    void writes_plain_json_data_as_its_tree_is_written() throws Exception {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("id", "evt-1 \"quoted\" \\ \u00e9\u20ac\uD83D\uDE00 \n\t\u0001");
        event.put("amount", 37.93);
        event.put("tiny", 1e-300);
        event.put("big", 1.7976931348623157e308);
        event.put("negativeZero", -0.0);
        event.put("cents", 3793);
        event.put("ts", 1_767_225_600_000L);
        event.put("huge", new BigInteger("123456789012345678901234567890"));
        event.put("ok", true);
        event.put("none", null);
        event.put("tags", List.of("a", "b"));
        event.put("set", Set.of(1));
        event.put("nested", Map.of("k", Arrays.asList(1, null, Map.of("deep", false))));
        event.put("empty", Map.of());
        assertSameAsTheTree(event);
        assertSameAsTheTree(List.of(event, event, List.of()));
    }

    @Test
    void does_not_write_what_jackson_would_convert() throws Exception {
        assertThat(PlainJsonWriter.write(Map.of("exact", new BigDecimal("0.10")))).isNull();
        assertThat(PlainJsonWriter.write(Map.of("ratio", 0.5f))).isNull();
        assertThat(PlainJsonWriter.write(Map.of("nan", Double.NaN))).isNull();
        assertThat(PlainJsonWriter.write(Map.of(7, "a non-string key"))).isNull();
        assertThat(PlainJsonWriter.write(List.of(Map.of("when", java.time.Instant.EPOCH)))).isNull();
    }

    @Test
    void writes_event_after_event_on_one_thread_even_after_one_it_could_not_write() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertSameAsTheTree(Map.of("n", i));
            assertThat(PlainJsonWriter.write(Map.of("first", "plain", "then", 0.5f))).isNull();
            assertSameAsTheTree(List.of(i, "x"));
            assertSameAsTheTree(Map.of("big", "x".repeat(100_000))); // its buffer is not kept
        }
    }
}
