package dev.ferry.proxy;

import dev.ferry.engine.PlatformProfile;
import dev.ferry.proxy.wire.ProxyProtocol;
import dev.ferry.proxy.wire.WriteReply;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.ServerCalls;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The write-back proxy ({@code ferry proxy}): a gRPC server (HTTP/2, Netty) that apps with
 * {@code write-back: proxy} write their outputs through. It authenticates each call by the app's
 * token ({@link AppAuthentication}), judges every batch against the catalog of the apps'
 * announcements, the pinned topics and the envelope rules ({@link WritePolicy}), writes what passes
 * with one idempotent producer ({@code acks=all}) and answers each batch after the broker
 * acknowledged it ({@link WriteStream}). Plaintext, TLS or mutual TLS as the config's {@code tls}
 * says ({@link ProxyTls}; with mutual TLS an app may be authenticated by its certificate's subject
 * instead of a token); its own metrics at {@code metrics-listen} ({@link ProxyMetrics}). The cluster
 * and the announce topic are the platform profile's.
 */
public final class ProxyServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ProxyServer.class);

    private final Server server;
    private final Catalog catalog;
    private final RulesFile rules;
    private final Producer<byte[], byte[]> producer;
    private final ProxyMetrics metrics;
    private final String host;
    private final int port;
    private volatile boolean closed;

    private ProxyServer(Server server, Catalog catalog, RulesFile rules, Producer<byte[], byte[]> producer,
                        ProxyMetrics metrics, String host) {
        this.metrics = metrics;
        this.server = server;
        this.catalog = catalog;
        this.rules = rules;
        this.producer = producer;
        this.host = host;
        this.port = server.getPort();
    }

    /**
     * Starts a proxy as {@code config} says, on the cluster of {@code profile}.
     *
     * @throws ProxyException if the profile has no announce topic, a file is wrong or the port is taken
     */
    public static ProxyServer start(ProxyConfig config, PlatformProfile profile) {
        String announce = profile.announceTopic().orElseThrow(() -> new ProxyException("the platform profile's "
                + "announce.topic is empty (from " + profile.sourceOf("announce.topic") + "): the proxy learns the apps' "
                + "outputs and schemas from their announcements there; set it (default ferry.apps)"));
        io.grpc.ServerCredentials credentials = ProxyTls.credentials(config); // before anything is started
        RulesFile rules = new RulesFile(config.rulesFile(), config.rulesPoll());
        Catalog catalog = new Catalog(announce, () -> new KafkaConsumer<>(catalogConsumer(profile),
                new StringDeserializer(), new StringDeserializer())).start();
        Producer<byte[], byte[]> producer;
        try {
            producer = new KafkaProducer<>(producerConfig(profile));
        } catch (KafkaException e) {
            catalog.close();
            rules.close();
            throw new ProxyException("the proxy cannot make its producer for " + profile.bootstrapServers() + ": " + e, e);
        }
        WritePolicy policy = new WritePolicy(config, catalog, new SchemaChecks(), rules);
        ProxyMetrics metrics = new ProxyMetrics();
        try {
            metrics.serve(config.metricsListen(), config.file().toString());
            Server server = NettyServerBuilder.forAddress(new InetSocketAddress(config.host(), config.port()), credentials)
                    .maxInboundMessageSize(ProxyProtocol.MAX_MESSAGE_BYTES)
                    .addService(ServerInterceptors.intercept(service(policy, producer, config.maxInFlight(), metrics),
                            new AppAuthentication(config.apps(), config.file().toString())))
                    .build().start();
            ProxyServer proxy = new ProxyServer(server, catalog, rules, producer, metrics, config.host());
            LOG.info("ferry proxy listens on {} ({}) for {} app(s), catalog from topic '{}', {} envelope rule(s){}",
                    proxy.address(), ProxyTls.describe(config), config.apps().size(), announce,
                    rules.current().size(), metrics.address().map(a -> ", metrics at http://" + a + "/metrics").orElse(""));
            return proxy;
        } catch (IOException | RuntimeException e) {
            producer.close(Duration.ZERO);
            catalog.close();
            rules.close();
            metrics.close();
            if (e instanceof ProxyException p) {
                throw p;
            }
            throw new ProxyException("the proxy cannot listen on " + config.host() + ":" + config.port() + " (listen in "
                    + config.file() + "): " + e.getMessage(), e);
        }
    }

    private static ServerServiceDefinition service(WritePolicy policy, Producer<byte[], byte[]> producer,
                                                   int maxInFlight, ProxyMetrics metrics) {
        return ServerServiceDefinition.builder(ProxyProtocol.SERVICE)
                .addMethod(ProxyProtocol.HELLO, ServerCalls.asyncUnaryCall((String app, io.grpc.stub.StreamObserver<String> out) -> {
                    String authenticated = AppAuthentication.APP.get();
                    out.onNext(authenticated);
                    out.onCompleted();
                }))
                .addMethod(ProxyProtocol.WRITE, ServerCalls.asyncBidiStreamingCall(
                        (io.grpc.stub.StreamObserver<WriteReply> out) -> new WriteStream(AppAuthentication.APP.get(),
                                policy, producer, (ServerCallStreamObserver<WriteReply>) out, maxInFlight, metrics)))
                .build();
    }

    private static Map<String, Object> producerConfig(PlatformProfile profile) {
        Map<String, Object> props = new HashMap<>(profile.kafkaProperties("producer"));
        props.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, "5");
        props.putIfAbsent(ProducerConfig.BATCH_SIZE_CONFIG, "65536");
        props.putIfAbsent(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "ferry-proxy-" + UUID.randomUUID());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return props;
    }

    private static Map<String, Object> catalogConsumer(PlatformProfile profile) {
        Map<String, Object> props = new HashMap<>(profile.kafkaProperties("consumer"));
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "ferry-proxy-catalog-" + UUID.randomUUID());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        return props;
    }

    /** The port it listens on. */
    public int port() {
        return port;
    }

    /** Where its Prometheus endpoint is ({@code host:port}, serving {@code /metrics}), if the config has {@code metrics-listen}. */
    public java.util.Optional<String> metricsAddress() {
        return metrics.address();
    }

    /** Where apps reach it, {@code host:port}: what their {@code plugins.proxy.address} says. */
    public String address() {
        return host + ":" + port();
    }

    /** Stops taking calls, gives those running 5 s, then closes the producer (waiting for its acks) and the catalog. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.shutdown();
        try {
            if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
                server.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            server.shutdownNow();
        }
        producer.close(Duration.ofSeconds(5));
        catalog.close();
        rules.close();
        metrics.close();
        LOG.info("ferry proxy on {} stopped", address());
    }
}
