package dev.ferry.faults;

import dev.ferry.engine.Guarantee;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The choices of one fault-injection run; checked at once, with the reason.
 *
 * @param events          input events, ids 0..events-1
 * @param partitions      input partitions
 * @param kills           SIGKILLs of an app instance, each followed by a restart
 * @param brokerRestarts  broker stop/start cycles
 * @param rebalances      scale-out/scale-in pairs (a second instance added, later removed)
 * @param seed            the seed of the fault plan
 * @param guarantee       the engine guarantee under test; decides what the audit expects
 * @param groupProtocol   how the group rebalances
 * @param sessionTimeout  how long a killed instance stays a member of the group
 * @param batchWork       time the app's function spends per call, so that faults land mid-work
 * @param outputBytes     padding of every output, to make writes (and transactions) take longer
 * @param timeout         the most the processing phase may take; past it the run fails as incomplete
 * @param poisonEvery     every n-th event is a poison event, dead-lettered by the engine (0: none)
 * @param logDir          where each app instance's log goes
 * @param extraSettings   further app profile settings, {@code key=value}, after the harness's own
 * @param proxy           whether the app writes through the write-back proxy ({@code write-back: proxy}), run
 *                        as a process of its own
 * @param proxyKills      SIGKILLs of the proxy, each followed by a restart (with {@code proxy} only)
 */
record RunOptions(long events, int partitions, int kills, int brokerRestarts, int rebalances, long seed,
                  Guarantee guarantee, GroupProtocol groupProtocol, Duration sessionTimeout, Duration batchWork, int outputBytes, Duration timeout,
                  int poisonEvery, Path logDir, List<String> extraSettings, boolean proxy, int proxyKills) {

    RunOptions {
        require(events >= 1 && events <= Integer.MAX_VALUE, "--events must be between 1 and " + Integer.MAX_VALUE
                + ", got " + events);
        require(partitions >= 1, "--partitions must be at least 1, got " + partitions);
        require(kills >= 0, "--kills must be 0 or more, got " + kills);
        require(brokerRestarts >= 0, "--broker-restarts must be 0 or more, got " + brokerRestarts);
        require(rebalances >= 0, "--rebalances must be 0 or more, got " + rebalances);
        require(sessionTimeout.toMillis() >= 1_000, "--session-timeout must be at least 1s, got " + sessionTimeout);
        require(!batchWork.isNegative(), "--batch-work must not be negative, got " + batchWork);
        require(outputBytes >= 0 && outputBytes <= 100_000, "--output-bytes must be between 0 and 100000, got "
                + outputBytes);
        require(!timeout.isNegative() && !timeout.isZero(), "--timeout must be positive, got " + timeout);
        extraSettings = List.copyOf(extraSettings);
        for (String s : extraSettings) {
            require(s.indexOf('=') > 0, "--set must be KEY=VALUE, got '" + s + "'");
        }
        require(poisonEvery >= 0, "--poison-every must be 0 (none) or more, got " + poisonEvery);
        require(proxyKills >= 0, "--proxy-kills must be 0 or more, got " + proxyKills);
        require(proxy || proxyKills == 0, "--proxy-kills needs --proxy (the app writing through the write-back proxy)");
        require(!proxy || guarantee != Guarantee.EXACTLY_ONCE, "--proxy cannot be combined with --guarantee "
                + "exactly-once: the write-back proxy gives at-least-once");
        int faults = kills + brokerRestarts + 2 * rebalances + proxyKills;
        require(events > faults, "--events must be more than the " + faults + " faults planned (--kills + "
                + "--broker-restarts + 2 x --rebalances + --proxy-kills), since input is held back for each of them, got " + events);
    }

    /** The input these options describe. */
    InputEvents input() {
        return new InputEvents(events, poisonEvery);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
