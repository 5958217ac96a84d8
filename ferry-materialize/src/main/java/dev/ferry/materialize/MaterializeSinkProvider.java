package dev.ferry.materialize;

import dev.ferry.engine.ProfileException;
import dev.ferry.engine.spi.Sink;
import dev.ferry.engine.spi.SinkContext;
import dev.ferry.engine.spi.SinkProvider;

/**
 * The write-back of a materialization ({@code write-back: materialize}, which {@link Materialization}
 * sets): the {@link MaterializeSink} of each consumer, over the {@link RowWriter} of the target the
 * file names. Writes to the store, not to the cluster.
 */
public final class MaterializeSinkProvider implements SinkProvider {

    /** The write-back's name. */
    public static final String NAME = "materialize";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean writesToCluster() {
        return false;
    }

    @Override
    public Sink create(SinkContext context) {
        if (!MaterializeRuntime.NAME.equals(context.app().function().runtime())) {
            throw new ProfileException("app '" + context.app().name() + "': write-back " + NAME + " writes the rows of a "
                    + "materialization; run it with ferry materialize FILE, not for an app of runtime '"
                    + context.app().function().runtime() + "'");
        }
        Resolved resolved = Resolved.fromSettings(context.app().function().settings());
        TargetContext target = resolved.context(context.consumer(), context.shutdownTimeout());
        RowWriter writer = Targets.find(resolved.spec().targetType(), resolved.spec().file()).open(target);
        return new MaterializeSink(context.app().name(), writer,
                context.deadLetterTopic(), context.producerConfig(), context.shutdownTimeout(), context.store());
    }
}
