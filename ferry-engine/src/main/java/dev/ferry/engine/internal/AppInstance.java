package dev.ferry.engine.internal;

import dev.ferry.engine.PlatformProfile;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Which instance of an app this process is, for the consumers' client ids (so {@code ferry lag}
 * tells instances apart) and the status reports: the profile's {@code instance-id} when set (a
 * StatefulSet pod name), else {@code <host>-<pid>}.
 *
 * @param name the instance's name
 * @param host the host name
 * @param pid  the process id
 */
record AppInstance(String name, String host, long pid) {

    private static final String HOST = hostName();

    /** This process's instance under {@code profile}. */
    static AppInstance of(PlatformProfile profile) {
        long pid = ProcessHandle.current().pid();
        return new AppInstance(profile.instanceId().orElse(HOST + "-" + pid), HOST, pid);
    }

    private static String hostName() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env.strip();
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
