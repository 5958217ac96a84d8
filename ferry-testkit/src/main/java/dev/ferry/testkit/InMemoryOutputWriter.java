package dev.ferry.testkit;

import dev.ferry.engine.internal.OutRecord;
import dev.ferry.engine.internal.OutputWriter;
import java.util.ArrayList;
import java.util.List;

/** Keeps written outputs in memory, in order, for the test kit. */
final class InMemoryOutputWriter implements OutputWriter {

    private final List<OutRecord> written = new ArrayList<>();

    @Override
    public void write(List<OutRecord> records) {
        written.addAll(records);
    }

    List<OutRecord> written() {
        return List.copyOf(written);
    }

    void clear() {
        written.clear();
    }

    @Override
    public void close() {
    }
}
