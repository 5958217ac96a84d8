package dev.ferry.engine;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The cluster an on-call action works on, as its callers know it: the CLI from
 * {@code --bootstrap-server}, the profile or the dev broker, the hub from its own settings. Kept
 * to what the actions need, so {@link EventSkip} and {@link OffsetReplay} do not depend on how a
 * caller found the cluster.
 *
 * @param properties  the client properties of one kind of client ({@code admin}, {@code consumer},
 *                    {@code producer}), address included; each call returns a new map the action may change
 * @param timeout     how long to wait for the cluster to answer one request
 * @param description the cluster for messages, such as {@code 'localhost:9092' (from --bootstrap-server)}
 */
public record OnCallCluster(Function<String, Map<String, Object>> properties, Duration timeout,
                            String description) {

    /** Checks every part is there. */
    public OnCallCluster {
        Objects.requireNonNull(properties, "properties");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(description, "description");
    }

    /** A fresh copy of one kind of client's properties. */
    Map<String, Object> clientProperties(String kind) {
        return new HashMap<>(properties.apply(kind));
    }

    long timeoutMillis() {
        return timeout.toMillis();
    }

    String describe() {
        return description;
    }
}
