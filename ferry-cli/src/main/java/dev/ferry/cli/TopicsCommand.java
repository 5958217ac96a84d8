package dev.ferry.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.ferry.hub.TopicSummary;
import dev.ferry.hub.kafka.KafkaHubData;
import java.io.PrintWriter;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code ferry topics}: the hub's topics page in a terminal: rates, events held, size, readers, writers, lag. */
@Command(name = "topics", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Lists the cluster's topics with their messages per minute (last minute, and averaged over the last hour), "
                    + "events held, size, consumer groups, the Ferry apps that read and write them, and total lag.",
            "Rates come from offset deltas over record timestamps, so they show at once. Internal topics (__*, _*, "
                    + "ferry.*) are hidden unless --all."
        })
final class TopicsCommand implements Callable<Integer> {

    /** How the table is sorted. */
    enum Sort { name, rate, lag }

    @ParentCommand
    FerryCommand root;

    @Spec
    CommandSpec spec;

    @Option(names = "--all", description = "Also list internal topics (Kafka's __* and _*, Ferry's ferry.*).")
    boolean all;

    @Option(names = "--sort", paramLabel = "KEY", defaultValue = "name",
            description = "Sort by name, rate (events in the last minute, then last hour; highest first) or lag "
                    + "(highest first). Default: ${DEFAULT-VALUE}.")
    Sort sort;

    @Option(names = "--json", description = "Print JSON (one array of topics) instead of a table.")
    boolean json;

    @Mixin
    ClusterOption clusterOption;

    @Override
    public Integer call() throws Exception {
        List<TopicSummary> topics;
        try (KafkaHubData hub = HubSnapshot.load(root, clusterOption.resolve(root))) {
            topics = hub.topics().stream().filter(t -> all || !t.internal()).sorted(order(sort)).toList();
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            ObjectMapper mapper = new ObjectMapper();
            ArrayNode array = mapper.createArrayNode();
            topics.forEach(t -> array.add(mapper.valueToTree(t)));
            out.println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(array));
        } else {
            print(topics, out);
        }
        out.flush();
        return 0;
    }

    static Comparator<TopicSummary> order(Sort sort) {
        Comparator<TopicSummary> byName = Comparator.comparing(TopicSummary::name);
        return switch (sort) {
            case name -> byName;
            case rate -> Comparator.comparingLong(TopicSummary::perMinuteLastMinute).reversed()
                    .thenComparing(Comparator.comparingDouble(TopicSummary::perMinuteLastHour).reversed()).thenComparing(byName);
            case lag -> Comparator.comparingLong(TopicSummary::totalLag).reversed().thenComparing(byName);
        };
    }

    static void print(List<TopicSummary> topics, PrintWriter out) {
        int width = Math.max(5, topics.stream().mapToInt(t -> t.name().length()).max().orElse(5));
        String row = "%-" + width + "s %5s %9s %9s %10s %9s %-24s %-24s %s%n";
        out.printf(row, "TOPIC", "PARTS", "MSG/MIN", "MSG/MIN1H", "EVENTS", "SIZE", "CONSUMED BY", "WRITTEN BY", "LAG");
        for (TopicSummary t : topics) {
            out.printf(row, t.name(), t.partitions(), t.perMinuteLastMinute(),
                    String.format(Locale.ROOT, "%.1f", t.perMinuteLastHour()), t.eventsHeld(), size(t.sizeBytes()),
                    names(t.consumerGroups(), t.readingApps()), names(t.writingApps(), List.of()), t.totalLag());
        }
        out.printf("%d topic(s)%n", topics.size());
    }

    /** The groups (and apps that are not also groups), as {@code 2: a, b}. */
    private static String names(List<String> first, List<String> more) {
        java.util.Set<String> all = new java.util.TreeSet<>(first);
        all.addAll(more);
        return all.isEmpty() ? "-" : all.size() + ": " + String.join(", ", all);
    }

    static String size(long bytes) {
        if (bytes < 0) {
            return "?";
        }
        if (bytes < 1024) {
            return bytes + "B";
        }
        double v = bytes;
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        int i = -1;
        while (v >= 1024 && i < units.length - 1) {
            v /= 1024;
            i++;
        }
        return String.format(Locale.ROOT, "%.1f%s", v, units[i]);
    }
}
