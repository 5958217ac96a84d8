package dev.ferry.faults;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The outcome of a run: what was done to the app and the broker, what the audit found, and whether
 * the guarantee held. {@link #passed()} needs the guarantee to hold and the input to be fully
 * committed (an app that stalls has not proved anything).
 *
 * @param options        the run's choices
 * @param expectation    what the guarantee promises
 * @param audit          what the output holds
 * @param committed      input events the group had committed when the apps were stopped
 * @param incomplete     why the processing did not finish, or null if it did
 * @param kills          SIGKILLs done
 * @param starts         app instance starts, first start included
 * @param crashes        app instances that exited when nobody asked them to
 * @param halts          app instances that halted (the engine gave up on an event), with the log line
 * @param late           faults carried out when every event produced was already committed (they prove
 *                       nothing; the input held back for each fault keeps this at 0)
 * @param caughtUp       faults before which the app had committed every event produced so far, so that
 *                       only the input held back for them gave them work
 * @param brokerRestarts broker restarts done
 * @param adds           second instances added
 * @param removes        second instances removed
 * @param produce        time spent producing the input (the parts held back for the faults during the processing)
 * @param processing     from the first app start until the input was committed (or the timeout)
 * @param auditTime      time to read the output back
 * @param total          the whole run, broker start to audit
 * @param timeline       what happened when
 * @param proxyKills     SIGKILLs of the write-back proxy done (runs with {@code --proxy})
 */
record RunReport(RunOptions options, Expectation expectation, OutputAudit audit, long committed, String incomplete,
                 int kills, int starts, List<String> crashes, List<String> halts, int late, int caughtUp, int brokerRestarts, int adds, int removes,
                 Duration produce, Duration processing, Duration auditTime, Duration total, List<String> timeline,
                 int proxyKills) {

    /** Why the run failed, or null if it passed. */
    String failure() {
        String violation = expectation.violation(audit);
        if (violation != null) {
            return violation;
        }
        if (!halts.isEmpty()) {
            return halts.size() + " app instance(s) halted" + (incomplete != null ? "; " + incomplete : "");
        }
        return incomplete;
    }

    /** Whether the guarantee held and the input was fully processed. */
    boolean passed() {
        return failure() == null;
    }

    /** The report as Markdown: a verdict, the table, the timeline, and the command that reproduces the plan. */
    String toMarkdown() {
        StringBuilder md = new StringBuilder();
        String g = options.guarantee().key();
        md.append("# Fault injection: ").append(g).append("\n\n");
        md.append(passed() ? "**PASS**: " : "**FAIL**: ").append(verdict()).append("\n\n");
        md.append("| measure | value |\n|---|---|\n");
        row(md, "guarantee", g + " (output read " + expectation.isolation().toString().toLowerCase(Locale.ROOT)
                + "; losses " + (expectation.lossAllowed() ? "allowed" : "not allowed") + "; duplicates "
                + (expectation.duplicatesAllowed() ? "allowed" : "not allowed") + ")");
        row(md, "events produced", n(audit.expected()) + " (unique ids, " + options.partitions() + " partitions"
                + (audit.poison() > 0 ? ", " + n(audit.poison()) + " poison" : "") + ")");
        row(md, "**events lost**", "**" + n(audit.lost()) + "** (committed by the group, with no output)");
        if (audit.unprocessed() > 0) {
            row(md, "events not processed", n(audit.unprocessed()) + " (not committed when the run ended)");
        }
        row(md, "duplicates", n(audit.duplicates()) + " (" + percent(audit.duplicates(), audit.expected()) + ")");
        row(md, "outputs read", n(audit.records()) + " (" + n(audit.unexpected()) + " unexpected)");
        if (options.poisonEvery() > 0) {
            row(md, "**dead-lettered vs injected**", "**" + n(audit.deadLettered()) + " / " + n(audit.poison())
                    + "** poison events have a dead letter" + (audit.poisonNotDeadLettered() > 0
                    ? "; **" + n(audit.poisonNotDeadLettered()) + " have none**" : "; none is missing"));
            row(md, "dead letters read", n(audit.deadLetters()) + " (" + n(audit.deadLetterDuplicates())
                    + " duplicates, " + n(audit.deadLetterUnexpected()) + " of events that were not poison)");
        }
        if (expectation.isolation() == org.apache.kafka.common.IsolationLevel.READ_COMMITTED) {
            row(md, "open transactions on the output at the audit", audit.settled() == null
                    ? "**still open after " + time(OutputAudit.SETTLE) + "**: outputs after them are not visible"
                    : "none after waiting " + time(audit.settled()));
        }
        row(md, "input committed at the end", n(committed) + " / " + n(audit.expected()));
        row(md, "SIGKILLs of an app instance", Integer.toString(kills));
        row(md, "app instance starts", starts + " (each kill is followed by a restart)");
        row(md, "crashes (exits nobody asked for)", Integer.toString(crashes.size()));
        row(md, "halts", Integer.toString(halts.size()));
        row(md, "broker restarts", Integer.toString(brokerRestarts));
        if (options.proxy()) {
            row(md, "write-back", "proxy: the app writes through ferry proxy, run as a process of its own; "
                    + proxyKills + " SIGKILL(s) of the proxy, each followed by a restart");
        }
        row(md, "faults that found no work left", Integer.toString(late));
        row(md, "faults that found the app caught up", caughtUp + " (their only work was the events held back "
                + "for them)");
        row(md, "rebalances by scaling", (adds + removes) + " (" + adds + " instance added, " + removes + " removed)");
        row(md, "**wall time**", "**" + time(total) + "** (produce " + time(produce) + ", process under faults "
                + time(processing) + ", audit " + time(auditTime) + ")");
        row(md, "seed", Long.toString(options.seed()));
        if (!options.extraSettings().isEmpty()) {
            row(md, "extra app settings", String.join(", ", options.extraSettings()));
        }
        row(md, "group protocol", options.groupProtocol().key() + ", session timeout " + time(options.sessionTimeout()));
        row(md, "app", FaultApp.NAME + ": batch size " + FaultApp.BATCH_SIZE + ", " + options.batchWork().toMillis()
                + "ms of work per call, " + (options.outputBytes() > 0 ? options.outputBytes() + " bytes of padding "
                + "per output, " : "") + FaultApp.INPUT + " → " + FaultApp.OUTPUT);
        if (!audit.lostIds().isEmpty()) {
            md.append("\n## Lost events (committed input ranges with no output)\n\n");
            audit.lostIds().forEach(l -> md.append("- ").append(l).append('\n'));
        }
        if (!halts.isEmpty()) {
            md.append("\n## Halts\n\n");
            halts.forEach(h -> md.append("- ").append(h.replace('|', '/')).append('\n'));
        }
        if (!crashes.isEmpty()) {
            md.append("\n## Crashes\n\n");
            crashes.forEach(c -> md.append("- ").append(c).append('\n'));
        }
        md.append("\n## Outputs by instance\n\n| instance | outputs |\n|---|---|\n");
        audit.byInstance().forEach((instance, count) -> row(md, instance, n(count)));
        md.append("\n## Timeline\n\n| time | committed | what |\n|---|---|---|\n");
        timeline.forEach(t -> md.append(t).append('\n'));
        md.append("\n## Reproduce\n\n```sh\n").append(command()).append("\n```\n\n")
                .append("The seed fixes the plan (which faults, at which progress, with which pauses); the processes' "
                        + "timing around it still varies from run to run.\n");
        return md.toString();
    }

    private String verdict() {
        String failure = failure();
        String dupes = n(audit.duplicates()) + " duplicates" + (expectation.duplicatesAllowed()
                ? " (allowed by " + options.guarantee().key() + ")" : "");
        String lost = n(audit.lost()) + " events lost" + (expectation.lossAllowed() && audit.lost() > 0
                ? " (allowed by " + options.guarantee().key() + ")" : "");
        if (failure == null) {
            return lost + ", " + dupes + ", after " + kills + " SIGKILLs"
                    + (options.proxy() ? " of the app, " + proxyKills + " of the write-back proxy" : "") + ", " + brokerRestarts
                    + " broker restart(s) and " + (adds + removes) + " scaling rebalances.";
        }
        return failure + "; " + lost + ", " + dupes + ".";
    }

    /** The command line that runs this plan again. */
    String command() {
        return "java -jar ferry-fault-injection/target/ferry-fault-injection.jar --events " + options.events()
                + " --kills " + options.kills() + " --broker-restarts " + options.brokerRestarts() + " --rebalances "
                + options.rebalances() + " --partitions " + options.partitions() + " --seed " + options.seed()
                + " --group-protocol " + options.groupProtocol().key() + " --session-timeout "
                + options.sessionTimeout().toMillis() + "ms --batch-work " + options.batchWork().toMillis()
                + "ms" + (options.outputBytes() > 0 ? " --output-bytes " + options.outputBytes() : "") + " --guarantee " + options.guarantee().key()
                + (options.poisonEvery() > 0 ? " --poison-every " + options.poisonEvery() : "")
                + (options.proxy() ? " --proxy --proxy-kills " + options.proxyKills() : "")
                + options.extraSettings().stream().map(s -> " --set " + s).collect(java.util.stream.Collectors.joining());
    }

    private static void row(StringBuilder md, String name, String value) {
        md.append("| ").append(name).append(" | ").append(value).append(" |\n");
    }

    static String n(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }

    private static String percent(long part, long whole) {
        return String.format(Locale.ROOT, "%.2f%%", whole == 0 ? 0.0 : 100.0 * part / whole);
    }

    static String time(Duration d) {
        long ms = d.toMillis();
        if (ms < 60_000) {
            return String.format(Locale.ROOT, "%.1fs", ms / 1000.0);
        }
        return String.format(Locale.ROOT, "%dm %02ds", ms / 60_000, (ms / 1000) % 60);
    }
}
