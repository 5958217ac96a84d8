package dev.ferry.runbook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.ferry.engine.AppDescriptor;
import dev.ferry.engine.Guarantee;
import dev.ferry.engine.OutputDescriptor;
import dev.ferry.engine.PlatformProfile;
import dev.ferry.engine.PoisonPolicy;
import dev.ferry.engine.spi.OutputSchema;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An app's on-call runbook in Markdown: what the app is (description, owner, group, topics, output
 * schemas), what its guarantee and poison policy mean for whoever is on call, and for each of its
 * alerts what it means, how to confirm it and the exact commands to run, written with the app's own
 * names (its topics, its dead-letter topic, its labels) so that nothing has to be looked up at night.
 */
final class RunbookMarkdown {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final AppDescriptor app;
    private final Map<String, OutputSchema> schemas;
    private final PlatformProfile profile;
    private final List<AlertRule> rules;
    private final String a;
    private final String input;
    private final String deadLetters;
    private final boolean announced;
    private final StringBuilder md = new StringBuilder();

    /**
     * The runbook of {@code app} run as {@code platform} says, with its output schemas and alert rules;
     * {@code announced} if the descriptor was rebuilt from the app's announcement, which does not say
     * its batch size, consumers, concurrency or where a new group starts: those are then left out.
     */
    RunbookMarkdown(AppDescriptor app, Map<String, OutputSchema> schemas, PlatformProfile platform,
                    List<AlertRule> rules, boolean announced) {
        this.announced = announced;
        this.app = app;
        this.schemas = schemas;
        this.profile = platform.forApp(app);
        this.rules = rules;
        this.a = app.name();
        this.input = app.topics().get(0);
        this.deadLetters = profile.deadLetterTopic(a);
    }

    /** The whole runbook. */
    String render() {
        md.setLength(0);
        line("# Runbook: " + a);
        line();
        line(app.description().isBlank() ? "_The app has no description: add `description` to its `@Ferry` annotation "
                + "or descriptor file._" : app.description());
        line();
        if (announced) {
            line("_Generated from the app's announcement and this platform profile, not read from the app: its batch "
                    + "size, consumers, concurrency, where a new group starts and its outputs' logic versions are not "
                    + "announced; `ferry runbook` on the app has them._");
            line();
        }
        facts();
        guarantee();
        topics();
        alerts();
        commands();
        return md.toString();
    }

    private void facts() {
        line("| | |");
        line("|---|---|");
        line("| owner (on call) | " + (app.owner().isBlank() ? "_none named: add `owner` to the app_" : app.owner()) + " |");
        line("| consumer group | `" + a + "` |");
        line("| input topics | " + code(app.topics()) + " (format `" + app.inputFormat().orElse(profile.format()) + "`) |");
        line("| output topics | " + (app.outputs().isEmpty() ? "none" : code(app.outputs().stream()
                .map(OutputDescriptor::topic).toList())) + " |");
        line("| guarantee | `" + profile.guarantee().key() + "` |");
        line("| poison policy | `" + profile.poisonPolicy().key() + "`"
                + (profile.poisonPolicy() == PoisonPolicy.DEAD_LETTER ? ", to `" + deadLetters + "`" : "") + " |");
        line("| retries of a failing event | up to " + profile.retryMaxAttempts() + " attempts, backoff "
                + PrometheusDuration.of(profile.retryInitialBackoff()) + " doubling to "
                + PrometheusDuration.of(profile.retryMaxBackoff()) + " |");
        if (!announced) {
            line("| batch size, consumers, concurrency | " + app.batchSize() + ", " + app.consumers() + " per instance, "
                    + profile.concurrency() + " |");
        }
        line("| Kubernetes label | `app.kubernetes.io/name=" + a + "` |");
        line("| metrics | `ferry_*{app=\"" + a + "\"}` on the monitoring port's `/metrics` |");
        line();
    }

