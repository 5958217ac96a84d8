package dev.ferry.it;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A plain Java function with no annotation: {@code descriptors/shout.yaml} says how it runs. Each
 * {@code {"word": w}} becomes {@code {"word": "W!", "length": n}}.
 */
public final class Shout {

    private Shout() {
    }

    /** Shouts every word. */
    public static List<Map<String, Object>> shout(List<Map<String, Object>> words) {
        List<Map<String, Object>> out = new ArrayList<>(words.size());
        for (Map<String, Object> w : words) {
            String word = String.valueOf(w.get("word"));
            Map<String, Object> loud = new LinkedHashMap<>();
            loud.put("word", word.toUpperCase(Locale.ROOT) + "!");
            loud.put("length", word.length());
            out.add(loud);
        }
        return out;
    }
}
