package dev.ferry.format.avro;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.api.Envelope;
import dev.ferry.api.Metadata;
import dev.ferry.engine.spi.InputCodec;
import dev.ferry.engine.spi.OutputCodec;
import dev.ferry.format.avro.Events.Everything;
import dev.ferry.format.avro.Events.Prediction;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** One writer and one reader per type serve every consumer thread at once. */
class ConcurrencyTest {

    private static final int THREADS = 8;
    private static final int EVENTS = 2_000;

    @Test
    void codecs_used_from_several_threads_at_once_write_and_read_every_event_correctly() throws Exception {
        AvroFormat format = new AvroFormat();
        OutputCodec envelopes = format.writer(Contexts.ofPayload(Prediction.class));
        OutputCodec everything = format.writer(Contexts.ofType(Everything.class));
        InputCodec typed = format.reader(Contexts.reader(OutputSchemas.envelopeOf(Prediction.class)));
        InputCodec maps = format.reader(Contexts.reader(Map.class));
        InputCodec text = format.reader(Contexts.reader(String.class));
        byte[] sample = everything.encode(Everything.sample());
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    start.await();
                    int correct = 0;
                    for (int i = 0; i < EVENTS; i++) {
                        int client = thread * EVENTS + i;
                        Envelope<Prediction> event = new Envelope<>(new Metadata("t" + i, "id-" + client, "1"),
                                new Prediction(client / 2f, client));
                        byte[] bytes = envelopes.encode(i % 2 == 0 ? event
                                : Map.of("metadata", Map.of("timestamp", "t" + i, "id", "id-" + client, "version", "1"),
                                "payload", Map.of("some_prediction_value", client / 2f, "client", client)));
                        boolean same = typed.decode(bytes).equals(event)
                                && ((Map<?, ?>) ((Map<?, ?>) maps.decode(bytes)).get("payload")).get("client")
                                .equals(client)
                                && ((String) text.decode(bytes)).contains("\"id\":\"id-" + client + "\"")
                                && java.util.Arrays.equals(everything.encode(Everything.sample()), sample);
                        correct += same ? 1 : 0;
                    }
                    return correct;
                }));
            }
            start.countDown();
            for (Future<Integer> r : results) {
                assertThat(r.get(2, TimeUnit.MINUTES)).isEqualTo(EVENTS);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
