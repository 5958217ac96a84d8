package dev.ferry.engine.internal.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.regex.JDKRegularExpressionFactory;
import com.networknt.schema.regex.RegularExpression;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A JSON Schema compiled once into checks that walk an output value as the function made it (maps,
 * lists, strings, numbers, booleans, nulls), with no JSON tree and no object allocated per node. It
 * is the fast path of {@link JsonOutputCodec}: networknt, which needs the tree and builds a path
 * object for every node it visits, was a third of the engine's allocation and about 15% of its CPU on
 * the benchmark.
 *
 * <p><b>It only ever says "valid".</b> {@link #accepts} is true only when networknt would find the
 * value (as {@link JsonTrees} turns it into a tree) valid too; false means "not sure", and the codec
 * then asks networknt as before, so every error text is networknt's, unchanged. Where the two could
 * differ it answers false: a value that is not plain JSON data (a record, a {@code Float}, a
 * non-string key: Jackson would convert it), an integral number held in a {@code Double} against
 * {@code "integer"}, a number it cannot compare exactly with a limit. {@link #of} compiles only the
 * subset that record-derived and simple schemas use, and returns empty for any schema with a keyword
 * outside it (so that a schema it does not understand is never half-checked):
 *
 * <ul>
 *   <li>{@code type} (one or a list), {@code enum} of strings, booleans and nulls;</li>
 *   <li>{@code properties}, {@code required}, {@code additionalProperties} (a boolean or a schema);</li>
 *   <li>{@code items} (one schema, as in 2020-12), {@code minItems}, {@code maxItems};</li>
 *   <li>{@code minLength}, {@code maxLength} (in code points, as networknt counts), {@code pattern} (with
 *       networknt's own JDK regular expressions, found anywhere in the string, as it does);</li>
 *   <li>{@code minimum}, {@code maximum}, {@code exclusiveMinimum}, {@code exclusiveMaximum};</li>
 *   <li>{@code anyOf}, {@code allOf}, boolean schemas, {@code $ref} to {@code #/$defs/NAME};</li>
 *   <li>annotations, which assert nothing: {@code $schema} (2020-12 only, the dialect the registry
 *       defaults to), {@code $id} at the root, {@code $defs}, {@code $comment}, {@code title},
 *       {@code description}, {@code default}, {@code examples}, {@code deprecated}, {@code readOnly},
 *       {@code writeOnly}.</li>
 * </ul>
 *
 * <p>Immutable once compiled; checks from any thread.
 */
final class CompiledJsonSchema {

    private static final String DIALECT = "https://json-schema.org/draft/2020-12/schema";
    private static final String DEFS_REF = "#/$defs/";
    private static final Set<String> ANNOTATIONS = Set.of("$comment", "title", "description", "default", "examples",
            "deprecated", "readOnly", "writeOnly", "$defs");

    private static final int NULL = 1;
    private static final int BOOLEAN = 1 << 1;
    private static final int OBJECT = 1 << 2;
    private static final int ARRAY = 1 << 3;
    private static final int INTEGER = 1 << 4;
    private static final int NUMBER = 1 << 5; // a number that is not held as an integer
    /** Not plain JSON data: Jackson would convert it, so only networknt may judge it. */
    private static final int OTHER = 1 << 6;
    private static final int STRING = 1 << 7;
    private static final int ANY = NULL | BOOLEAN | OBJECT | ARRAY | INTEGER | NUMBER | STRING;

    private final Node root;

    private CompiledJsonSchema(Node root) {
        this.root = root;
    }

    /** The schema compiled, or empty if it uses anything outside the subset (see the class comment). */
    static Optional<CompiledJsonSchema> of(JsonNode schema) {
        try {
            return Optional.of(new CompiledJsonSchema(new Compiler(schema).root()));
        } catch (Unsupported e) {
            return Optional.empty();
        }
    }

    /**
     * True if {@code value} is valid; false if it is not, or if this schema cannot tell for sure (then
     * ask networknt).
     */
    boolean accepts(Object value) {
        return root.accepts(value);
    }

    private static int kindOf(Object v) {
        if (v == null) {
            return NULL;
        }
        if (v instanceof String) {
            return STRING;
        }
        if (v instanceof Map<?, ?>) {
            return OBJECT;
        }
        if (v instanceof Collection<?>) {
            return ARRAY;
        }
        if (v instanceof Boolean) {
            return BOOLEAN;
        }
        if (v instanceof Integer || v instanceof Long || v instanceof BigInteger) {
            return INTEGER;
        }
        if (v instanceof Double d && Double.isFinite(d)) {
            return NUMBER;
        }
        return OTHER; // what JsonTrees leaves to Jackson: decimals, floats, dates, records, NaN...
    }

    /** One (sub)schema: each keyword it has, checked in turn. */
    private static final class Node {
        boolean never; // the schema {@code false}
        int types = ANY;
        /** The enum's values (a JSON null as {@link Null#VALUE}), compared in turn: enums are short. */
        Object[] enumValues;
        // objects
        String[] required = new String[0];
        Map<String, Node> properties;
        boolean noAdditional;
        Node additional;
        /** Set by {@link #link}: the properties in schema order, and which of them are required. */
        Property[] ordered;
        Map<String, Integer> positions;
        int requiredProperties;
        /** The required names that are not properties, looked up in the map. */
        String[] requiredElsewhere = new String[0];
        // arrays
        Node items;
        long minItems = -1;
        long maxItems = -1;
        // strings
        long minLength = -1;
        long maxLength = -1;
        RegularExpression pattern;
        // numbers
        Limit minimum;
        Limit maximum;
        Limit exclusiveMinimum;
        Limit exclusiveMaximum;
        // applicators
        Node[] anyOf;
        Node[] allOf;
        Reference ref;

        boolean accepts(Object v) {
            if (never) {
                return false;
            }
            int kind = kindOf(v);
            if ((kind & types) == 0) {
                return false;
            }
            if (enumValues != null && !inEnum(kind, v)) {
                return false;
            }
            boolean own = switch (kind) {
                case OBJECT -> acceptsObject((Map<?, ?>) v);
                case ARRAY -> acceptsArray((Collection<?>) v);
                case STRING -> acceptsString((String) v);
                case INTEGER, NUMBER -> acceptsNumber((Number) v);
                case OTHER -> false;
                default -> true;
            };
            return own && applicatorsAccept(v);
        }

        private boolean applicatorsAccept(Object v) {
            if (ref != null && !ref.target().accepts(v)) {
                return false;
            }
            if (allOf != null) {
                for (Node n : allOf) {
                    if (!n.accepts(v)) {
                        return false;
                    }
                }
            }
            if (anyOf != null) {
                for (Node n : anyOf) {
                    if (n.accepts(v)) {
                        return true;
                    }
                }
                return false;
            }
            return true;
        }

        private boolean inEnum(int kind, Object v) {
            if ((kind & (STRING | BOOLEAN | NULL)) == 0) {
                return false;
            }
            Object probe = v == null ? Null.VALUE : v;
            for (Object e : enumValues) {
                if (probe.equals(e)) {
                    return true;
                }
            }
            return false;
        }

        /**
         * Walks the map's entries once: each key is looked up first as the next property in schema
         * order (by identity, which is how it is found when the map was decoded, and its names
         * interned, in the schema's order), else by name; the required properties are counted on the
         * way rather than looked up.
         */
        private boolean acceptsObject(Map<?, ?> map) {
            for (String r : requiredElsewhere) {
                if (!map.containsKey(r)) {
                    return false;
                }
            }
            if (ordered == null && !noAdditional && additional == null) {
                return true;
            }
            int found = 0;
            int next = 0;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!(e.getKey() instanceof String key)) {
                    return false; // Jackson would turn the key into a string
                }
                int at = position(key, next);
                if (at >= 0) {
                    Property p = ordered[at];
                    if (!p.schema.accepts(e.getValue())) {
                        return false;
                    }
                    found += p.required ? 1 : 0;
                    next = at + 1;
                } else if (noAdditional || (additional != null && !additional.accepts(e.getValue()))) {
                    return false;
                }
            }
            return found == requiredProperties;
        }

        private int position(String key, int next) {
            if (ordered == null) {
                return -1;
            }
            if (next < ordered.length && ordered[next].name == key) { // the same instance: no hashing at all
                return next;
            }
            Integer at = positions.get(key);
            return at == null ? -1 : at;
        }

        /** Orders the properties and sorts the required names into properties and others, once compiled. */
        void link() {
            if (properties != null) {
                Set<String> required = new HashSet<>(List.of(this.required));
                ordered = new Property[properties.size()];
                positions = new HashMap<>();
                int i = 0;
                for (Map.Entry<String, Node> p : properties.entrySet()) {
                    boolean isRequired = required.contains(p.getKey());
                    requiredProperties += isRequired ? 1 : 0;
                    ordered[i] = new Property(p.getKey().intern(), p.getValue(), isRequired);
                    positions.put(p.getKey(), i++);
                }
            }
            List<String> elsewhere = new ArrayList<>();
            for (String r : new java.util.LinkedHashSet<>(List.of(required))) {
                if (properties == null || !properties.containsKey(r)) {
                    elsewhere.add(r);
                }
            }
            requiredElsewhere = elsewhere.toArray(new String[0]);
        }

        private boolean acceptsArray(Collection<?> list) {
            int size = list.size();
            if ((minItems >= 0 && size < minItems) || (maxItems >= 0 && size > maxItems)) {
                return false;
            }
            if (items != null) {
                for (Object item : list) {
                    if (!items.accepts(item)) {
                        return false;
                    }
                }
            }
            return true;
        }

        private boolean acceptsString(String s) {
            if (minLength >= 0 || maxLength >= 0) {
                int length = s.codePointCount(0, s.length());
                if ((minLength >= 0 && length < minLength) || (maxLength >= 0 && length > maxLength)) {
                    return false;
                }
            }
            return pattern == null || pattern.matches(s);
        }

        private boolean acceptsNumber(Number n) {
            return (minimum == null || minimum.compare(n) >= 0 && minimum.known(n))
                    && (maximum == null || maximum.compare(n) <= 0 && maximum.known(n))
                    && (exclusiveMinimum == null || exclusiveMinimum.compare(n) > 0 && exclusiveMinimum.known(n))
                    && (exclusiveMaximum == null || exclusiveMaximum.compare(n) < 0 && exclusiveMaximum.known(n));
        }
    }

    /** One property of an object schema: its name (interned), its schema, and whether it is required. */
    private record Property(String name, Node schema, boolean required) { }

    /**
     * A numeric limit, compared exactly with a value, with no allocation: as a long with an integer
     * value, as a double with a double value when the limit is exactly a double. Any other pair (a
     * value beyond 2^53 against a fractional limit, a {@code BigInteger}) is not known.
     */
    private static final class Limit {
        private final boolean isLong;
        private final long asLong;
        private final boolean isDouble;
        private final double asDouble;

        Limit(BigDecimal limit) {
            long l = 0;
            boolean integral;
            try {
                l = limit.longValueExact();
                integral = true;
            } catch (ArithmeticException e) {
                integral = false;
            }
            this.isLong = integral;
            this.asLong = l;
            double d = limit.doubleValue();
            this.isDouble = Double.isFinite(d) && new BigDecimal(d).compareTo(limit) == 0;
            this.asDouble = d;
        }

        /** Whether {@link #compare} of {@code n} is exact. */
        boolean known(Number n) {
            if (n instanceof Integer) {
                return isLong || isDouble;
            }
            if (n instanceof Long l) {
                return isLong || (isDouble && Math.abs(l) <= (1L << 53));
            }
            return n instanceof Double && isDouble;
        }

        /** The sign of {@code n} minus the limit, if {@link #known}; 0 otherwise (then unused). */
        int compare(Number n) {
            if (n instanceof Integer || n instanceof Long) {
                long v = n.longValue();
                return isLong ? Long.compare(v, asLong) : isDouble ? Double.compare((double) v, asDouble) : 0;
            }
            if (n instanceof Double d && isDouble) {
                return Double.compare(d == 0.0 ? 0.0 : d, asDouble == 0.0 ? 0.0 : asDouble); // -0.0 is 0
            }
            return 0;
        }
    }

    /** A {@code $ref} to a definition, linked once every definition is compiled (they may refer to each other). */
    private static final class Reference {
        private final String name;
        private Node target;

        Reference(String name) {
            this.name = name;
        }

        Node target() {
            return target;
        }
    }

    /** JSON null in an enum's set, which cannot hold a Java null. */
    private enum Null { VALUE }

    /** Schema text does not fit the subset. */
    private static final class Unsupported extends Exception {
        Unsupported() {
            super(null, null, false, false);
        }
    }

    /** Compiles one document; throws {@link Unsupported} at the first keyword outside the subset. */
    private static final class Compiler {
        private final JsonNode document;
        private final Map<String, Node> definitions = new HashMap<>();
        private final List<Reference> references = new ArrayList<>();
        private final List<Node> all = new ArrayList<>();

        Compiler(JsonNode document) {
            this.document = document;
        }

        Node root() throws Unsupported {
            if (!document.isObject() && !document.isBoolean()) {
                throw new Unsupported();
            }
            JsonNode dialect = document.get("$schema");
            if (dialect != null && !(dialect.isTextual() && dialect.textValue().equals(DIALECT))) {
                throw new Unsupported();
            }
            JsonNode id = document.get("$id");
            if (id != null && !id.isTextual()) {
                throw new Unsupported();
            }
            JsonNode defs = document.get("$defs");
            if (defs != null) {
                if (!defs.isObject()) {
                    throw new Unsupported();
                }
                for (Iterator<Map.Entry<String, JsonNode>> it = defs.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> d = it.next();
                    definitions.put(d.getKey(), node(d.getValue(), false));
                }
            }
            Node root = node(document, true);
            for (Reference r : references) {
                r.target = definitions.get(r.name);
                if (r.target == null) {
                    throw new Unsupported();
                }
            }
            Set<Node> done = new HashSet<>();
            for (Node n : all) {
                noLoopOnOneValue(n, new HashSet<>(), done);
            }
            return root;
        }

        /**
         * Refuses a schema that would check one value against itself forever ({@code A: {$ref: A}}, or
         * through {@code allOf}/{@code anyOf}): a reference that descends into a property or an item is
         * fine, one that comes back to the same value is not.
         */
        private static void noLoopOnOneValue(Node n, Set<Node> path, Set<Node> done) throws Unsupported {
            if (done.contains(n)) {
                return;
            }
            if (!path.add(n)) {
                throw new Unsupported();
            }
            List<Node> sameValue = new ArrayList<>();
            if (n.ref != null) {
                sameValue.add(n.ref.target());
            }
            if (n.allOf != null) {
                sameValue.addAll(List.of(n.allOf));
            }
            if (n.anyOf != null) {
                sameValue.addAll(List.of(n.anyOf));
            }
            for (Node next : sameValue) {
                noLoopOnOneValue(next, path, done);
            }
            path.remove(n);
            done.add(n);
        }

        private Node node(JsonNode schema, boolean isRoot) throws Unsupported {
            Node n = new Node();
            all.add(n);
            if (schema.isBoolean()) {
                n.never = !schema.booleanValue();
                return n;
            }
            if (!schema.isObject()) {
                throw new Unsupported();
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = schema.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> k = it.next();
                keyword(n, k.getKey(), k.getValue(), isRoot);
            }
            n.link();
            return n;
        }

        private void keyword(Node n, String keyword, JsonNode v, boolean isRoot) throws Unsupported {
            switch (keyword) {
                case "type" -> n.types = types(v);
                case "enum" -> n.enumValues = enumValues(v);
                case "properties" -> n.properties = properties(v);
                case "required" -> n.required = strings(v);
                case "additionalProperties" -> {
                    if (v.isBoolean()) {
                        n.noAdditional = !v.booleanValue();
                    } else {
                        n.additional = node(v, false);
                    }
                }
                case "items" -> n.items = node(v, false);
                case "minItems" -> n.minItems = count(v);
                case "maxItems" -> n.maxItems = count(v);
                case "minLength" -> n.minLength = count(v);
                case "maxLength" -> n.maxLength = count(v);
                case "pattern" -> n.pattern = pattern(v);
                case "minimum" -> n.minimum = limit(v);
                case "maximum" -> n.maximum = limit(v);
                case "exclusiveMinimum" -> n.exclusiveMinimum = limit(v);
                case "exclusiveMaximum" -> n.exclusiveMaximum = limit(v);
                case "anyOf" -> n.anyOf = nodes(v);
                case "allOf" -> n.allOf = nodes(v);
                case "$ref" -> n.ref = reference(v);
                case "$schema", "$id" -> {
                    if (!isRoot) {
                        throw new Unsupported(); // a nested resource: its own base and dialect
                    }
                }
                default -> {
                    if (!ANNOTATIONS.contains(keyword) || (keyword.equals("$defs") && !isRoot)) {
                        throw new Unsupported();
                    }
                }
            }
        }

        private static int types(JsonNode v) throws Unsupported {
            if (v.isTextual()) {
                return type(v.textValue());
            }
            if (!v.isArray() || v.isEmpty()) {
                throw new Unsupported();
            }
            int types = 0;
            for (JsonNode t : v) {
                if (!t.isTextual()) {
                    throw new Unsupported();
                }
                types |= type(t.textValue());
            }
            return types;
        }

        private static int type(String name) throws Unsupported {
            return switch (name) {
                case "null" -> NULL;
                case "boolean" -> BOOLEAN;
                case "object" -> OBJECT;
                case "array" -> ARRAY;
                case "string" -> STRING;
                case "integer" -> INTEGER;
                case "number" -> INTEGER | NUMBER;
                default -> throw new Unsupported();
            };
        }

        private static Object[] enumValues(JsonNode v) throws Unsupported {
            if (!v.isArray()) {
                throw new Unsupported();
            }
            List<Object> values = new ArrayList<>();
            for (JsonNode e : v) {
                if (e.isTextual()) {
                    values.add(e.textValue());
                } else if (e.isBoolean()) {
                    values.add(e.booleanValue());
                } else if (e.isNull()) {
                    values.add(Null.VALUE);
                } else {
                    throw new Unsupported(); // numbers compare by value across types, objects by content
                }
            }
            return values.toArray();
        }

        private Map<String, Node> properties(JsonNode v) throws Unsupported {
            if (!v.isObject()) {
                throw new Unsupported();
            }
            Map<String, Node> properties = new java.util.LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> p = it.next();
                properties.put(p.getKey(), node(p.getValue(), false));
            }
            return properties;
        }

        private static String[] strings(JsonNode v) throws Unsupported {
            if (!v.isArray()) {
                throw new Unsupported();
            }
            String[] out = new String[v.size()];
            for (int i = 0; i < out.length; i++) {
                if (!v.get(i).isTextual()) {
                    throw new Unsupported();
                }
                out[i] = v.get(i).textValue();
            }
            return out;
        }

        private static long count(JsonNode v) throws Unsupported {
            if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < 0) {
                throw new Unsupported();
            }
            return v.longValue();
        }

        private static RegularExpression pattern(JsonNode v) throws Unsupported {
            if (!v.isTextual()) {
                throw new Unsupported();
            }
            try {
                // networknt's default, which JsonSchemaCompiler's registry keeps: java.util.regex, find()
                return JDKRegularExpressionFactory.getInstance().getRegularExpression(v.textValue());
            } catch (RuntimeException e) {
                throw new Unsupported();
            }
        }

        private static Limit limit(JsonNode v) throws Unsupported {
            if (!v.isNumber()) {
                throw new Unsupported();
            }
            return new Limit(v.decimalValue());
        }

        private Node[] nodes(JsonNode v) throws Unsupported {
            if (!v.isArray() || v.isEmpty()) {
                throw new Unsupported();
            }
            Node[] out = new Node[v.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = node(v.get(i), false);
            }
            return out;
        }

        private Reference reference(JsonNode v) throws Unsupported {
            if (!v.isTextual() || !v.textValue().startsWith(DEFS_REF)) {
                throw new Unsupported();
            }
            String name = v.textValue().substring(DEFS_REF.length());
            if (name.contains("/") || name.contains("~") || name.contains("%")) {
                throw new Unsupported(); // a pointer escape or a deeper path
            }
            Reference r = new Reference(name);
            references.add(r);
            return r;
        }
    }
}
