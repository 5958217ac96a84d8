package dev.ferry.cli;

import dev.ferry.broker.EmbeddedKafkaBroker;
import dev.ferry.engine.PlatformProfile;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;

/**
 * An embedded broker that authorizes: KRaft's {@code StandardAuthorizer} with no ACL meaning no
 * access, a SASL/PLAIN client listener with the users {@code admin} (a super user) and
 * {@code app} and {@code other} (nothing until granted), the controller listener in plaintext. For
 * tests of what an app's principal may do.
 */
final class AuthorizingBroker implements AutoCloseable {

    static final String JAAS = "org.apache.kafka.common.security.plain.PlainLoginModule required ";
    static final String ADMIN_PASSWORD = "admin-secret";
    static final String APP_PASSWORD = "app-secret";

    private final EmbeddedKafkaBroker broker;

    private AuthorizingBroker(EmbeddedKafkaBroker broker) {
        this.broker = broker;
    }

    static AuthorizingBroker start() {
        return new AuthorizingBroker(EmbeddedKafkaBroker.builder()
                .brokerProperty("listener.security.protocol.map", "PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT")
                .brokerProperty("sasl.enabled.mechanisms", "PLAIN")
                .brokerProperty("sasl.mechanism.inter.broker.protocol", "PLAIN")
                .brokerProperty("listener.name.plaintext.plain.sasl.jaas.config", JAAS
                        + "username=\"admin\" password=\"" + ADMIN_PASSWORD + "\" user_admin=\"" + ADMIN_PASSWORD
                        + "\" user_app=\"" + APP_PASSWORD + "\" user_other=\"other-secret\";")
                .brokerProperty("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer")
                .brokerProperty("allow.everyone.if.no.acl.found", "false")
                // the controller listener is plaintext, so the broker reaches its controller as ANONYMOUS
                .brokerProperty("super.users", "User:admin;User:ANONYMOUS")
                .adminClientProperty("security.protocol", "SASL_PLAINTEXT")
                .adminClientProperty("sasl.mechanism", "PLAIN")
                .adminClientProperty("sasl.jaas.config", jaas("admin", ADMIN_PASSWORD))
                .start());
    }

    static String jaas(String user, String password) {
        return JAAS + "username=\"" + user + "\" password=\"" + password + "\";";
    }

    String bootstrapServers() {
        return broker.bootstrapServers();
    }

    void createTopic(String name, int partitions) {
        broker.createTopic(name, partitions);
    }

    /** Client properties that log in as {@code user}. */
    Map<String, Object> clientProperties(String user, String password) {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("bootstrap.servers", broker.bootstrapServers());
        props.put("security.protocol", "SASL_PLAINTEXT");
        props.put("sasl.mechanism", "PLAIN");
        props.put("sasl.jaas.config", jaas(user, password));
        return props;
    }

    /** The environment of a ferry command whose profile logs in as {@code user} (FERRY_KAFKA_COMMON_*). */
    Map<String, String> env(String user, String password) {
        return Map.of("FERRY_KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers(),
                "FERRY_KAFKA_COMMON_SECURITY_PROTOCOL", "SASL_PLAINTEXT",
                "FERRY_KAFKA_COMMON_SASL_MECHANISM", "PLAIN",
                "FERRY_KAFKA_COMMON_SASL_JAAS_CONFIG", jaas(user, password));
    }

    /** A profile for an app that logs in as {@code app}, with short time limits for tests. */
    PlatformProfile.Builder appProfile() {
        return PlatformProfile.builder().bootstrapServers(broker.bootstrapServers())
                .kafka("common", "security.protocol", "SASL_PLAINTEXT")
                .kafka("common", "sasl.mechanism", "PLAIN")
                .kafka("common", "sasl.jaas.config", jaas("app", APP_PASSWORD))
                .set("startup-timeout", "10s")
                .set("shutdown-timeout", "5s");
    }

    /** Every ACL on the cluster, as the admin sees them. */
    Collection<AclBinding> acls() {
        try (Admin admin = admin()) {
            return admin.describeAcls(AclBindingFilter.ANY).values().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot list the ACLs", e);
        }
    }

    /** Deletes these ACLs, as the admin. */
    void delete(List<AclBinding> acls) {
        try (Admin admin = admin()) {
            admin.deleteAcls(acls.stream().map(AclBinding::toFilter).toList()).all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot delete ACLs " + acls, e);
        }
    }

    /** Deletes every ACL, so that a test starts from none. */
    void deleteAll() {
        try (Admin admin = admin()) {
            admin.deleteAcls(List.of(AclBindingFilter.ANY)).all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot delete the ACLs", e);
        }
    }

    /** Writes these values to {@code topic}, as the admin. */
    void produce(String topic, List<String> values) {
        Map<String, Object> props = clientProperties("admin", ADMIN_PASSWORD);
        props.put("key.serializer", StringSerializer.class.getName());
        props.put("value.serializer", StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            for (String v : values) {
                producer.send(new ProducerRecord<>(topic, v)).get(30, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot write to " + topic, e);
        }
    }

    /**
     * Every committed value of {@code topic}, as the admin: once there are at least {@code count}
     * (waiting up to 30 s), on to the topic's end, so that a duplicate shows.
     */
    List<String> read(String topic, int count) {
        Map<String, Object> props = clientProperties("admin", ADMIN_PASSWORD);
        props.put("key.deserializer", StringDeserializer.class.getName());
        props.put("value.deserializer", StringDeserializer.class.getName());
        props.put("isolation.level", "read_committed");
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (values.size() < count && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
            }
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            while (ends.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())
                    && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
            }
        }
        return values;
    }

    /** The sum of the group's committed offsets, as the admin. */
    long committed(String group) {
        try (Admin admin = admin()) {
            return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS)
                    .values().stream().filter(java.util.Objects::nonNull).mapToLong(o -> o.offset()).sum();
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the offsets of " + group, e);
        }
    }

    Admin admin() {
        return Admin.create(clientProperties("admin", ADMIN_PASSWORD));
    }

    @Override
    public void close() {
        broker.close();
    }
}
