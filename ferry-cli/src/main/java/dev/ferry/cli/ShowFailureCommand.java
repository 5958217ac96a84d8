package dev.ferry.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.engine.AppStatus;
import dev.ferry.engine.EventPosition;
import dev.ferry.engine.StatusReport;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code ferry show-failure}: the event an app halted at, as the cluster has it (key, headers,
 * value), with the error and attempts from the app's own status report: what on-call reads before
 * deciding to fix the function, or to skip the event.
 */
@Command(name = "show-failure", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Shows the event an app halted at: topic, partition, offset, timestamp, key, headers and value, and the error.",
            "The event is named by the app's own report on the status topic (the profile's status.topic) and read "
                    + "from the cluster at that offset."
        })
final class ShowFailureCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ParentCommand
    FerryCommand root;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "APP", description = "The app's name (its consumer group).")
    String app;

    @Mixin
    ClusterOption clusterOption;

    @Override
    public Integer call() {
        Cluster cluster = clusterOption.resolve(root);
        String topic = Profiles.load(root.env, root.workDir, null).statusTopic().orElseThrow(() -> new CliException(
                "the profile's status.topic is empty, so apps report no status: cannot tell where app '" + app
                        + "' halted"));
        StatusReports reports = StatusReports.read(cluster, topic, app);
        Instant now = Instant.now();
        StatusReport report = reports.halted(now).orElseThrow(() -> new CliException(notHalted(reports, now)));
        AppStatus.Failure failure = report.status().failure().orElseThrow();
        EventPosition at = failure.position();
        ConsumerRecord<byte[], byte[]> event = EventAt.read(cluster, at.topic(), at.partition(), at.offset());
        PrintWriter out = spec.commandLine().getOut();
        out.println("app '" + app + "' HALTED at " + at + " after " + failure.attempts() + " attempt(s) (reported "
                + StatusReports.age(report, now) + " by instance '" + report.instance() + "'"
                + (report.last() ? ", its last report: it stopped while halted" : "") + ")");
        out.println("error:     " + failure.message());
        out.println("timestamp: " + Instant.ofEpochMilli(event.timestamp()) + " (" + event.timestampType() + ")");
        out.println("key:       " + text(event.key()));
        out.println("headers:" + (event.headers().toArray().length == 0 ? "   (none)" : ""));
        for (Header h : event.headers()) {
            out.println("  " + h.key() + ": " + text(h.value()));
        }
        out.println("value:");
        out.println(pretty(event.value()));
        out.println("Fix the function (or the event) and restart the app, or skip the event: ferry skip " + app
                + " --topic " + at.topic() + " --partition " + at.partition() + " --offset " + at.offset()
                + " --reason \"...\"");
        return 0;
    }

    private String notHalted(StatusReports reports, Instant now) {
        if (reports.reports().isEmpty()) {
            return "app '" + app + "' has no status report on topic '" + reports.topic() + "': it is not running, "
                    + "or runs with another status.topic; ferry status " + app + " reads its lag instead";
        }
        return "app '" + app + "' is not halted: " + StatusReports.line(reports.reports().get(0), now);
    }

    static String text(byte[] bytes) {
        return bytes == null ? "null" : new String(bytes, StandardCharsets.UTF_8);
    }

    /** The value as indented JSON when it is JSON, else as text. */
    static String pretty(byte[] value) {
        if (value == null) {
            return "null";
        }
        try {
            JsonNode tree = JSON.readTree(value);
            if (tree != null && tree.isContainerNode()) {
                return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(tree);
            }
        } catch (java.io.IOException e) {
            // not JSON: shown as text
        }
        return text(value);
    }
}