    private void guarantee() {
        line("## What its guarantee and poison policy mean on call");
        line();
        line(switch (profile.guarantee()) {
            case AT_LEAST_ONCE -> "**at-least-once**: an event is committed only after its outputs are acknowledged, so "
                    + "nothing is lost, but a restart, a rebalance or a replay processes events again and writes their "
                    + "outputs again, with the same envelope ids (`metadata.id`) by which readers of "
                    + outputsOrNone() + " remove duplicates. Restarting the app or replaying a range loses nothing.";
            case EXACTLY_ONCE -> "**exactly-once**: each batch's outputs and its input offsets are committed in one "
                    + "transaction, so readers of " + outputsOrNone() + " with `isolation.level=read_committed` see "
                    + "each event's outputs once. A restart aborts the open transaction and does it again. A "
                    + "replay is new work: it writes the range's outputs again (with the same envelope ids).";
            case AT_MOST_ONCE -> "**at-most-once**: a batch's offsets are committed before the function runs, so "
                    + "nothing is processed twice, and this is what is lost: on a crash, the rest of the batch in "
                    + "flight; on a halt, the events of its batch after the failing one. `ferry replay` is how to "
                    + "process lost events after all.";
        });
        line();
        line(profile.poisonPolicy() == PoisonPolicy.HALT
                ? "**halt**: an event that still fails after its retries stops its consumer at that event, nothing "
                        + "after it on that partition is processed and nothing is skipped until someone decides: fix "
                        + "the function and redeploy (it resumes at the event), or skip the event on purpose with "
                        + "`ferry skip`. Lag grows meanwhile: that is the alert. Decoding failures and invalid outputs "
                        + "are not retried (the same event fails the same way)."
                : "**dead-letter**: an event that still fails after its retries is sent, with its key, value and "
                        + "headers, to `" + deadLetters + "`, with headers `ferry.original.topic`, "
                        + "`ferry.original.partition`, `ferry.original.offset`, `ferry.error.stage`, "
                        + "`ferry.error.class`, `ferry.error.message` and `ferry.attempts`, and the app goes on with "
                        + "the next event. Its outputs are missing until it is replayed.");
        line();
    }

    private String outputsOrNone() {
        return app.outputs().isEmpty() ? "its outputs (it has none)" : code(app.outputs().stream()
                .map(OutputDescriptor::topic).toList());
    }

    private void topics() {
        line("## Inputs and outputs");
        line();
        for (String t : app.topics()) {
            line("- input `" + t + "`, format `" + app.inputFormat().orElse(profile.format()) + "`: read from the "
                    + "offsets group `" + a + "` committed" + (announced ? "" : " (a new group starts at the "
                    + app.start().name().toLowerCase(Locale.ROOT) + ")"));
        }
        line();
        for (OutputDescriptor o : app.outputs()) {
            OutputSchema schema = schemas.get(o.topic());
            line("### Output `" + o.topic() + "`");
            line();
            if (schema == null) {
                line("No schema is known for this topic.");
                line();
                continue;
            }
            line("Format `" + schema.format() + "`, schema in `" + schema.language() + "`"
                    + o.version().map(v -> ", logic version `" + v + "`").orElse("")
                    + ". Every event is validated against it before anything of its batch is written:");
            line();
            String pretty = prettyJson(schema.document());
            line("```" + (pretty == null ? "" : "json"));
            line(pretty == null ? schema.document().strip() : pretty);
            line("```");
            line();
        }
    }

