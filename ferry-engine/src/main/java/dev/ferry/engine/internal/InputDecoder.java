package dev.ferry.engine.internal;

import dev.ferry.engine.spi.Event;
import dev.ferry.engine.spi.FormatException;
import dev.ferry.engine.spi.InputCodec;
import dev.ferry.engine.spi.ProcessingException;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a batch's input values into what the function takes, with the app's input format, failing
 * on the first event that cannot be decoded with a message naming where it is and why. Whatever the
 * format, a tombstone (an event with no value) is reported here, unless the function takes them
 * ({@link dev.ferry.engine.spi.AppFunction#takesTombstones()}): it then gets a null value.
 */
final class InputDecoder {

    private final InputCodec codec;
    private final boolean tombstones;

    InputDecoder(InputCodec codec) {
        this(codec, false);
    }

    InputDecoder(InputCodec codec, boolean tombstones) {
        this.codec = codec;
        this.tombstones = tombstones;
    }

    /** Decodes a whole batch; the failure's event index is the failing event's. */
    List<Object> decode(List<Event> batch) throws ProcessingException {
        List<Object> out = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            Event r = batch.get(i);
            byte[] value = r.value();
            if (value == null && tombstones) {
                out.add(null);
                continue;
            }
            if (value == null) {
                throw new ProcessingException(ProcessingException.Stage.DECODE, i, "event at " + r.position()
                        + " has a null value (a tombstone); Ferry functions take events with a value", null);
            }
            try {
                out.add(codec.decode(value));
            } catch (FormatException e) {
                throw new ProcessingException(ProcessingException.Stage.DECODE, i, "event at " + r.position() + " "
                        + e.getMessage(), e.getCause() != null ? e.getCause() : e);
            } catch (RuntimeException e) {
                throw new ProcessingException(ProcessingException.Stage.DECODE, i, "event at " + r.position()
                        + " cannot be decoded: " + e, e);
            }
        }
        return out;
    }
}
