package dev.ferry.runbook;

import dev.ferry.engine.AppDescriptor;
import dev.ferry.engine.PlatformProfile;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The five alerts every Ferry app gets, over the metrics its monitoring endpoint publishes (README,
 * "Health, metrics and lag"), with the thresholds and durations of the profile's {@code alerts.*}
 * settings: halted, lagging (the oldest waiting event too old), stalled (events wait and nothing
 * completes), not ready, and events dead-lettered. Each rule aggregates by {@code app}, so an app with
 * several instances alerts once; a halted app raises only its halted alert, not stalled or not ready
 * as well, since those follow from the halt. Stalled needs the app's counts of a whole window ago (the
 * {@code offset}), so that an app that has just started is not called stalled on a minute of data.
 */
public final class AppAlerts {

    /** The app halted at an event that kept failing. */
    public static final String HALTED = "FerryAppHalted";
    /** The oldest event waiting on a partition is older than {@code alerts.lag-seconds}. */
    public static final String LAGGING = "FerryAppLagging";
    /** Events wait and the app completed none for {@code alerts.stalled-window}. */
    public static final String STALLED = "FerryAppStalled";
    /** An instance is not ready, or no instance reports metrics at all. */
    public static final String NOT_READY = "FerryAppNotReady";
    /** Events went to the dead-letter topic within {@code alerts.dead-lettered-window}. */
    public static final String DEAD_LETTERED = "FerryAppDeadLettered";

    private AppAlerts() {
    }

    /**
     * The app's alert rules, in the order above.
     *
     * @param runbookLink the {@code runbook_url} annotation of every rule: the profile's
     *                    {@code alerts.runbook-url} for the app, or where its runbook file is
     */
    public static List<AlertRule> of(AppDescriptor app, PlatformProfile profile, String runbookLink) {
        String a = app.name();
        String sel = "{app=\"" + a + "\"}";
        String halted = "max by (app) (ferry_halted" + sel + ") == 1";
        String inputs = String.join(", ", app.topics());
        String deadLetters = profile.deadLetterTopic(a);
        String stalledWindow = PrometheusDuration.of(profile.alertStalledWindow());
        String deadWindow = PrometheusDuration.of(profile.alertDeadLetteredWindow());
        int lagSeconds = profile.alertLagSeconds();
        return List.of(
                rule(app, runbookLink, HALTED, halted, profile.alertHaltedFor(), "critical",
                        "app '" + a + "' is halted at an event that kept failing",
                        "App '" + a + "' stopped at an event of " + inputs + " that failed on every attempt. It keeps "
                                + "its partitions and processes nothing more of that partition until the function or "
                                + "the event is fixed, or the event is skipped; its lag grows. Run: ferry show-failure "
                                + a),
                rule(app, runbookLink, LAGGING, "max by (app) (ferry_consumer_lag_seconds" + sel + ") > " + lagSeconds,
                        profile.alertLagFor(), "warning",
                        "app '" + a + "' is more than " + lagSeconds + "s behind",
                        "On a partition of " + inputs + ", the oldest event that app '" + a + "' has not "
                                + "processed yet has waited more than " + lagSeconds + "s (alerts.lag-seconds). Run: "
                                + "ferry lag " + a),
                rule(app, runbookLink, STALLED, "sum by (app) (ferry_consumer_lag" + sel + ") > 0 and sum by (app) "
                                + "(increase(ferry_events_consumed_total" + sel + "[" + stalledWindow + "])) == 0 "
                                + "and sum by (app) (ferry_events_consumed_total" + sel + " offset " + stalledWindow
                                + ") unless " + halted,
                        profile.alertStalledFor(), "critical",
                        "app '" + a + "' has events waiting and completed none for " + stalledWindow,
                        "Events of " + inputs + " wait for app '" + a + "', and it completed none of them for "
                                + stalledWindow + " (alerts.stalled-window) without having halted: a function call "
                                + "that never returns, outputs the cluster never acknowledges, or a cluster it cannot "
                                + "reach. Run: ferry status " + a),
                rule(app, runbookLink, NOT_READY, "(min by (app) (ferry_ready" + sel + ") == 0 unless " + halted
                                + ") or absent(ferry_ready" + sel + ")",
                        profile.alertNotReadyFor(), "warning",
                        "app '" + a + "' is not ready",
                        "An instance of app '" + a + "' answers 503 on /health/ready (starting, no partitions "
                                + "assigned, or the Kafka cluster unreachable), or no instance reports metrics at "
                                + "all (not deployed, crashing, or not scraped). Run: ferry status " + a),
                rule(app, runbookLink, DEAD_LETTERED, "sum by (app) (increase(ferry_events_dead_lettered_total" + sel
                                + "[" + deadWindow + "])) > 0",
                        Duration.ZERO, "warning",
                        "app '" + a + "' sent events to its dead-letter topic " + deadLetters,
                        "App '" + a + "' gave up on events that kept failing and sent them to " + deadLetters
                                + " within the last " + deadWindow + " (alerts.dead-lettered-window); their outputs "
                                + "are missing until they are replayed. Run: ferry tail " + deadLetters
                                + " --headers --from-offset O --partition P"));
    }

    private static AlertRule rule(AppDescriptor app, String runbookLink, String alert, String expr,
                                  Duration forDuration, String severity, String summary, String description) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("severity", severity);
        labels.put("app", app.name());
        if (!app.owner().isBlank()) {
            labels.put("owner", app.owner());
        }
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put("summary", summary);
        annotations.put("description", description);
        annotations.put("runbook_url", runbookLink);
        return new AlertRule(alert, expr, PrometheusDuration.of(forDuration), labels, annotations);
    }
}
