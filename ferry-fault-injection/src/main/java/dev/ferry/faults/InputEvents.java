package dev.ferry.faults;

/**
 * The input of a run: events {@code {"id": 0, "poison": false}} to {@code {"id": N-1, ...}}, keyed
 * by id so that they spread over the partitions. With {@code poisonEvery} n &gt; 0, every n-th event
 * (ids n-1, 2n-1, ...) is a poison event that the app always fails on. {@link InputFeed} produces
 * them, in id order, as the run releases them.
 *
 * @param count       events, ids 0..count-1
 * @param poisonEvery every n-th event is poison; 0 for none
 */
record InputEvents(long count, int poisonEvery) {

    /** Whether the event with this id is poison. */
    boolean isPoison(long id) {
        return poisonEvery > 0 && id % poisonEvery == poisonEvery - 1;
    }

    /** How many events are poison. */
    long poisonCount() {
        return poisonEvery > 0 ? count / poisonEvery : 0;
    }

    /** The event with this id as the producer writes it. */
    String value(long id) {
        return "{\"id\":" + id + ",\"poison\":" + isPoison(id) + "}";
    }
}
