package dev.ferry.cli;

import dev.ferry.engine.AppAcls;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.acl.AccessControlEntryFilter;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.SecurityDisabledException;
import org.apache.kafka.common.resource.ResourcePatternFilter;

/**
 * Creates an app's ACLs on a cluster with the Admin API, idempotently: it reads what the principal
 * already has, creates only what is missing, and says which were which, and which of the
 * principal's ACLs the app does not need (left alone: removing grants is the administrators' call).
 */
final class AclGrants {

    /** What applying found and did. */
    record Result(List<AppAcls.Acl> created, List<AppAcls.Acl> present, List<AclBinding> extra) {
    }

    private AclGrants() {
    }

    /** Creates those of {@code acls} that {@code principal} lacks on {@code cluster}, with the admin client's {@code props}. */
    static Result apply(List<AppAcls.Acl> acls, String principal, Map<String, Object> props, Cluster cluster) {
        long timeoutMs = cluster.timeout().toMillis();
        Admin admin;
        try {
            admin = Admin.create(props);
        } catch (KafkaException e) {
            throw new CliException("cannot connect to Kafka at " + cluster.describe() + ": " + root(e).getMessage(), e);
        }
        try (admin) {
            Collection<AclBinding> existing = call(cluster, timeoutMs, "read the ACLs of " + principal,
                    () -> admin.describeAcls(new AclBindingFilter(ResourcePatternFilter.ANY, new AccessControlEntryFilter(
                            principal, null, AclOperation.ANY, AclPermissionType.ANY))).values()
                            .get(timeoutMs, TimeUnit.MILLISECONDS));
            Set<AclBinding> have = new HashSet<>(existing);
            List<AppAcls.Acl> created = new ArrayList<>();
            List<AppAcls.Acl> present = new ArrayList<>();
            for (AppAcls.Acl a : acls) {
                (have.contains(a.binding(principal)) ? present : created).add(a);
            }
            if (!created.isEmpty()) {
                call(cluster, timeoutMs, "create ACLs for " + principal, () -> admin.createAcls(created.stream()
                        .map(a -> a.binding(principal)).toList()).all().get(timeoutMs, TimeUnit.MILLISECONDS));
            }
            Set<AclBinding> needed = new HashSet<>();
            acls.forEach(a -> needed.add(a.binding(principal)));
            List<AclBinding> extra = existing.stream().filter(b -> !needed.contains(b)).toList();
            return new Result(List.copyOf(created), List.copyOf(present), extra);
        }
    }

    private interface AdminCall<T> {
        T run() throws ExecutionException, TimeoutException, InterruptedException;
    }

    private static <T> T call(Cluster cluster, long timeoutMs, String what, AdminCall<T> call) {
        try {
            return call.run();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof SecurityDisabledException) {
                throw new CliException("the cluster at " + cluster.describe() + " has no authorizer "
                        + "(authorizer.class.name is not set on its brokers): every client may do everything there, "
                        + "so there are no ACLs to create. Set an authorizer (KRaft: org.apache.kafka.metadata."
                        + "authorizer.StandardAuthorizer) for ACLs to mean anything", cause);
            }
            if (cause instanceof ClusterAuthorizationException) {
                throw new CliException("the cluster at " + cluster.describe() + " does not allow this command's "
                        + "principal to " + what + " (" + cause.getMessage() + "): it needs DESCRIBE and ALTER on the "
                        + "cluster. Run it with an administrator's credentials: --command-config FILE (Kafka client "
                        + "properties, as kafka-acls.sh takes them), or the profile's kafka.admin settings", cause);
            }
            throw new CliException("cannot " + what + " on " + cluster.describe() + ": " + root(cause), cause);
        } catch (TimeoutException e) {
            throw new CliException("cannot " + what + " on " + cluster.describe() + ": no answer within "
                    + timeoutMs + " ms. Check the address and that the cluster is up", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted while trying to " + what, e);
        }
    }

    private static Throwable root(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }
}
