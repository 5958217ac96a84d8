package dev.ferry.engine.spi;

/**
 * How a sink that writes to a store of its own (a database, a cache) tells the engine that the
 * store is away and that it is back, so that the app reads as not ready meanwhile (its
 * {@code /health/ready}, {@code /status}, status reports and the {@code ferry_sink_unavailable}
 * gauge say so) instead of looking healthy while it retries. The sink keeps retrying as it sees
 * fit; this only reports. Got from {@link SinkContext#store()}.
 *
 * <p>Both calls are cheap and idempotent, and may come from any thread: only a change (available
 * to unavailable or back) is passed on, and an outage's time and reason are those of its first
 * {@link #unavailable} call.
 */
public interface StoreAvailability {

    /** The store cannot be written to now, for {@code reason} (a sentence, such as the driver's error). */
    void unavailable(String reason);

    /** The store takes writes again (or it always did: a call without an outage does nothing). */
    void available();
}
