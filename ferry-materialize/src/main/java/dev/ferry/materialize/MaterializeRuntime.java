package dev.ferry.materialize;

import dev.ferry.engine.AppDefinitionException;
import dev.ferry.engine.spi.AppFunction;
import dev.ferry.engine.spi.Emitted;
import dev.ferry.engine.spi.Event;
import dev.ferry.engine.spi.FunctionContext;
import dev.ferry.engine.spi.FunctionRuntime;
import dev.ferry.engine.spi.ProcessingException;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The function of a materialization ({@code function: {runtime: materialize}}): maps each event to a
 * {@link Row} with {@link RowMapper} and emits it to the app's one output, so that a bad event (a wrong
 * type, a missing key, an oversized column) fails at itself, with a reason naming the column, and
 * follows the poison policy ({@code DECODE}: not retried). Takes tombstones, which delete. A schema
 * file changed while it runs is taken up for the batches after it ({@link SchemaWatch}).
 */
public final class MaterializeRuntime implements FunctionRuntime {

    /** The runtime's name in the descriptor. */
    public static final String NAME = "materialize";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public AppFunction create(FunctionContext context) {
        Resolved resolved;
        TableSchema schema;
        try {
            resolved = Resolved.fromSettings(context.app().function().settings());
            schema = resolved.schema();
        } catch (MaterializeException e) {
            throw new AppDefinitionException(e.getMessage(), e);
        }
        String output = context.app().outputs().get(0).topic();
        int maxColumnBytes = resolved.spec().mapping().maxColumnBytes();
        return new Function(new SchemaWatch(context.app().name(), resolved.spec(), schema, resolved.schemaText(),
                s -> new RowMapper(s, maxColumnBytes)), output);
    }

    /** One consumer's function. */
    private static final class Function implements AppFunction {
        private final SchemaWatch schema;
        private final String output;

        Function(SchemaWatch schema, String output) {
            this.schema = schema;
            this.output = output;
        }

        @Override
        public Type inputType() {
            return byte[].class;
        }

        @Override
        public boolean takesTombstones() {
            return true;
        }

        @Override
        public CompletionStage<List<Emitted>> apply(List<Event> events, List<Object> values) throws ProcessingException {
            List<Emitted> out = new ArrayList<>(events.size());
            RowMapper mapper = schema.mapper();
            for (int i = 0; i < events.size(); i++) {
                Event e = events.get(i);
                Row row;
                try {
                    row = mapper.map(e);
                } catch (RowMapper.BadEvent bad) {
                    throw new ProcessingException(ProcessingException.Stage.DECODE, i, "event at " + e.position() + " "
                            + bad.getMessage(), null);
                }
                if (row != null) { // the sink takes the row's own key: the event's is not needed again
                    out.add(new Emitted(output, null, row, Map.of(), i));
                }
            }
            return CompletableFuture.completedFuture(out);
        }
    }
}
