package dev.ferry.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;

/**
 * Where {@code ferry tail} starts reading: at the end (new events only, the default), the
 * beginning, an offset of one partition, or the first event at or after a time.
 */
final class TailStart {

    private enum Kind { END, BEGINNING, OFFSET, TIME }

    private final Kind kind;
    private final long offset;
    private final Instant time;

    private TailStart(Kind kind, long offset, Instant time) {
        this.kind = kind;
        this.offset = offset;
        this.time = time;
    }

    /** The start the options ask for; a bad combination is a command-line error naming the options. */
    static TailStart of(CommandLine cmd, boolean fromBeginning, Integer partition, Long fromOffset, Instant fromTime) {
        int chosen = (fromBeginning ? 1 : 0) + (fromOffset != null ? 1 : 0) + (fromTime != null ? 1 : 0);
        if (chosen > 1) {
            throw new ParameterException(cmd, "choose one of --from-beginning, --from-offset and --from-time");
        }
        if (fromOffset != null) {
            if (partition == null) {
                throw new ParameterException(cmd, "--from-offset needs --partition: offsets are per partition");
            }
            if (fromOffset < 0) {
                throw new ParameterException(cmd, "--from-offset must be at least 0, got " + fromOffset);
            }
            return new TailStart(Kind.OFFSET, fromOffset, null);
        }
        if (fromTime != null) {
            return new TailStart(Kind.TIME, 0, fromTime);
        }
        return new TailStart(fromBeginning ? Kind.BEGINNING : Kind.END, 0, null);
    }

    /** Moves the consumer to the start in each partition; past the end of a partition it waits for new events. */
    void seek(KafkaConsumer<byte[], byte[]> consumer, List<TopicPartition> partitions, Duration timeout) {
        switch (kind) {
            case END -> consumer.seekToEnd(partitions);
            case BEGINNING -> consumer.seekToBeginning(partitions);
            case OFFSET -> {
                TopicPartition tp = partitions.get(0);
                long start = consumer.beginningOffsets(partitions, timeout).get(tp);
                long end = consumer.endOffsets(partitions, timeout).get(tp);
                if (offset < start || offset > end) {
                    throw new CliException("topic '" + tp.topic() + "' partition " + tp.partition() + " has no offset "
                            + offset + ": it keeps offsets " + start + " to " + (end - 1));
                }
                consumer.seek(tp, offset);
            }
            case TIME -> {
                Map<TopicPartition, Long> query = new HashMap<>();
                partitions.forEach(tp -> query.put(tp, time.toEpochMilli()));
                Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query, timeout);
                for (TopicPartition tp : partitions) {
                    OffsetAndTimestamp at = found.get(tp);
                    if (at == null) {
                        consumer.seekToEnd(List.of(tp)); // nothing at or after the time yet
                    } else {
                        consumer.seek(tp, at.offset());
                    }
                }
            }
            default -> throw new IllegalStateException(kind.name());
        }
    }

    /** Reads {@code 2026-12-01T10:00:00Z} as that instant and {@code -10m} as ten minutes ago. */
    static final class TimeConverter implements ITypeConverter<Instant> {

        @Override
        public Instant convert(String value) {
            String v = value.strip();
            if (v.startsWith("-")) {
                try {
                    return Instant.now().minus(dev.ferry.engine.Durations.parse(v.substring(1)));
                } catch (IllegalArgumentException e) {
                    throw new TypeConversionException("'" + value + "' is not a time ago such as -10m: " + e.getMessage());
                }
            }
            try {
                return Instant.parse(v);
            } catch (DateTimeParseException e) {
                throw new TypeConversionException("'" + value + "' is neither an instant such as 2026-12-01T10:00:00Z "
                        + "nor a time ago such as -10m");
            }
        }
    }
}
