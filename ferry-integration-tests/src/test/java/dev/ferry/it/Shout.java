package dev.ferry.it;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Plain Java functions with no annotation, run from the descriptors under {@code descriptors/}: each
 * shouts the words it is given.
 */
public final class Shout {

    private Shout() {
    }

    /** Each {@code {"word": w}} as {@code {"word": "W!", "length": n}} ({@code shout.yaml}). */
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

    /** Each line of text, upper-cased with a '!' ({@code text-shout.yaml}). */
    public static List<String> shoutText(List<String> lines) {
        return lines.stream().map(l -> l.toUpperCase(Locale.ROOT) + "!").toList();
    }

    /** Each {@code {"word": w}} as the text {@code W!} ({@code word-to-text.yaml}). */
    public static List<String> shoutWord(List<Map<String, Object>> words) {
        return words.stream().map(w -> String.valueOf(w.get("word")).toUpperCase(Locale.ROOT) + "!").toList();
    }
}
