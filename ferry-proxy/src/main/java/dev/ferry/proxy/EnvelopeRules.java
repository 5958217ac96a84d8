package dev.ferry.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * The platform's envelope rules, which the proxy applies to every JSON event it writes (after
 * validating it as the app made it), so the platform changes what envelopes carry without
 * redeploying an app. Two kinds, each optionally limited to some apps and topics:
 *
 * <ul>
 *   <li>{@code set: metadata.producer} with {@code value: "{app}"}: sets a field, making the objects
 *       on its path; {@code {app}} and {@code {topic}} in the value are the writing app and topic.</li>
 *   <li>{@code map: metadata.version} with {@code from: "1"} and {@code to: "2"}: replaces a field's
 *       value when it is {@code from}.</li>
 * </ul>
 *
 * Rules apply in the file's order. An event that is not a JSON object is left as it is.
 */
final class EnvelopeRules {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> KEYS = Set.of("set", "value", "map", "from", "to", "apps", "topics");

    /** No rules. */
    static final EnvelopeRules NONE = new EnvelopeRules(List.of());

    private record Rule(boolean set, String field, List<String> path, String value, String from, Set<String> apps,
                        Set<String> topics) {

        boolean appliesTo(String app, String topic) {
            return (apps.isEmpty() || apps.contains(app)) && (topics.isEmpty() || topics.contains(topic));
        }
    }

    private final List<Rule> rules;

    private EnvelopeRules(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** How many rules there are. */
    int size() {
        return rules.size();
    }

    /**
     * Reads rules from YAML text: {@code rules:}, a list of rules.
     *
     * @throws ProxyException naming {@code where}, the rule's number and what is wrong
     */
    static EnvelopeRules parse(String yaml, String where) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (IOException e) {
            throw new ProxyException(where + ": not YAML: " + e.getMessage(), e);
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            return NONE;
        }
        JsonNode list = root.path("rules");
        if (!root.isObject() || root.size() != 1 || !list.isArray()) {
            throw new ProxyException(where + ": expected 'rules:' and a list of rules (set: FIELD, value: V or map: "
                    + "FIELD, from: A, to: B)");
        }
        List<Rule> rules = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            rules.add(rule(list.get(i), where + ": rule " + (i + 1)));
        }
        return new EnvelopeRules(rules);
    }

    private static Rule rule(JsonNode r, String at) {
        if (!r.isObject()) {
            throw new ProxyException(at + ": expected a mapping such as {set: metadata.producer, value: \"{app}\"}");
        }
        for (Iterator<String> it = r.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!KEYS.contains(k)) {
                throw new ProxyException(at + ": unknown key '" + k + "'; a rule has set and value, or map, from and "
                        + "to, and optionally apps and topics");
            }
        }
        boolean set = r.has("set");
        if (set == r.has("map")) {
            throw new ProxyException(at + ": give exactly one of set: FIELD or map: FIELD");
        }
        String field = r.path(set ? "set" : "map").asText("");
        if (!field.matches("[A-Za-z0-9_\\-]+(\\.[A-Za-z0-9_\\-]+)*")) {
            throw new ProxyException(at + ": '" + field + "' is not a field path such as metadata.producer");
        }
        for (String k : set ? List.of("value") : List.of("from", "to")) {
            if (!r.hasNonNull(k) || !r.get(k).isValueNode()) {
                throw new ProxyException(at + ": " + (set ? "set" : "map") + " needs " + k + ": a text value");
            }
        }
        if (set && (r.has("from") || r.has("to")) || !set && r.has("value")) {
            throw new ProxyException(at + ": set takes value; map takes from and to");
        }
        return new Rule(set, field, List.of(field.split("\\.")), r.path(set ? "value" : "to").asText(),
                r.path("from").asText(), names(r.path("apps"), at + ": apps"), names(r.path("topics"), at + ": topics"));
    }

    private static Set<String> names(JsonNode n, String at) {
        if (n.isMissingNode() || n.isNull()) {
            return Set.of();
        }
        if (n.isTextual()) {
            return Set.of(n.asText());
        }
        if (!n.isArray()) {
            throw new ProxyException(at + ": expected a name or a list of names");
        }
        List<String> out = new ArrayList<>();
        n.forEach(e -> out.add(e.asText()));
        return Set.copyOf(out);
    }

    /**
     * The event {@code value} of {@code app} for {@code topic} with the rules applied; the same array
     * when none applies or it is not a JSON object.
     */
    byte[] apply(String app, String topic, byte[] value) {
        if (rules.isEmpty() || value == null) {
            return value;
        }
        ObjectNode event = null;
        boolean changed = false;
        for (Rule r : rules) {
            if (!r.appliesTo(app, topic)) {
                continue;
            }
            if (event == null) {
                event = parse(value);
                if (event == null) {
                    return value;
                }
            }
            changed |= r.set ? set(event, r, app, topic) : map(event, r);
        }
        if (!changed) {
            return value;
        }
        try {
            return JSON.writeValueAsBytes(event);
        } catch (IOException e) {
            throw new IllegalStateException("a JSON tree just read cannot be written", e);
        }
    }

    private static ObjectNode parse(byte[] value) {
        try {
            return JSON.readTree(value) instanceof ObjectNode o ? o : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static boolean set(ObjectNode event, Rule r, String app, String topic) {
        ObjectNode at = event;
        for (String name : r.path.subList(0, r.path.size() - 1)) {
            JsonNode next = at.get(name);
            if (next instanceof ObjectNode o) {
                at = o;
            } else if (next == null || next.isNull()) {
                at = at.putObject(name);
            } else {
                return false; // a value where the path needs an object: leave the event as its app made it
            }
        }
        at.put(r.path.get(r.path.size() - 1), r.value.replace("{app}", app).replace("{topic}", topic));
        return true;
    }

    private static boolean map(ObjectNode event, Rule r) {
        JsonNode at = event;
        for (String name : r.path.subList(0, r.path.size() - 1)) {
            at = at.path(name);
        }
        String last = r.path.get(r.path.size() - 1);
        if (at instanceof ObjectNode o && o.get(last) != null && o.get(last).isValueNode()
                && o.get(last).asText().equals(r.from)) {
            o.put(last, r.value);
            return true;
        }
        return false;
    }
}
