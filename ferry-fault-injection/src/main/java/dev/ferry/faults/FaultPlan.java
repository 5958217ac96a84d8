package dev.ferry.faults;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * What happens to the app and the broker during a run, and when. Each step fires once the group has
 * committed a given fraction of the input, after a further random delay (so it lands anywhere in the
 * poll / process / write / commit cycle). That alone cannot keep a fast app from finishing while
 * slow steps before it are carried out, so {@link FaultRun} also holds some input back for each step
 * and produces it right before the step: every fault finds work left. The same seed gives the same
 * plan; the timing of the processes around it still varies from run to run.
 *
 * @param seed  the seed the plan was drawn from
 * @param steps the steps in the order they fire
 */
record FaultPlan(long seed, List<Step> steps) {

    /** Steps fire between these fractions of the input committed. */
    static final double FIRST = 0.05;
    static final double LAST = 0.80;

    /** What a step does. */
    enum Kind {
        /** SIGKILL one running instance (chosen by {@link Step#choice()}), then start it again after {@link Step#pause()}. */
        KILL,
        /** Stop the broker, keep it down for {@link Step#pause()}, start it again on the same port and data. */
        BROKER_RESTART,
        /** Start a second instance: the group rebalances. */
        SCALE_OUT,
        /** Stop the second instance with SIGTERM: the group rebalances. */
        SCALE_IN,
        /** SIGKILL the write-back proxy (runs with {@code --proxy}), then start it again after {@link Step#pause()}. */
        PROXY_KILL
    }

    /**
     * One step.
     *
     * @param kind       what it does
     * @param atProgress the fraction of the input that must be committed before it fires
     * @param delay      how long after that it fires
     * @param pause      for a kill, how long the instance stays dead; for a broker restart, how long the broker stays down
     * @param choice     for a kill, which running instance dies (modulo how many run)
     */
    record Step(Kind kind, double atProgress, Duration delay, Duration pause, int choice) {

        @Override
        public String toString() {
            return String.format("%s at %.1f%% +%dms", kind, atProgress * 100, delay.toMillis());
        }
    }

    /** A random plan of {@code kills} kills, {@code brokerRestarts} broker restarts and {@code rebalances} scale-out/scale-in pairs. */
    static FaultPlan random(long seed, int kills, int brokerRestarts, int rebalances) {
        return random(seed, kills, brokerRestarts, rebalances, 0);
    }

    /** The same with {@code proxyKills} SIGKILLs of the write-back proxy among the steps (none: the same plan as without). */
    static FaultPlan random(long seed, int kills, int brokerRestarts, int rebalances, int proxyKills) {
        Random random = new Random(seed);
        List<Kind> kinds = new ArrayList<>();
        kinds.addAll(Collections.nCopies(kills, Kind.KILL));
        kinds.addAll(Collections.nCopies(proxyKills, Kind.PROXY_KILL));
        kinds.addAll(Collections.nCopies(brokerRestarts, Kind.BROKER_RESTART));
        kinds.addAll(Collections.nCopies(2 * rebalances, Kind.SCALE_OUT));
        Collections.shuffle(kinds, random);
        List<Double> at = new ArrayList<>();
        for (int i = 0; i < kinds.size(); i++) {
            at.add(FIRST + random.nextDouble() * (LAST - FIRST));
        }
        at.sort(Comparator.naturalOrder());
        List<Step> steps = new ArrayList<>();
        boolean out = false;
        for (int i = 0; i < kinds.size(); i++) {
            Kind kind = kinds.get(i);
            if (kind == Kind.SCALE_OUT) {
                kind = out ? Kind.SCALE_IN : Kind.SCALE_OUT;
                out = !out;
            }
            steps.add(new Step(kind, at.get(i), Duration.ofMillis(random.nextInt(500)), pause(kind, random),
                    random.nextInt(1_000)));
        }
        return new FaultPlan(seed, List.copyOf(steps));
    }

    private static Duration pause(Kind kind, Random random) {
        return switch (kind) {
            case KILL, PROXY_KILL -> Duration.ofMillis(random.nextInt(1_000));
            case BROKER_RESTART -> Duration.ofMillis(500 + random.nextInt(2_500));
            case SCALE_OUT, SCALE_IN -> Duration.ZERO;
        };
    }
}