    /** A JSON document (a JSON Schema, an Avro schema) indented, or null if it is not JSON. */
    private static String prettyJson(String document) {
        try {
            JsonNode tree = JSON.readTree(document);
            return tree == null || !tree.isContainerNode() ? null : JSON.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private void alerts() {
        line("## Alerts");
        line();
        for (AlertRule r : rules) {
            line("### " + r.alert() + " (" + r.severity() + ")");
            line();
            line(r.annotations().get("description").replaceAll(" Run: .*$", ""));
            line();
            line("Fires when `" + r.expr() + "`" + (r.forDuration().equals("0s") ? "" : " for " + r.forDuration())
                    + ".");
            line();
            switch (r.alert()) {
                case AppAlerts.HALTED -> halted();
                case AppAlerts.LAGGING -> lagging();
                case AppAlerts.STALLED -> stalled();
                case AppAlerts.NOT_READY -> notReady();
                case AppAlerts.DEAD_LETTERED -> deadLettered();
                default -> throw new IllegalStateException("no runbook section for alert " + r.alert());
            }
        }
    }

    private void halted() {
        line("**Confirm**: the status says `HALTED` with the event and its error; show the event itself:");
        sh("ferry status " + a,
                "ferry show-failure " + a,
                "kubectl logs -l app.kubernetes.io/name=" + a + " --tail=200");
        line("**Do**, with the partition P and offset O that `ferry show-failure` names:");
        line();
        line("1. If the function is wrong (a bug, a model that cannot take this event): fix it, test it, and "
                + "deploy it. The app resumes at the event, and nothing is lost:");
        sh("ferry deploy");
        line("2. If the event itself is bad and may be dropped, skip it on purpose. It is recorded (who, when, "
                + "why) and the app goes on with the next event; the event's outputs are never written:");
        sh("ferry skip " + a + " --topic " + input + " --partition P --offset O --reason \"...\"");
        if (app.topics().size() > 1) {
            line("(use the topic `ferry show-failure` names: the app reads " + code(app.topics()) + ").");
            line();
        }
        line("3. Then watch it catch up:");
        sh("ferry lag " + a);
    }

    private void lagging() {
        line("**Confirm**: which partitions wait, how old their oldest event is and which instance owns them; "
                + "and whether the app works at all (`LAGGING` moves, `STALLED` and `HALTED` do not):");
        sh("ferry lag " + a,
                "ferry status " + a);
        line("**Do**: if it is `HALTED` or `STALLED`, follow that alert. If it moves but does not keep up (a burst, "
                + "a slower function), add instances, up to the number of partitions of `" + input + "` (more "
                + "instances than partitions stay idle):");
        sh("ferry scale " + a + " N");
        line("If it has fallen so far behind that its oldest events are about to leave the topic's retention, "
                + "note the time: once it runs again, reprocess what was lost with");
        sh("ferry replay " + a + " --from-time T");
    }

    private void stalled() {
        line("**Confirm**: the status says `STALLED`; the log says why (a cluster it `cannot reach`, a call "
                + "that never returns, outputs never acknowledged):");
        sh("ferry status " + a,
                "ferry lag " + a,
                "kubectl logs -l app.kubernetes.io/name=" + a + " --tail=200");
        line("**Do**: if the cluster cannot be reached, the app resumes by itself when it can; fix the network "
                + "or the cluster. If a call hangs, restart the app's instances: what was not committed is "
                + "processed again (" + profile.guarantee().key() + "), nothing is lost:");
        sh("kubectl delete pod -l app.kubernetes.io/name=" + a);
        line("Then watch it move:");
        sh("ferry lag " + a);
    }

    private void notReady() {
        line("**Confirm**: the status says why (starting, no partitions, cluster unreachable); no status at all "
                + "means no instance runs:");
        sh("ferry status " + a,
                "kubectl logs -l app.kubernetes.io/name=" + a + " --tail=200",
                "kubectl logs -l app.kubernetes.io/name=" + a + " --previous");
        line("**Do**: with more instances than partitions of `" + input + "`, the extra ones get no partition and "
                + "are never ready: scale to at most that many. If the app is not deployed at all, deploy it; to "
                + "retire it, undeploy it (its alerts go with its PrometheusRule):");
        sh("ferry scale " + a + " N",
                "ferry deploy",
                "ferry undeploy " + a);
    }

    private void deadLettered() {
        if (profile.poisonPolicy() == PoisonPolicy.HALT) {
            line("This app's poison policy is `halt`, so it halts instead: this alert fires only if the platform "
                    + "changes its `poison-policy` to `dead-letter`.");
            line();
        }
        line("**Confirm**: read the dead letters with their reasons (headers `ferry.error.stage`, "
                + "`ferry.error.message`, `ferry.original.topic`, `ferry.original.partition`, "
                + "`ferry.original.offset`), from offset O of partition P of the dead-letter topic:");
        sh("ferry tail " + deadLetters + " --headers --from-offset O --partition P",
                "kubectl logs -l app.kubernetes.io/name=" + a + " --tail=200");
        line("**Do**: fix the cause (the function, or the producer of the bad events). Then reprocess the "
                + "original events, from the earliest `ferry.original.offset` (or the time they were written):");
        sh("ferry replay " + a + " --from-offset O",
                "ferry replay " + a + " --from-time T");
        line(profile.guarantee() == Guarantee.AT_MOST_ONCE
                ? "A replay writes the outputs of every event of the range, not just the dead-lettered ones."
                : "A replay writes the outputs of every event of the range again, with the same envelope ids, which "
                        + "readers use to remove the duplicates.");
        line();
    }

    private void commands() {
        line("## Every command for this app");
        commented("ferry status " + a, "OK, LAGGING, STALLED, HALTED (with the event and error), STOPPED",
                "ferry lag " + a, "per partition: committed, end, waiting, age of the oldest, owner",
                "ferry show-failure " + a, "the event it halted at: key, headers, value, error",
                "ferry skip " + a + " --topic " + input + " --partition P --offset O --reason \"...\"",
                "skip one event on purpose, recorded",
                "ferry replay " + a + " --from-time T", "or --from-offset O: process a range again",
                "ferry tail " + input + " --headers --from-offset O --partition P", "an input event",
                "ferry tail " + deadLetters + " --headers --from-offset O --partition P", "dead letters and why",
                "ferry scale " + a + " N", "N instances, at most the partitions of " + input,
                "ferry deploy", "deploy the app as it is now",
                "ferry undeploy " + a, "remove it",
                "kubectl logs -l app.kubernetes.io/name=" + a, "its instances' logs");
        md.setLength(md.length() - 1);
    }

    /** Commands, each under a comment line saying what it is for. */
    private void commented(String... commandsAndComments) {
        String[] lines = new String[commandsAndComments.length];
        for (int i = 0; i < commandsAndComments.length; i += 2) {
            lines[i] = "# " + commandsAndComments[i + 1];
            lines[i + 1] = commandsAndComments[i];
        }
        sh(lines);
    }

    private void sh(String... commands) {
        line();
        line("```sh");
        for (String c : commands) {
            line(c);
        }
        line("```");
        line();
    }

    private static String code(List<String> names) {
        return String.join(", ", names.stream().map(n -> "`" + n + "`").toList());
    }

    private void line(String text) {
        md.append(text).append('\n');
    }

    private void line() {
        md.append('\n');
    }
}
