package dev.ferry.engine;

import dev.ferry.engine.internal.AppLauncher;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * The Kafka ACLs an app's principal needs, and no more, derived from its declaration and the
 * platform profile: least privilege without anyone reading the engine's code to learn what its
 * clients touch. {@code ferry acl} prints and creates them; the hub or a deploy may reuse them.
 *
 * <p>Every grant is a LITERAL name except the transactional ids of exactly-once, which the engine
 * derives per instance and consumer ({@code <app>-<instance>-<n>}), so they are PREFIXED
 * {@code <app>-}. Kafka implies DESCRIBE from READ and WRITE, and an idempotent producer needs no
 * cluster grant when it may WRITE a topic (KIP-679), so neither is listed. A write-back whose
 * outputs and dead letters a service writes under its own principal (the write-back proxy,
 * {@code SinkProvider.writesAsTheApp()} false) gets no WRITE on them: the proxy's principal has those
 * grants instead. Measured, not guessed:
 * {@code AclCommandIT} in ferry-cli runs apps on an authorizing broker with exactly these.
 */
public final class AppAcls {

    private AppAcls() {
    }

    /**
     * One ACL the app needs: ALLOW {@code operation} on the resource, for any host.
     *
     * @param resourceType topic, group or transactional id
     * @param patternType  LITERAL, or PREFIXED for transactional ids
     * @param name         the resource's name, or its prefix
     * @param operation    what the app does with it
     * @param reason       why it needs it, for people: "input topic", "dead-letter topic", ...
     */
    public record Acl(ResourceType resourceType, PatternType patternType, String name, AclOperation operation,
                      String reason) {

        public Acl {
            Objects.requireNonNull(resourceType, "resourceType");
            Objects.requireNonNull(patternType, "patternType");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(operation, "operation");
            Objects.requireNonNull(reason, "reason");
        }

        /** This ACL for {@code principal} (such as {@code User:alice}), from any host. */
        public AclBinding binding(String principal) {
            return new AclBinding(new ResourcePattern(resourceType, name, patternType),
                    new AccessControlEntry(principal, "*", operation, AclPermissionType.ALLOW));
        }
    }

    /**
     * Every ACL {@code app} needs under {@code platform} (the profile as the app would run with it),
     * in a stable order: inputs, group, outputs, dead-letter topic, transactional ids, then the
     * platform's own topics (audit, status, announcements). A topic named twice is granted once per
     * operation, with the first reason.
     *
     * @throws ProfileException if the profile is invalid or names a write-back that is not on the classpath
     */
    public static List<Acl> of(AppDescriptor app, PlatformProfile platform) {
        PlatformProfile profile = platform.forApp(app);
        AppLauncher.ClusterNames names = AppLauncher.clusterNames(app, platform);
        List<Acl> acls = new ArrayList<>();
        for (String t : app.topics()) {
            add(acls, topic(t, AclOperation.READ, "input topic"));
        }
        add(acls, new Acl(ResourceType.GROUP, PatternType.LITERAL, app.name(), AclOperation.READ,
                "consumer group: join it, commit offsets"));
        if (names.writesToCluster() && names.writesAsTheApp()) {
            for (OutputDescriptor o : app.outputs()) {
                add(acls, topic(o.topic(), AclOperation.WRITE, "output topic"));
            }
        }
        if (profile.poisonPolicy() == PoisonPolicy.DEAD_LETTER && names.writesAsTheApp()) {
            add(acls, topic(profile.deadLetterTopic(app.name()), AclOperation.WRITE,
                    "dead-letter topic (poison-policy dead-letter)"));
        }
        if (profile.guarantee() == Guarantee.EXACTLY_ONCE && names.writesToCluster() && names.writesAsTheApp()) {
            add(acls, new Acl(ResourceType.TRANSACTIONAL_ID, PatternType.PREFIXED, names.transactionalIdPrefix(),
                    AclOperation.WRITE, "transactional ids of exactly-once, one per instance and consumer"));
        }
        add(acls, topic(profile.auditTopic(), AclOperation.READ, "audit topic: ferry skip and ferry replay records"));
        profile.statusTopic().ifPresent(t -> add(acls, topic(t, AclOperation.WRITE, "status topic: status reports")));
        profile.announceTopic().ifPresent(t -> add(acls, topic(t, AclOperation.WRITE,
                "announce topic: the app's announcement")));
        return List.copyOf(acls);
    }

    private static Acl topic(String name, AclOperation operation, String reason) {
        return new Acl(ResourceType.TOPIC, PatternType.LITERAL, name, operation, reason);
    }

    private static void add(List<Acl> acls, Acl acl) {
        boolean known = acls.stream().anyMatch(a -> a.resourceType() == acl.resourceType()
                && a.patternType() == acl.patternType() && a.name().equals(acl.name()) && a.operation() == acl.operation());
        if (!known) {
            acls.add(acl);
        }
    }
}
