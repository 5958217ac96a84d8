package dev.ferry.hub.access;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Where the hub keeps who looked at what, and reads back who skipped or replayed what. The hub's
 * own is {@code KafkaAuditLog}, on the profile's audit topic, so several hub instances and the
 * CLI's skips and replays share one log; {@link #inMemory} keeps the last entries of one process.
 * Safe for concurrent use.
 */
public interface AuditLog {

    /** Records one entry; does not throw if the log is out of reach (it logs that instead). */
    void record(AuditEntry entry);

    /**
     * The newest entries, at most {@code limit}, newest first. On the audit topic, the newest
     * {@code limit} records of each partition are looked at, some of which may be no audit entry.
     */
    List<AuditEntry> recent(int limit);

    /** A log kept in this process only: the last {@code capacity} entries. */
    static AuditLog inMemory(int capacity) {
        return new AuditLog() {
            private final Deque<AuditEntry> entries = new ArrayDeque<>();

            @Override
            public synchronized void record(AuditEntry entry) {
                entries.addFirst(entry);
                while (entries.size() > capacity) {
                    entries.removeLast();
                }
            }

            @Override
            public synchronized List<AuditEntry> recent(int limit) {
                List<AuditEntry> out = new ArrayList<>();
                for (AuditEntry e : entries) {
                    if (out.size() == limit) {
                        break;
                    }
                    out.add(e);
                }
                return out;
            }
        };
    }
}
