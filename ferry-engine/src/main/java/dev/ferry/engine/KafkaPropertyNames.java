package dev.ferry.engine;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * Which Kafka client properties each section of the profile may set, from Kafka's own config
 * definitions: {@code consumer}, {@code producer} and {@code admin} those of that client,
 * {@code common} those of at least one of them. A name no client knows is a mistake (a client would
 * only log that it is unused), except under a prefix that Kafka's clients read without defining
 * each name ({@link #KAFKA_PREFIXES}) or that the profile lets through for a plug-in of the client
 * ({@code unchecked-kafka-prefixes}). A mistake is named with the closest known name.
 */
final class KafkaPropertyNames {

    /**
     * Prefixes Kafka's clients read whole: config providers ({@code config.providers.<name>.class},
     * {@code config.providers.<name>.param.<key>}) and metrics context labels
     * ({@code metrics.context.<label>}).
     */
    static final List<String> KAFKA_PREFIXES = List.of("config.providers.", "metrics.context.");

    private static final Map<String, Set<String>> KNOWN = Map.of(
            "consumer", Set.copyOf(ConsumerConfig.configNames()),
            "producer", Set.copyOf(ProducerConfig.configNames()),
            "admin", Set.copyOf(AdminClientConfig.configNames()),
            "common", union());

    private static final Map<String, String> CLIENT = Map.of(
            "consumer", "the Kafka consumer", "producer", "the Kafka producer", "admin", "the Kafka admin client");

    private KafkaPropertyNames() {
    }

    private static Set<String> union() {
        Set<String> all = new TreeSet<>(ConsumerConfig.configNames());
        all.addAll(ProducerConfig.configNames());
        all.addAll(AdminClientConfig.configNames());
        return Set.copyOf(all);
    }

    /** Whether a Kafka property may be set in a section, given the profile's unchecked prefixes. */
    static boolean allowed(String section, String property, Collection<String> uncheckedPrefixes) {
        return KNOWN.get(section).contains(property) || KAFKA_PREFIXES.stream().anyMatch(property::startsWith)
                || uncheckedPrefixes.stream().anyMatch(property::startsWith);
    }

    /**
     * Why a property is not allowed in a section, and what to set instead: the section it belongs to,
     * if it is another client's, else the closest known name, e.g. {@code no Kafka client has a property
     * 'bootstrap.server'; did you mean 'bootstrap.servers'}. {@code variables} names the suggestion's
     * environment variable too.
     */
    static String mistake(String section, String property, boolean variables) {
        String who = section.equals("common") ? "no Kafka client has a" : CLIENT.get(section) + " has no";
        StringBuilder why = new StringBuilder(who).append(" property '").append(property).append("'");
        List<String> elsewhere = CLIENT.keySet().stream().sorted()
                .filter(kind -> !kind.equals(section) && KNOWN.get(kind).contains(property)).toList();
        if (!elsewhere.isEmpty()) {
            String kind = elsewhere.get(0);
            why.append("; it is a ").append(kind.equals("admin") ? "admin client" : kind).append(" property: set it as ")
                    .append(suggestion("kafka." + kind + "." + property, variables)).append(".");
        } else {
            String closest = closest(property, KNOWN.get(section));
            why.append("; did you mean '").append(closest).append("'");
            if (variables) {
                why.append(" (").append(PlatformProfile.environmentVariable("kafka." + section + "." + closest))
                        .append(")");
            }
            why.append("?");
        }
        return why.toString();
    }

    private static String suggestion(String key, boolean variables) {
        return variables ? PlatformProfile.environmentVariable(key) : key;
    }

    /** Whether a prefix would let known Kafka properties through unchecked, and so hide their typos: the first it covers. */
    static String knownUnder(String prefix) {
        return KNOWN.get("common").stream().filter(name -> name.startsWith(prefix)).sorted().findFirst().orElse(null);
    }

    /** The known name closest to {@code name} by edit distance; of equally close ones, the first in order. */
    static String closest(String name, Collection<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : new TreeSet<>(known)) {
            int d = distance(name, candidate);
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        return best;
    }

    /** The Levenshtein distance: the fewest insertions, deletions and substitutions from {@code a} to {@code b}. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
