package dev.ferry.engine.internal.kafka;

import org.apache.kafka.common.errors.AuthorizationException;

/**
 * What to add to a write failure the cluster refused for lack of an ACL: whoever reads the halted
 * app's error learns the fix, not only Kafka's "Not authorized to access topics".
 */
final class AuthorizationHint {

    private AuthorizationHint() {
    }

    /** The hint when {@code e} or a cause of it is an authorization failure, else the empty string. */
    static String of(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof AuthorizationException) {
                return "; the cluster does not authorize the app's principal for it: ferry acl APP --apply creates the "
                        + "ACLs the app needs";
            }
        }
        return "";
    }
}
