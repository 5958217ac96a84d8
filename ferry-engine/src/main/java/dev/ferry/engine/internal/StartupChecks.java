package dev.ferry.engine.internal;

import dev.ferry.engine.AppDescriptor;
import dev.ferry.engine.Durations;
import dev.ferry.engine.Guarantee;
import dev.ferry.engine.OutputDescriptor;
import dev.ferry.engine.PlatformProfile;
import dev.ferry.engine.StartupException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeConsumerGroupsOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdNotFoundException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks, before anything is consumed, that the cluster answers, that every input and output
 * topic exists (in dev mode it creates the missing ones instead) and, for exactly-once, that the
 * cluster has a working transaction coordinator; outputs and transactions only when the app's sink
 * writes to the cluster. A failure says what to fix.
 */
final class StartupChecks {

    private static final Logger LOG = LoggerFactory.getLogger(StartupChecks.class);

    private StartupChecks() {
    }

    /** Runs the checks for one app, within the profile's start-up timeout. */
    static void run(AppDescriptor spec, PlatformProfile profile, boolean writesToCluster, boolean writesAsTheApp) {
        String servers = profile.bootstrapServers();
        long timeoutMs = profile.startupTimeout().toMillis();
        Admin admin;
        try {
            admin = Admin.create(KafkaClients.admin(profile, spec.name() + "-startup"));
        } catch (KafkaException e) {
            throw new StartupException("app '" + spec.name() + "': cannot connect to Kafka at '" + servers + "' ("
                    + profile.sourceOf("admin", "bootstrap.servers") + "): " + rootMessage(e), e);
        }
        try (admin) {
            Set<String> existing = reach(admin, spec, servers, timeoutMs, profile);
            List<String> missing = new ArrayList<>();
            Set<String> needed = new LinkedHashSet<>(spec.topics());
            Set<String> written = new LinkedHashSet<>();
            if (writesToCluster) { // a sink that writes elsewhere needs no output topic on the cluster
                spec.outputs().stream().map(OutputDescriptor::topic).forEach(written::add);
                if (profile.poisonPolicy() == dev.ferry.engine.PoisonPolicy.DEAD_LETTER) {
                    written.add(profile.deadLetterTopic(spec.name()));
                }
            }
            if (writesAsTheApp || profile.devMode()) { // else the service that writes them (the proxy) sees to them
                needed.addAll(written);
            }
            for (String t : needed) {
                if (!existing.contains(t)) {
                    missing.add(t);
                }
            }
            List<String> hidden = hidden(admin, missing, timeoutMs);
            missing.removeAll(hidden);
            if (!missing.isEmpty()) {
                if (!profile.devMode()) {
                    throw new StartupException("app '" + spec.name() + "': " + describeMissing(spec, missing) + " on '"
                            + servers + "': create " + (missing.size() == 1 ? "it" : "them")
                            + " first (the platform team owns partitioning), or set dev-mode: true to have Ferry "
                            + "create missing topics on a development cluster");
                }
                create(admin, spec, missing, profile.devPartitions(), timeoutMs);
            }
            if (!writesAsTheApp) { // the app's principal does not write them: no WRITE to check
                needed.removeAll(written);
                hidden.removeAll(written);
            }
            permissions(admin, spec, profile, needed, hidden, timeoutMs);
            if (profile.guarantee() == Guarantee.EXACTLY_ONCE && writesToCluster && writesAsTheApp) {
                transactions(admin, spec, profile, timeoutMs);
            }
        }
    }

