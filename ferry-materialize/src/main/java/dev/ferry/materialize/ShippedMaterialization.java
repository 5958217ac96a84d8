package dev.ferry.materialize;

import dev.ferry.api.Start;
import dev.ferry.engine.AppDescriptor;
import dev.ferry.engine.FunctionRef;
import dev.ferry.engine.Guarantee;
import dev.ferry.engine.PlatformProfile;
import java.util.Locale;
import java.util.Map;

/**
 * A materialization as {@code ferry package} and {@code ferry deploy} see it: the app it runs as
 * (its name, topic, batch size, guarantee) and the profile its pods run with, from the file alone,
 * without the topic's schema or the target's server, which the pod finds when it starts. It refuses
 * what cannot be shipped: a DuckDB target (an embedded database file inside a pod, see
 * docs/materialize.md) and a password written in the file (it would be in the image in clear).
 *
 * @param spec       the file, read and checked
 * @param descriptor the app it runs as
 * @param profile    the profile with the target's guarantee (exactly-once for PostgreSQL), as a pod runs it
 */
public record ShippedMaterialization(MaterializeSpec spec, AppDescriptor descriptor, PlatformProfile profile) {

    /**
     * Checks a file for shipping and outlines its app.
     *
     * @throws MaterializeException naming the file, the key and the fix
     */
    public static ShippedMaterialization of(MaterializeSpec spec, PlatformProfile profile) {
        MaterializeTarget target = Targets.find(spec.targetType(), spec.file());
        Materialization.checkKeys(spec, target);
        if (spec.targetType().equals("duckdb")) {
            throw new MaterializeException("materialize file " + spec.file() + ": target.type: duckdb cannot be "
                    + "shipped: it writes a database file inside the process, which in a pod would need DuckDB's 85 MB "
                    + "driver in the image and a volume of its own, and could be read by no one else; materialize into "
                    + "a database server for a deployment (type: postgres), or run ferry materialize where the file "
                    + "is to live");
        }
        for (String k : spec.targetSettings().keySet()) {
            if (k.equals("password")) {
                String variable = "FERRY_PLUGINS_" + spec.targetType().toUpperCase(Locale.ROOT).replace('-', '_')
                        + "_PASSWORD";
                throw new MaterializeException("materialize file " + spec.file() + ": target.password: a password "
                        + "in the file would be in the image in clear; leave it out, and give the pods " + variable
                        + " from a Kubernetes Secret with the profile's kubernetes.credentials: " + variable
                        + "=<secret>/<key>");
            }
        }
        AppDescriptor descriptor = AppDescriptor.builder(spec.name())
                .description("materializes topic '" + spec.topic() + "' into " + spec.targetType())
                .topics(spec.topic()).start(Start.BEGINNING).batchSize(spec.batchSize())
                .function(new FunctionRef(MaterializeRuntime.NAME, Map.of()))
                .origin("materialize file " + spec.file())
                .classLoader(ShippedMaterialization.class.getClassLoader())
                .build();
        String from = "materialize file " + spec.file() + " (target " + spec.targetType() + ")";
        PlatformProfile.Builder p = profile.toBuilder().set("guarantee", target.guarantee().key(), from);
        if (target.guarantee() == Guarantee.EXACTLY_ONCE && profile.concurrency() > 1) {
            p.set("concurrency", "1", from);
        }
        return new ShippedMaterialization(spec, descriptor, p.build());
    }
}
