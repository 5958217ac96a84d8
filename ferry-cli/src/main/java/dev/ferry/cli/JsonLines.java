package dev.ferry.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads events as JSON lines (one JSON value per non-blank line) and checks every line before any
 * is used, so that a bad line sends nothing. Each event keeps its text exactly as written.
 */
final class JsonLines {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** One event: its key (from --key-field, else null) and its JSON text. */
    record Event(String key, String json) {
    }

    private JsonLines() {
    }

    /** All events of {@code in}, or a {@link CliException} naming the first bad line. */
    static List<Event> read(BufferedReader in, String keyField) throws IOException {
        List<Event> events = new ArrayList<>();
        int number = 0;
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            number++;
            if (!line.isBlank()) {
                String json = line.strip();
                JsonNode event = parse(json, number);
                events.add(new Event(keyField == null ? null : key(event, keyField, number), json));
            }
        }
        return events;
    }

    private static JsonNode parse(String json, int number) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            int column = e.getLocation() == null ? -1 : e.getLocation().getColumnNr();
            throw new CliException("line " + number + ": not valid JSON: " + firstSentence(e.getOriginalMessage())
                    + (column > 0 ? " (column " + column + ")" : "") + "; nothing was sent");
        }
    }

    private static String key(JsonNode event, String field, int number) {
        JsonNode key = event.get(field);
        if (key == null || key.isNull()) {
            throw new CliException("line " + number + ": no field '" + field + "' for the key (--key-field "
                    + field + "); nothing was sent");
        }
        return key.isValueNode() ? key.asText() : key.toString();
    }

    /** Jackson's message without the parser location it appends after a newline or in brackets. */
    private static String firstSentence(String message) {
        String first = message.lines().findFirst().orElse(message);
        int marker = first.indexOf(" (start marker at");
        return marker > 0 ? first.substring(0, marker) : first;
    }
}
