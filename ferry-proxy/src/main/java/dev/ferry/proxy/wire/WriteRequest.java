package dev.ferry.proxy.wire;

import java.util.List;

/**
 * One batch on an app's write stream: the records of some input events, written together and
 * acknowledged together.
 *
 * @param sequence the batch's number on its stream, from 1, which its {@link WriteReply} repeats
 * @param records  the records, in the order they are to be written
 */
public record WriteRequest(long sequence, List<WireRecord> records) {

    /** Copies the records. */
    public WriteRequest {
        records = List.copyOf(records);
    }
}
