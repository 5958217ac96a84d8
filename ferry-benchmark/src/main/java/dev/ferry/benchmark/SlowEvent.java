package dev.ferry.benchmark;

/**
 * An event of the slow scenario, in and out: {@code {"key":"k-0042","seq":3,"index":1234}}, keyed by
 * {@code key}. {@code seq} counts the key's events from 0 in the order they were produced, so a reader of
 * the output can check that every key's events came out in order; {@code index} is the event's place in
 * the whole input.
 */
public record SlowEvent(String key, long seq, long index) {
}
