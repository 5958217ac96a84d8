package dev.ferry.it;

import java.util.List;
import java.util.stream.IntStream;

/** Input events {"id": n} as tests produce them, and the compact JSON the engine writes back for them. */
final class IdEvents {

    private IdEvents() {
    }

    /** {@code {"id": from}} .. {@code {"id": to - 1}}, as a producer would write them. */
    static List<String> ids(int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> "{\"id\": " + i + "}").toList();
    }

    /** The same events as the engine's JSON encoder writes them: {@code {"id":n}}. */
    static List<String> compactIds(int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> "{\"id\":" + i + "}").toList();
    }
}
