package dev.ferry.materialize.jdbc;

import dev.ferry.engine.spi.Partition;
import dev.ferry.materialize.Column;
import dev.ferry.materialize.Row;
import dev.ferry.materialize.RowWriter;
import dev.ferry.materialize.TableSchema;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A SQL target's writer that follows the schema the rows were mapped with, which may change while the
 * materialization runs (a schema file edited: see the core's schema watch): before the first write of
 * rows with other columns it evolves the table as start-up does ({@link TableDefinition}: a new column
 * added, in its own transaction, before any row has it) and writes with a {@link JdbcRowWriter} of those
 * columns from then on. A column whose type changed is refused with the same sentence as at start-up,
 * naming it; that failure {@linkplain #waitsForChange waits}, so the app is not ready, nothing after it is
 * written and no event is lost, until the table is altered to fit and the next attempt succeeds.
 */
final class SchemaFollowingWriter implements RowWriter {

    private static final Logger LOG = LoggerFactory.getLogger(SchemaFollowingWriter.class);

    private final String app;
    private final String table;
    private final Function<TableSchema, JdbcRowWriter> writers;
    private JdbcRowWriter current;

    SchemaFollowingWriter(String app, String table, TableSchema initial, Function<TableSchema, JdbcRowWriter> writers) {
        this.app = app;
        this.table = table;
        this.writers = writers;
        this.current = writers.apply(initial);
    }

    @Override
    public boolean storesOffsets() {
        return current.storesOffsets();
    }

    @Override
    public Map<Partition, Long> open(Collection<Partition> partitions) throws Exception {
        return current.open(partitions);
    }

    @Override
    public void write(List<Row> rows, Map<Partition, Long> nextOffsets) throws Exception {
        List<Column> columns = latestColumns(rows);
        if (columns != null && !columns.equals(current.schema().columns())) {
            TableSchema was = current.schema();
            JdbcRowWriter next = writers.apply(new TableSchema(columns, was.key(), was.source()));
            next.prepare();
            current = next;
            LOG.info("app '{}': table '{}' fits the changed schema: {}", app, table, columns.stream()
                    .map(c -> c.name() + " " + c.type().name().toLowerCase(java.util.Locale.ROOT))
                    .collect(java.util.stream.Collectors.joining(", ")));
        }
        current.write(rows, nextOffsets);
    }

    /** The columns of the last mapped row (rows are mapped in order, so with the newest schema), or null. */
    private static List<Column> latestColumns(List<Row> rows) {
        for (int i = rows.size() - 1; i >= 0; i--) {
            if (rows.get(i).values() instanceof Row.Cells cells) {
                return cells.columns();
            }
        }
        return null;
    }

    @Override
    public boolean isTransient(Exception failure) {
        return current.isTransient(failure);
    }

    @Override
    public boolean waitsForChange(Exception failure) {
        return failure instanceof IncompatibleTableException;
    }

    @Override
    public void close() {
        current.close();
    }
}