    /**
     * On a cluster with an authorizer, the app's principal needs READ on its input topics and on its
     * group, and WRITE on its output and dead-letter topics; without them the consumer or producer
     * fails later, in a consumer thread. The cluster says what this principal may do (a cluster
     * without an authorizer allows everything); a group that does not exist yet tells nothing, and
     * is left to the consumer.
     */
    private static void permissions(Admin admin, AppDescriptor spec, PlatformProfile profile, Set<String> needed,
                                    List<String> hidden, long timeoutMs) {
        List<String> lacking = new ArrayList<>();
        for (String t : hidden) {
            lacking.add(operation(spec, t) + " on " + kind(spec, t) + " topic '" + t + "' (it may not even see it, "
                    + "or it does not exist)");
        }
        Set<String> topics = new LinkedHashSet<>(needed);
        topics.removeAll(hidden);
        Map<String, TopicDescription> described;
        try {
            described = admin.describeTopics(topics, new DescribeTopicsOptions().includeAuthorizedOperations(true))
                    .allTopicNames().get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TopicAuthorizationException denied) {
                throw permissionDenied(spec, profile, List.of("DESCRIBE (and READ or WRITE) on topic(s) "
                        + String.join(", ", denied.unauthorizedTopics())), e);
            }
            LOG.info("app '{}': cannot check permissions on its topics ({}); going on", spec.name(), rootMessage(e));
            return;
        } catch (TimeoutException e) {
            LOG.info("app '{}': no answer checking permissions on its topics; going on", spec.name());
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StartupException("app '" + spec.name() + "': interrupted while checking permissions", e);
        }
        for (String t : topics) {
            Set<AclOperation> ops = described.get(t) == null ? null : described.get(t).authorizedOperations();
            if (ops != null && !ops.contains(operation(spec, t))) {
                lacking.add(operation(spec, t) + " on " + kind(spec, t) + " topic '" + t + "'");
            }
        }
        try {
            Set<AclOperation> ops = admin.describeConsumerGroups(List.of(spec.name()),
                            new DescribeConsumerGroupsOptions().includeAuthorizedOperations(true))
                    .describedGroups().get(spec.name()).get(timeoutMs, TimeUnit.MILLISECONDS).authorizedOperations();
            if (ops != null && !ops.contains(AclOperation.READ)) {
                lacking.add("READ on group '" + spec.name() + "'");
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupAuthorizationException) {
                lacking.add("READ on group '" + spec.name() + "'");
            } else {
                LOG.debug("app '{}': cannot check permissions on its group ({})", spec.name(), rootMessage(e));
            }
        } catch (TimeoutException e) {
            LOG.debug("app '{}': no answer checking permissions on its group", spec.name());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StartupException("app '" + spec.name() + "': interrupted while checking permissions", e);
        }
        if (!lacking.isEmpty()) {
            throw permissionDenied(spec, profile, lacking, null);
        }
    }

    /** What the app does with a topic: reads its inputs, writes the others. */
    private static AclOperation operation(AppDescriptor spec, String topic) {
        return spec.topics().contains(topic) ? AclOperation.READ : AclOperation.WRITE;
    }

    private static String kind(AppDescriptor spec, String topic) {
        return spec.topics().contains(topic) ? "input" : spec.output(topic).isPresent() ? "output" : "dead-letter";
    }

    /**
     * Of the topics that were not listed, those the cluster refuses to describe to this principal:
     * with an authorizer, a topic one may not see is left out of the list as if it did not exist.
     */
    private static List<String> hidden(Admin admin, List<String> missing, long timeoutMs) {
        List<String> hidden = new ArrayList<>();
        if (missing.isEmpty()) {
            return hidden;
        }
        Map<String, org.apache.kafka.common.KafkaFuture<TopicDescription>> futures =
                admin.describeTopics(missing).topicNameValues();
        for (String t : missing) {
            try {
                futures.get(t).get(timeoutMs, TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof TopicAuthorizationException) {
                    hidden.add(t);
                }
            } catch (TimeoutException e) {
                return hidden;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StartupException("interrupted while checking topics", e);
            }
        }
        return hidden;
    }

    private static StartupException permissionDenied(AppDescriptor spec, PlatformProfile profile, List<String> lacking,
                                                     Throwable cause) {
        return new StartupException("app '" + spec.name() + "': the cluster at '" + profile.bootstrapServers()
                + "' does not allow this app's principal (the credentials in the profile's kafka.common / "
                + "kafka.consumer / kafka.producer settings) " + String.join(", ", lacking) + ". Ask the cluster's "
                + "administrators to grant it: ferry acl APP --principal User:<principal> --apply creates every ACL the "
                + "app needs (or kafka-acls.sh --add --allow-principal User:<principal> ...), or run the app with a "
                + "principal that has it", cause);
    }

    /**
     * Exactly-once needs the cluster's transaction coordinator. A producer would wait for it up to
     * {@code max.block.ms} (60 s) and then fail in a consumer thread; asking the coordinator about the
     * app's first transactional id fails here instead, within the start-up timeout, before anything
     * is consumed. An unknown id is the healthy answer.
     */
    private static void transactions(Admin admin, AppDescriptor spec, PlatformProfile profile, long timeoutMs) {
        String id = KafkaClients.transactionalId(spec, profile, 0);
        Throwable failure;
        try {
            admin.describeTransactions(List.of(id)).all().get(timeoutMs, TimeUnit.MILLISECONDS);
            return;
        } catch (ExecutionException e) {
            failure = e.getCause();
        } catch (TimeoutException e) {
            failure = e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StartupException("app '" + spec.name() + "': interrupted while checking Kafka transactions", e);
        }
        if (failure instanceof TransactionalIdNotFoundException) {
            return;
        }
        if (failure instanceof UnsupportedVersionException) {
            LOG.info("app '{}': the cluster cannot describe transactions ({}); the producer will tell whether it "
                    + "supports them", spec.name(), failure.getMessage());
            return;
        }
        String head = "app '" + spec.name() + "': the guarantee exactly-once (" + profile.source("guarantee")
                + ") needs Kafka transactions, but the cluster at '" + profile.bootstrapServers() + "' ";
        if (failure instanceof TransactionalIdAuthorizationException) {
            throw new StartupException(head + "does not allow this app to use transactional id '" + id + "' ("
                    + rootMessage(failure) + "). Grant the app's principal WRITE and DESCRIBE on transactional ids "
                    + "with the prefix '" + spec.name() + "-' (ferry acl APP --apply creates it), or choose guarantee: "
                    + "at-least-once", failure);
        }
        String why = failure instanceof TimeoutException || failure instanceof org.apache.kafka.common.errors.TimeoutException
                ? "has no transaction coordinator available within " + Durations.format(profile.startupTimeout())
                + " (startup-timeout)"
                : "refused to find one (" + rootMessage(failure) + ")";
        throw new StartupException(head + why + ". Check that the cluster can host its transaction state log "
                + "(transaction.state.log.replication.factor and transaction.state.log.min.isr must not exceed the "
                + "number of live brokers), or choose guarantee: at-least-once in the profile", failure);
    }

    private static Set<String> reach(Admin admin, AppDescriptor spec, String servers, long timeoutMs, PlatformProfile profile) {
        try {
            admin.describeCluster().nodes().get(timeoutMs, TimeUnit.MILLISECONDS);
            return admin.listTopics().names().get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            throw new StartupException("app '" + spec.name() + "': cannot reach Kafka at '" + servers + "' ("
                    + profile.sourceOf("admin", "bootstrap.servers") + ") within " + Durations.format(profile.startupTimeout())
                    + ": " + (e instanceof TimeoutException ? "no answer" : rootMessage(e))
                    + ConnectionHint.of(e, profile), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StartupException("app '" + spec.name() + "': interrupted while connecting to Kafka", e);
        }
    }

    private static String describeMissing(AppDescriptor spec, List<String> missing) {
        List<String> parts = new ArrayList<>();
        for (String t : missing) {
            String kind = spec.topics().contains(t) ? "input" : spec.output(t).isPresent() ? "output" : "dead-letter";
            parts.add(kind + " topic '" + t + "'");
        }
        return String.join(" and ", parts) + (missing.size() == 1 ? " does" : " do") + " not exist";
    }

    private static void create(Admin admin, AppDescriptor spec, List<String> missing, int partitions, long timeoutMs) {
        List<NewTopic> topics = missing.stream().map(t -> new NewTopic(t, partitions, (short) 1)).toList();
        try {
            admin.createTopics(topics).all().get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new StartupException("app '" + spec.name() + "': dev mode could not create topics " + missing
                        + ": " + rootMessage(e), e);
            }
        } catch (TimeoutException e) {
            throw new StartupException("app '" + spec.name() + "': dev mode timed out creating topics " + missing, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StartupException("app '" + spec.name() + "': interrupted while creating topics", e);
        }
        LOG.info("app '{}': dev mode created topics {} with {} partition(s)", spec.name(), missing, partitions);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while ((t instanceof ExecutionException || t.getMessage() == null) && t.getCause() != null) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }
}
