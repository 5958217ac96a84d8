package dev.ferry.materialize;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The topic's schema while a materialization runs: the file's {@code schema}, read again at most once
 * a second (from the function's thread, before a batch is mapped), so that a changed schema file is
 * taken up without a restart. A new field becomes a column of the rows mapped after it (the writer
 * adds it to the table before their first write); a field whose type changed maps to the new type,
 * which the writer refuses to put into the old column, naming it, and waits, not ready, until the table
 * is changed to fit. A schema file that cannot be read or derived (being written, say) leaves the last
 * good schema in place, with a warning once per distinct text.
 *
 * <p>Threads: one per consumer, called by the function's one thread at a time.
 */
final class SchemaWatch {

    private static final Logger LOG = LoggerFactory.getLogger(SchemaWatch.class);
    /** How often the schema file is read again. */
    static final long CHECK_EVERY_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final String app;
    private final MaterializeSpec spec;
    private final Optional<Path> file;
    private final Function<TableSchema, RowMapper> mappers;
    private RowMapper mapper;
    private String seenText;
    private long checkedAt;

    /** Watches {@code spec}'s schema file (if it has one), starting from {@code initial} and its text. */
    SchemaWatch(String app, MaterializeSpec spec, TableSchema initial, String initialText,
                Function<TableSchema, RowMapper> mappers) {
        this.app = app;
        this.spec = spec;
        this.file = spec.schemaFile();
        this.mappers = mappers;
        this.mapper = mappers.apply(initial);
        this.seenText = initialText;
        this.checkedAt = System.nanoTime();
    }

    /** The mapper of the schema as it is now. */
    RowMapper mapper() {
        if (file.isEmpty() || System.nanoTime() - checkedAt < CHECK_EVERY_NANOS) {
            return mapper;
        }
        checkedAt = System.nanoTime();
        String text;
        try {
            text = Files.readString(file.get());
        } catch (IOException e) {
            return mapper; // moved or being replaced: the next check sees the new one
        }
        if (text.equals(seenText)) {
            return mapper;
        }
        seenText = text;
        String source = "schema file " + file.get();
        TableSchema next;
        try {
            next = SchemaColumns.derive(Resolved.parse(text, spec, source), spec, source);
        } catch (MaterializeException e) {
            LOG.warn("app '{}': the changed schema of topic '{}' is not taken up, the last one stays: {}", app,
                    spec.topic(), e.getMessage());
            return mapper;
        }
        if (!next.columns().equals(mapper.schema().columns())) {
            LOG.info("app '{}': the schema of topic '{}' changed ({}): {}", app, spec.topic(), source,
                    describe(mapper.schema(), next));
            mapper = mappers.apply(next);
        }
        return mapper;
    }

    /** What changed between two schemas' columns, for the log: {@code new column(s) extra; column 'n' bigint -> text}. */
    static String describe(TableSchema before, TableSchema after) {
        Map<String, Column> old = before.columns().stream().collect(Collectors.toMap(Column::name, c -> c));
        List<String> added = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        for (Column c : after.columns()) {
            Column o = old.remove(c.name());
            if (o == null) {
                added.add(c.name());
            } else if (o.type() != c.type()) {
                changed.add("column '" + c.name() + "' is now " + c.type().expected() + ", was " + o.type().expected());
            }
        }
        List<String> parts = new ArrayList<>();
        if (!added.isEmpty()) {
            parts.add("new column(s) " + String.join(", ", added));
        }
        parts.addAll(changed);
        if (!old.isEmpty()) {
            parts.add("no more field(s) for column(s) " + String.join(", ", old.keySet()) + " (new rows have null there)");
        }
        return parts.isEmpty() ? "the columns are the same" : String.join("; ", parts);
    }
}
