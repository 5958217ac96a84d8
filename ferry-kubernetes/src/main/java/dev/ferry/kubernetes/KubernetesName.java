package dev.ferry.kubernetes;

import java.util.regex.Pattern;

/**
 * Checks that an app's name can name its Kubernetes objects: a DNS-1123 label short enough for a
 * StatefulSet, whose pods' controller-revision-hash label adds to it.
 */
final class KubernetesName {

    /** A StatefulSet's name leaves room for the 11 characters of its revision hash within 63. */
    static final int MAX_LENGTH = 52;
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

    private KubernetesName() {
    }

    static String check(String app) {
        if (app.length() > MAX_LENGTH || !DNS_LABEL.matcher(app).matches()) {
            throw new DeployException("app '" + app + "' cannot be deployed to Kubernetes under that name: its objects "
                    + "need a name of at most " + MAX_LENGTH + " lower-case letters, digits and '-', starting and ending "
                    + "with a letter or digit" + (app.contains(".") || app.contains("_") ? " ('.' and '_' are not "
                    + "allowed)" : "") + "; rename the app in @Ferry(app = ...) or its descriptor");
        }
        return app;
    }
}
