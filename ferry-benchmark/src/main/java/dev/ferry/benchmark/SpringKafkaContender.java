package dev.ferry.benchmark;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.kafka.annotation.EnableKafka;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.support.SendResult;

/**
 * Spring for Apache Kafka without Spring Boot: an annotation-configured context with a batch
 * {@code @KafkaListener}. The listener sends every event with the {@link KafkaTemplate}, flushes and
 * waits for every send; only when it returns does the container commit the batch (AckMode.BATCH,
 * synchronous commits). A failed send throws, so the batch is not committed and the container's
 * error handler retries it.
 */
final class SpringKafkaContender implements ContenderRunner {

    private final AnnotationConfigApplicationContext context;

    private SpringKafkaContender(AnnotationConfigApplicationContext context) {
        this.context = context;
    }

    static ContenderRunner start(RunSpec spec) {
        AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
        context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("ferry-benchmark", Map.of(
                "bench.bootstrap", spec.bootstrap(),
                "bench.input-topic", spec.inputTopic(),
                "bench.output-topic", spec.outputTopic(),
                "bench.group", spec.group())));
        context.register(Config.class);
        context.refresh();
        return new SpringKafkaContender(context);
    }

    @Override
    public void close() {
        context.close();
    }

    /** The beans a Spring Boot auto-configuration would otherwise make. */
    @Configuration(proxyBeanMethods = false)
    @EnableKafka
    static class Config {

        @Bean
        ConsumerFactory<byte[], byte[]> consumerFactory(Environment env) {
            return new DefaultKafkaConsumerFactory<>(ClientSettings.consumer(env.getRequiredProperty("bench.bootstrap"),
                    env.getRequiredProperty("bench.group")));
        }

        @Bean
        ProducerFactory<byte[], byte[]> producerFactory(Environment env) {
            return new DefaultKafkaProducerFactory<>(ClientSettings.producer(env.getRequiredProperty("bench.bootstrap")));
        }

        @Bean
        KafkaTemplate<byte[], byte[]> kafkaTemplate(ProducerFactory<byte[], byte[]> producerFactory) {
            return new KafkaTemplate<>(producerFactory);
        }

        @Bean
        ConcurrentKafkaListenerContainerFactory<byte[], byte[]> kafkaListenerContainerFactory(
                ConsumerFactory<byte[], byte[]> consumerFactory) {
            ConcurrentKafkaListenerContainerFactory<byte[], byte[]> factory = new ConcurrentKafkaListenerContainerFactory<>();
            factory.setConsumerFactory(consumerFactory);
            factory.setBatchListener(true);
            factory.setConcurrency(1);
            factory.getContainerProperties().setAckMode(ContainerProperties.AckMode.BATCH);
            factory.getContainerProperties().setSyncCommits(true);
            return factory;
        }

        @Bean
        Listener listener(KafkaTemplate<byte[], byte[]> template, Environment env) {
            return new Listener(template, env.getRequiredProperty("bench.output-topic"));
        }
    }

    /** The batch listener: transform, send all, flush, wait for every acknowledgement, return. */
    static class Listener {

        private final KafkaTemplate<byte[], byte[]> template;
        private final String outputTopic;
        private final Enrichment enrichment = Enrichment.load();

        Listener(KafkaTemplate<byte[], byte[]> template, String outputTopic) {
            this.template = template;
            this.outputTopic = outputTopic;
        }

        @KafkaListener(id = "ferry-benchmark-spring", topics = "${bench.input-topic}", groupId = "${bench.group}",
                batch = "true")
        public void onBatch(List<ConsumerRecord<byte[], byte[]>> records) {
            Progress.firstEvent();
            List<CompletableFuture<SendResult<byte[], byte[]>>> sends = new ArrayList<>(records.size());
            for (ConsumerRecord<byte[], byte[]> r : records) {
                sends.add(template.send(outputTopic, r.key(), enrichment.apply(r.value())));
            }
            template.flush();
            CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).join();
        }
    }
}
