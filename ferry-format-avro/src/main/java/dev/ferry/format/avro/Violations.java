package dev.ferry.format.avro;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The violations found in one event, each as {@code $.path: reason}. The path is kept as a stack of
 * field names and indices while the event is walked and only turned into text when something is
 * wrong, so that a valid event costs no strings. Confined to one call; not thread-safe.
 */
final class Violations {

    /** More than this many are counted, not listed: one bad list would otherwise make a huge message. */
    static final int MOST_LISTED = 20;
    private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private String[] names = new String[16];
    private int[] indices = new int[16];
    private int depth;
    private final List<String> listed = new ArrayList<>();
    private int count;

    /** Goes into a field or a map key. */
    void enter(String name) {
        grow();
        names[depth] = name;
        depth++;
    }

    /** Goes into a list item. */
    void enter(int index) {
        grow();
        names[depth] = null;
        indices[depth] = index;
        depth++;
    }

    /** Comes back out of the last field, key or item entered. */
    void leave() {
        depth--;
    }

    private void grow() {
        if (depth == names.length) {
            names = Arrays.copyOf(names, depth * 2);
            indices = Arrays.copyOf(indices, depth * 2);
        }
    }

    /** One violation at the current path. */
    void add(String reason) {
        if (count++ < MOST_LISTED) {
            listed.add(path() + ": " + reason);
        }
    }

    /** How many were found so far; a union tries its branches and goes back to this mark. */
    int count() {
        return count;
    }

    /** Forgets what was found after {@code mark}. */
    void truncate(int mark) {
        while (listed.size() > Math.min(mark, MOST_LISTED)) {
            listed.remove(listed.size() - 1);
        }
        count = mark;
    }

    boolean isEmpty() {
        return count == 0;
    }

    /** Every violation, joined by {@code "; "}. */
    String message() {
        String all = String.join("; ", listed);
        return count > MOST_LISTED ? all + "; and " + (count - MOST_LISTED) + " more" : all;
    }

    private String path() {
        StringBuilder s = new StringBuilder("$");
        for (int i = 0; i < depth; i++) {
            String name = names[i];
            if (name == null) {
                s.append('[').append(indices[i]).append(']');
            } else if (PLAIN_NAME.matcher(name).matches()) {
                s.append('.').append(name);
            } else {
                s.append("['").append(name.replace("'", "\\'")).append("']");
            }
        }
        return s.toString();
    }
}
