package dev.ferry.engine.internal.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The direct tree is always the tree Jackson's valueToTree builds, and written the same way. */
class JsonTreesTest {

    record Point(int x, int y) { }

    private static void assertSameAsJackson(Object value) throws Exception {
        JsonNode expected = Json.MAPPER.valueToTree(value);
        JsonNode actual = JsonTrees.of(value);
        assertThat(actual).isEqualTo(expected);
        assertThat(Json.MAPPER.writeValueAsString(actual)).isEqualTo(Json.MAPPER.writeValueAsString(expected));
    }

    @Test
    void builds_plain_json_data_as_jackson_does() throws Exception {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("id", "evt-1");
        event.put("amount", 37.93);
        event.put("cents", 3793);
        event.put("ts", 1_767_225_600_000L);
        event.put("exact", new BigDecimal("0.10"));
        event.put("huge", new BigInteger("123456789012345678901234567890"));
        event.put("ok", true);
        event.put("none", null);
        event.put("tags", List.of("a", "b"));
        event.put("nested", Map.of("k", Arrays.asList(1, null, Map.of("deep", false))));
        assertSameAsJackson(event);
        assertSameAsJackson(List.of(event, event));
        assertSameAsJackson("just a string");
    }

    @Test
    void leaves_anything_else_to_jackson() throws Exception {
        Map<String, Object> event = new HashMap<>();
        event.put("point", new Point(1, 2));
        event.put("when", Instant.parse("2026-11-25T12:00:00Z"));
        event.put("ratio", 0.5f);
        event.put("nan", Double.NaN);
        assertSameAsJackson(event);
        assertSameAsJackson(Map.of(7, "a non-string key"));
        assertSameAsJackson(new Point(3, 4));
    }
}
