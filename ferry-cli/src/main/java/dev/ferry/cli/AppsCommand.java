package dev.ferry.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.engine.AppAnnouncement;
import dev.ferry.engine.AppStatus;
import dev.ferry.engine.StatusReport;
import dev.ferry.hub.AppView;
import dev.ferry.hub.MaterializationView;
import dev.ferry.hub.kafka.KafkaHubData;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code ferry apps}: the catalog of Ferry apps, from their announcements and status reports on the cluster. */
@Command(name = "apps", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Lists the Ferry apps announced on the cluster (the profile's announce.topic, default ferry.apps): owner, "
                    + "live instances, state and health (from their status reports), inputs and outputs.",
            "With an app's name, shows that app: description, version, guarantee, outputs with their schemas, runbook, "
                    + "monitoring address and every instance."
        })
final class AppsCommand implements Callable<Integer> {

    @ParentCommand
    FerryCommand root;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "APP", description = "Show only this app, in detail.")
    String app;

    @Option(names = "--json", description = "Print JSON (the announcements and status reports as the apps wrote them).")
    boolean json;

    @Mixin
    ClusterOption clusterOption;

    @Override
    public Integer call() throws Exception {
        Cluster cluster = clusterOption.resolve(root);
        List<AppView> apps;
        try (KafkaHubData hub = HubSnapshot.load(root, cluster)) {
            apps = hub.apps();
        }
        if (app != null) {
            apps = apps.stream().filter(a -> a.name().equals(app)).toList();
            if (apps.isEmpty()) {
                throw new CliException("app '" + app + "' is not in the catalog of " + cluster.describe()
                        + ": it never announced itself (apps announce on start, on the profile's announce.topic)");
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        Instant now = Instant.now();
        if (json) {
            ObjectMapper mapper = new ObjectMapper();
            ArrayNode array = mapper.createArrayNode();
            for (AppView a : apps) {
                array.add(json(mapper, a));
            }
            out.println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(app != null ? array.get(0) : array));
        } else if (app != null) {
            detail(apps.get(0), out, now);
        } else {
            table(apps, out);
        }
        out.flush();
        return 0;
    }

    private static ObjectNode json(ObjectMapper mapper, AppView a) throws Exception {
        ObjectNode n = mapper.createObjectNode();
        n.put("name", a.name());
        n.set("latest", mapper.readTree(a.latest().toJson()));
        n.put("runbook", a.runbook().orElse(null));
        a.materialization().ifPresentOrElse(m -> n.putObject("materialization").put("targetType", m.targetType())
                .put("destination", m.destination()).put("rowsWritten", m.rowsWritten()).put("lag", m.lag())
                .put("storeUnavailable", m.storeUnavailable().orElse(null)), () -> n.putNull("materialization"));
        ArrayNode instances = n.putArray("instances");
        for (AppView.Instance i : a.instances()) {
            ObjectNode in = instances.addObject();
            in.put("live", i.live());
            in.set("announcement", mapper.readTree(i.announcement().toJson()));
            in.set("status", i.status().isPresent() ? mapper.readTree(i.status().get().toJson()) : null);
        }
        return n;
    }

    static void table(List<AppView> apps, PrintWriter out) {
        int width = Math.max(3, apps.stream().mapToInt(a -> a.name().length()).max().orElse(3));
        String row = "%-" + width + "s %-24s %9s %-8s %-8s %-30s %s%n";
        out.printf(row, "APP", "OWNER", "INSTANCES", "STATE", "HEALTH", "READS", "WRITES");
        for (AppView a : apps) {
            long live = a.instances().stream().filter(AppView.Instance::live).count();
            Optional<StatusReport> status = worst(a);
            out.printf(row, a.name(), dash(a.latest().owner()), live + "/" + a.instances().size(),
                    status.map(s -> s.status().state().name()).orElse(live > 0 ? "?" : "STOPPED"),
                    status.map(s -> s.status().health().name()).orElse("-"), dash(String.join(", ", a.latest().inputs())),
                    a.materialization().map(AppsCommand::into).orElse(dash(a.latest().outputs().stream()
                            .map(AppAnnouncement.Output::topic).collect(Collectors.joining(", ")))));
        }
        out.printf("%d app(s)%n", apps.size());
    }

    /** What a materialization writes: {@code into postgres signups, 1200 row(s)}, and whether its store is away. */
    static String into(MaterializationView m) {
        return "into " + m.targetType() + " " + m.destination() + ", " + m.rowsWritten() + " row(s)"
                + m.storeUnavailable().map(u -> ", STORE AWAY: " + u).orElse("");
    }

    /** The status of the app's live instance doing worst, if any reports. */
    private static Optional<StatusReport> worst(AppView a) {
        return a.instances().stream().filter(AppView.Instance::live).flatMap(i -> i.status().stream())
                .max(Comparator.comparing((StatusReport r) -> r.status().state() == AppStatus.State.HALTED ? 9
                        : r.status().health().ordinal()));
    }

    static void detail(AppView a, PrintWriter out, Instant now) {
        AppAnnouncement l = a.latest();
        out.printf("app '%s'%s%n", a.name(), l.description().isBlank() ? "" : ": " + l.description());
        out.printf("  owner:      %s%n", dash(l.owner()));
        out.printf("  version:    %s%n", dash(l.appVersion()));
        out.printf("  guarantee:  %s, write-back %s%n", dash(l.guarantee()), dash(l.writeBack()));
        out.printf("  reads:      %s (%s)%n", dash(String.join(", ", l.inputs())), dash(l.inputFormat()));
        a.materialization().ifPresent(m -> out.printf("  materializes %s, lag %d%n", into(m), m.lag()));
        for (AppAnnouncement.Output o : l.outputs()) {
            out.printf("  writes:     %s (%s, %s schema)%n    %s%n", o.topic(), o.format(), o.language(), o.schema());
        }
        out.printf("  runbook:    %s%n", a.runbook().orElse("-"));
        out.printf("  monitoring: %s%n", dash(l.monitoring()));
        out.printf("  instances:%n");
        for (AppView.Instance i : a.instances()) {
            AppAnnouncement ia = i.announcement();
            String status = i.status().map(r -> StatusReports.line(r, now))
                    .orElse("instance '" + ia.instance() + "' (no status report)");
            out.printf("    %s %s on %s, announced %s%s%n", i.live() ? "live   " : "stopped", status, ia.host(),
                    ia.announcedAt(), ia.stopped() ? ", stopped cleanly" : "");
            i.status().flatMap(r -> r.status().failure()).ifPresent(f -> out.printf("      failing: %s%n", f.describe()));
        }
    }

    private static String dash(String s) {
        return s == null || s.isBlank() ? "-" : s;
    }
}
