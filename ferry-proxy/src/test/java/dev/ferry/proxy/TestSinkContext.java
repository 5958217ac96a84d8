package dev.ferry.proxy;

import dev.ferry.engine.AppDescriptor;
import dev.ferry.engine.FunctionRef;
import dev.ferry.engine.Guarantee;
import dev.ferry.engine.spi.PluginContext;
import dev.ferry.engine.spi.SinkContext;
import dev.ferry.engine.spi.StoreAvailability;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;

/**
 * What the engine tells a sink provider, for tests that make the proxy's sink without an app: an app
 * named as given, at-least-once (or as given), the proxy plug-in's settings, and a store availability
 * that records what the sink says.
 */
record TestSinkContext(AppDescriptor app, Guarantee guarantee, PluginContext plugin, List<String> outages)
        implements SinkContext {

    static TestSinkContext of(String app, Map<String, String> settings) {
        return of(app, settings, Guarantee.AT_LEAST_ONCE);
    }

    static TestSinkContext of(String app, Map<String, String> settings, Guarantee guarantee) {
        AppDescriptor descriptor = AppDescriptor.builder(app).topics("in").function(new FunctionRef("none", Map.of()))
                .build();
        Map<String, String> sources = new java.util.HashMap<>();
        settings.keySet().forEach(k -> sources.put(k, "platform profile ferry.yaml: plugins.proxy." + k));
        return new TestSinkContext(descriptor, guarantee, new PluginContext(descriptor, guarantee, settings, sources),
                new ArrayList<>());
    }

    @Override
    public int consumer() {
        return 0;
    }

    @Override
    public Optional<String> deadLetterTopic() {
        return Optional.of(app.name() + ".dead-letter");
    }

    @Override
    public Map<String, Object> producerConfig() {
        return Map.of();
    }

    @Override
    public ConsumerGroupMetadata groupMetadata() {
        return null;
    }

    @Override
    public Duration shutdownTimeout() {
        return Duration.ofSeconds(5);
    }

    @Override
    public StoreAvailability store() {
        return new StoreAvailability() {
            @Override
            public void unavailable(String reason) {
                synchronized (outages) {
                    outages.add(reason);
                }
            }

            @Override
            public void available() {
            }
        };
    }
}
