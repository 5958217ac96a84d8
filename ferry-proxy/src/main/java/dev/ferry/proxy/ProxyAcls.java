package dev.ferry.proxy;

import dev.ferry.engine.AppAcls;
import dev.ferry.engine.AppDescriptor;
import dev.ferry.engine.OutputDescriptor;
import dev.ferry.engine.PlatformProfile;
import dev.ferry.engine.PoisonPolicy;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;

/**
 * The Kafka ACLs the write-back proxy's principal needs to write for one app: WRITE and DESCRIBE on
 * the app's output topics and (with {@code poison-policy: dead-letter}) its dead-letter topic,
 * IDEMPOTENT_WRITE on the cluster for its idempotent producer, and READ on the announce topic its
 * catalog follows (assigned, without a group). With {@code write-back: proxy} the app itself has no
 * WRITE on those topics ({@link AppAcls}), so the proxy is the only writer. The proxy's grants are the
 * union over the apps of its config: {@code ferry acl APP --proxy-principal P --apply} for each adds
 * what that app needs, once.
 */
public final class ProxyAcls {

    private ProxyAcls() {
    }

    /**
     * What the proxy needs to write for {@code app} under {@code platform} (the app's profile), in a
     * stable order: outputs, dead-letter topic, the cluster, the announce topic.
     */
    public static List<AppAcls.Acl> of(AppDescriptor app, PlatformProfile platform) {
        PlatformProfile profile = platform.forApp(app);
        List<AppAcls.Acl> acls = new ArrayList<>();
        for (OutputDescriptor o : app.outputs()) {
            write(acls, o.topic(), "output topic of app '" + app.name() + "'");
        }
        if (profile.poisonPolicy() == PoisonPolicy.DEAD_LETTER) {
            write(acls, profile.deadLetterTopic(app.name()), "dead-letter topic of app '" + app.name() + "'");
        }
        acls.add(new AppAcls.Acl(ResourceType.CLUSTER, PatternType.LITERAL, "kafka-cluster",
                AclOperation.IDEMPOTENT_WRITE, "the proxy's idempotent producer"));
        profile.announceTopic().ifPresent(t -> acls.add(new AppAcls.Acl(ResourceType.TOPIC, PatternType.LITERAL, t,
                AclOperation.READ, "announce topic: the proxy's catalog of the apps' outputs and schemas")));
        return List.copyOf(acls);
    }

    private static void write(List<AppAcls.Acl> acls, String topic, String reason) {
        if (acls.stream().anyMatch(a -> a.name().equals(topic) && a.resourceType() == ResourceType.TOPIC)) {
            return;
        }
        acls.add(new AppAcls.Acl(ResourceType.TOPIC, PatternType.LITERAL, topic, AclOperation.WRITE, reason));
        acls.add(new AppAcls.Acl(ResourceType.TOPIC, PatternType.LITERAL, topic, AclOperation.DESCRIBE, reason));
    }
}
