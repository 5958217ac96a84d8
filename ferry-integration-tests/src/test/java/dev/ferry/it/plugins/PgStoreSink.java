package dev.ferry.it.plugins;

import dev.ferry.engine.spi.OutputRecord;
import dev.ferry.engine.spi.Partition;
import dev.ferry.engine.spi.ProcessingException;
import dev.ferry.engine.spi.Sink;
import dev.ferry.engine.spi.SinkBatch;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One consumer's {@code pg-store} sink: each {@link SinkBatch} is one JDBC transaction that inserts
 * every output (one row: its topic, key, value as text, and the input position it came from) and
 * upserts {@link SinkBatch#nextOffsets()} per app, topic and partition; {@link #open} returns the
 * offsets stored, so the consumer resumes where the table ends, whatever the group has committed.
 *
 * <p>The input position of an output is not in the SPI: a {@code SinkBatch} gives the outputs and the
 * inputs, but not which input each output came from. The app's function says it in a header,
 * {@value #SOURCE_HEADER}: {@code <topic>:<partition>:<offset>} (Kafka topic names have no ':'); an
 * output without it gets null source columns.
 *
 * <p>Threads: the engine calls {@link #write} from worker threads (one at a time, since the sink owns
 * the offsets) and {@link #open} from the poll thread; both are synchronized on the one connection.
 */
public final class PgStoreSink implements Sink {

    /** The output header that names the input event an output came from. */
    public static final String SOURCE_HEADER = "source";

    private final Connection connection;
    private final String app;
    private final String insertOutput;
    private final String upsertOffset;
    private final String selectOffsets;

    PgStoreSink(Connection connection, String app, String table) {
        this.connection = connection;
        this.app = app;
        this.insertOutput = "INSERT INTO " + table + " (app, topic, key, value, source_topic, source_partition, "
                + "source_offset) VALUES (?, ?, ?, ?, ?, ?, ?)";
        this.upsertOffset = "INSERT INTO " + table + "_offsets (app, topic, partition, next_offset) VALUES (?, ?, ?, ?) "
                + "ON CONFLICT (app, topic, partition) DO UPDATE SET next_offset = EXCLUDED.next_offset";
        this.selectOffsets = "SELECT topic, partition, next_offset FROM " + table + "_offsets WHERE app = ?";
    }

    /** Creates the outputs table and its offsets table, unless they exist. */
    public static void createTables(Connection connection, String table) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS " + table + " (id bigserial PRIMARY KEY, app text NOT NULL, "
                    + "topic text NOT NULL, key text, value text NOT NULL, source_topic text, source_partition int, "
                    + "source_offset bigint)");
            s.execute("CREATE TABLE IF NOT EXISTS " + table + "_offsets (app text NOT NULL, topic text NOT NULL, "
                    + "partition int NOT NULL, next_offset bigint NOT NULL, PRIMARY KEY (app, topic, partition))");
        }
    }

    @Override
    public Offsets offsets() {
        return Offsets.STORE;
    }

    @Override
    public synchronized Map<Partition, Long> open(Collection<Partition> partitions) {
        Set<Partition> wanted = new HashSet<>(partitions);
        Map<Partition, Long> stored = new HashMap<>();
        try (PreparedStatement s = connection.prepareStatement(selectOffsets)) {
            s.setString(1, app);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    Partition p = new Partition(r.getString(1), r.getInt(2));
                    if (wanted.contains(p)) {
                        stored.put(p, r.getLong(3));
                    }
                }
            }
            connection.commit();
        } catch (SQLException e) {
            rollback();
            throw new IllegalStateException("pg-store cannot read the stored offsets of app '" + app + "': "
                    + e.getMessage(), e);
        }
        return stored;
    }

    @Override
    public synchronized CompletionStage<Void> write(SinkBatch batch) {
        try {
            try (PreparedStatement s = connection.prepareStatement(insertOutput)) {
                for (OutputRecord o : batch.outputs()) {
                    bindOutput(s, o);
                    s.addBatch();
                }
                s.executeBatch();
            }
            try (PreparedStatement s = connection.prepareStatement(upsertOffset)) {
                for (Map.Entry<Partition, Long> e : batch.nextOffsets().entrySet()) {
                    s.setString(1, app);
                    s.setString(2, e.getKey().topic());
                    s.setInt(3, e.getKey().partition());
                    s.setLong(4, e.getValue());
                    s.addBatch();
                }
                s.executeBatch();
            }
            connection.commit();
            return CompletableFuture.completedFuture(null);
        } catch (SQLException | RuntimeException e) {
            rollback();
            return CompletableFuture.failedFuture(new ProcessingException(ProcessingException.Stage.WRITE,
                    "pg-store could not write " + batch.outputs().size() + " output(s): " + rootMessage(e), e));
        }
    }

    private void bindOutput(PreparedStatement s, OutputRecord o) throws SQLException {
        s.setString(1, app);
        s.setString(2, o.topic());
        s.setString(3, o.key() == null ? null : new String(o.key(), StandardCharsets.UTF_8));
        s.setString(4, new String(o.value(), StandardCharsets.UTF_8));
        String source = o.headers().get(SOURCE_HEADER);
        if (source == null) {
            s.setNull(5, Types.VARCHAR);
            s.setNull(6, Types.INTEGER);
            s.setNull(7, Types.BIGINT);
            return;
        }
        int last = source.lastIndexOf(':');
        int middle = source.lastIndexOf(':', last - 1);
        s.setString(5, source.substring(0, middle));
        s.setInt(6, Integer.parseInt(source.substring(middle + 1, last)));
        s.setLong(7, Long.parseLong(source.substring(last + 1)));
    }

    private static String rootMessage(Throwable e) {
        if (e instanceof SQLException sql && sql.getNextException() != null) {
            return sql.getNextException().getMessage();
        }
        return e.getMessage();
    }

    private void rollback() {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // the connection is broken: the next write fails too, and says why
        }
    }

    @Override
    public synchronized void close() {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // closing: nothing left to save
        }
    }
}
