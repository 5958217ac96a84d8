package dev.ferry.faults;

import dev.ferry.engine.PlatformProfile;
import dev.ferry.proxy.ProxyConfig;
import dev.ferry.proxy.ProxyServer;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * The main class of the write-back proxy in a run with {@code --proxy}, run by the harness as its own
 * JVM so that it can be SIGKILLed like the app:
 *
 * <pre>
 * java -cp CLASSPATH dev.ferry.faults.ProxyProcess BOOTSTRAP CONFIG
 * </pre>
 *
 * It runs a {@link ProxyServer} as {@code CONFIG} says on the broker at {@code BOOTSTRAP} until SIGTERM.
 */
public final class ProxyProcess {

    private ProxyProcess() {
    }

    /** Starts the proxy; see the class comment for the arguments. Exit code 2 for wrong arguments. */
    public static void main(String[] args) throws InterruptedException {
        if (args.length != 2) {
            System.err.println("usage: ProxyProcess BOOTSTRAP CONFIG");
            System.exit(2);
        }
        PlatformProfile profile = PlatformProfile.builder().bootstrapServers(args[0]).build();
        ProxyServer proxy = ProxyServer.start(ProxyConfig.load(Path.of(args[1])), profile);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            proxy.close();
            stopped.countDown();
        }, "ferry-faults-proxy-stop"));
        stopped.await();
    }
}
