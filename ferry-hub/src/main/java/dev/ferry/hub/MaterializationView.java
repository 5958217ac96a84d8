package dev.ferry.hub;

import dev.ferry.engine.AppAnnouncement;
import dev.ferry.engine.StatusReport;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the hub shows of an app that is a materialization ({@code ferry materialize}): the store it
 * writes rows into, how many, how far behind, and whether that store is away. An app is one when its
 * announced output has the format {@value #ROW_FORMAT}: its "topic" is then no Kafka topic but
 * {@code <target type>.<table or prefix>}, which is how the hub knows the target without knowing
 * ferry-materialize.
 *
 * @param targetType       the target's type, such as {@code postgres}, {@code duckdb} or {@code redis}
 * @param destination      where in it: the table, or the key prefix
 * @param rowsWritten      rows written, summed over the instances' latest status reports (each since it started)
 * @param lag              events behind, summed over its live instances
 * @param storeUnavailable why and since when its store cannot be written to, as a live instance reports it
 */
public record MaterializationView(String targetType, String destination, long rowsWritten, long lag,
                                  Optional<String> storeUnavailable) {

    /** The format of a materialization's rows (ferry-materialize's {@code RowFormat.NAME}). */
    public static final String ROW_FORMAT = "ferry-row";

    /** Checks every part is present. */
    public MaterializationView {
        Objects.requireNonNull(targetType, "targetType");
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(storeUnavailable, "storeUnavailable");
    }

    /** The materialization {@code latest} announces, with its instances' counts; empty if it is not one. */
    public static Optional<MaterializationView> of(AppAnnouncement latest, List<AppView.Instance> instances) {
        Optional<AppAnnouncement.Output> rows = latest.outputs().stream()
                .filter(o -> ROW_FORMAT.equals(o.format())).findFirst();
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        String name = rows.get().topic();
        int dot = name.indexOf('.');
        long written = instances.stream().flatMap(i -> i.status().stream())
                .mapToLong(r -> r.status().emitted()).sum();
        List<StatusReport> live = instances.stream().filter(AppView.Instance::live)
                .flatMap(i -> i.status().stream()).toList();
        return Optional.of(new MaterializationView(dot < 0 ? name : name.substring(0, dot),
                dot < 0 ? "" : name.substring(dot + 1), written, live.stream().mapToLong(r -> r.status().lag()).sum(),
                live.stream().flatMap(r -> r.status().store().stream()).findFirst().map(u -> u.describe())));
    }
}
