package dev.ferry.faults;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The app instances of a run, by slot: the {@code primary} runs from start to end and is restarted
 * after every kill; the {@code secondary} is added and removed to force rebalances. Each start of a
 * slot is a new incarnation, named {@code slot-N}, with its own log, and the slot's name as its
 * stable {@code instance-id}. Counts what it did.
 */
final class Fleet {

    static final String PRIMARY = "primary";
    static final String SECONDARY = "secondary";

    private final String bootstrapServers;
    private final List<String> jvmOptions;
    private final List<String> settings;
    private final Path logDir;
    private final Consumer<String> log;
    private final Map<String, AppInstance> live = new LinkedHashMap<>();
    private final Map<String, Integer> incarnations = new LinkedHashMap<>();
    private final List<String> crashes = new ArrayList<>();
    private final List<AppInstance> all = new ArrayList<>();
    private int starts;
    private int kills;
    private int adds;
    private int removes;

    Fleet(String bootstrapServers, List<String> jvmOptions, List<String> settings, Path logDir, Consumer<String> log) {
        this.bootstrapServers = bootstrapServers;
        this.jvmOptions = List.copyOf(jvmOptions);
        this.settings = List.copyOf(settings);
        this.logDir = logDir;
        this.log = log;
    }

    /** Starts a new incarnation of a slot. */
    AppInstance start(String slot) {
        int n = incarnations.merge(slot, 1, Integer::sum);
        AppInstance instance = AppInstance.start(slot + "-" + n, bootstrapServers, jvmOptions, settings(slot), logDir);
        live.put(slot, instance);
        all.add(instance);
        starts++;
        return instance;
    }

    /**
     * A slot's profile: a stable {@code instance-id} (the slot's name, as a StatefulSet gives each pod
     * a stable name), so that an instance restarted after a kill takes its predecessor's place in the
     * group (static membership) and, for exactly-once, aborts its open transaction at once; then the
     * run's settings, which may override it.
     */
    private List<String> settings(String slot) {
        List<String> s = new ArrayList<>();
        s.add("instance-id=" + slot);
        s.addAll(settings);
        return s;
    }

    /** SIGKILLs the instance of one of the running slots, chosen by {@code choice}; returns its slot. */
    String kill(int choice) {
        List<String> slots = new ArrayList<>(live.keySet());
        String slot = slots.get(Math.floorMod(choice, slots.size()));
        AppInstance victim = live.remove(slot);
        victim.kill();
        kills++;
        log.accept("killed " + victim.name() + " (SIGKILL)");
        return slot;
    }

    /** Whether the secondary runs. */
    boolean scaledOut() {
        return live.containsKey(SECONDARY);
    }

    /** Starts the secondary: a second member joins the group. */
    void scaleOut() {
        AppInstance added = start(SECONDARY);
        adds++;
        log.accept("added " + added.name());
    }

    /** Stops the secondary with SIGTERM: a member leaves the group. */
    void scaleIn(long graceSeconds) {
        AppInstance removed = live.remove(SECONDARY);
        boolean clean = removed.stop(graceSeconds);
        removes++;
        log.accept("removed " + removed.name() + (clean ? " (SIGTERM)" : " (SIGTERM timed out; SIGKILLed)"));
    }

    /** Restarts any instance that exited without being told to, and remembers it as a crash. */
    void reviveCrashed() {
        for (Map.Entry<String, AppInstance> e : new ArrayList<>(live.entrySet())) {
            AppInstance i = e.getValue();
            if (!i.alive()) {
                String crash = i.name() + " exited on its own with code " + i.exitCode() + " (see " + i.log() + ")";
                crashes.add(crash);
                log.accept(crash + "; restarting it");
                start(e.getKey());
            }
        }
    }

    /** Stops every instance with SIGTERM, each within the grace period, then SIGKILL. */
    void stopAll(long graceSeconds) {
        for (AppInstance i : live.values()) {
            boolean clean = i.stop(graceSeconds);
            log.accept("stopped " + i.name() + (clean ? "" : " (SIGTERM timed out; SIGKILLed)"));
        }
        live.clear();
    }

    /** SIGKILLs whatever still runs; for cleanup after a failure. */
    void killAll() {
        live.values().forEach(AppInstance::kill);
        live.clear();
    }

    /**
     * The first line of every instance log that reports a halt: the engine gave up on an event
     * ({@code HALTED at}), on a batch ({@code HALTED:}), or its consumer loop died.
     */
    List<String> halts() {
        List<String> halts = new ArrayList<>();
        for (AppInstance i : all) {
            i.firstLogLine(line -> line.contains(" HALTED") || line.contains("stopped on an unexpected error"))
                    .ifPresent(line -> halts.add(i.name() + ": " + line));
        }
        return halts;
    }

    int starts() {
        return starts;
    }

    int kills() {
        return kills;
    }

    int adds() {
        return adds;
    }

    int removes() {
        return removes;
    }

    List<String> crashes() {
        return List.copyOf(crashes);
    }
}
