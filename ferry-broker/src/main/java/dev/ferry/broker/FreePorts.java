package dev.ferry.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;

/** Picks and checks local TCP ports, so a clash shows up as a sentence naming the port, not as a Kafka stack trace. */
final class FreePorts {

    static final String HOST = "localhost";

    private FreePorts() {
    }

    /** A port that nothing listens on right now, other than {@code avoid}. */
    static int pick(int avoid) {
        for (int attempt = 0; attempt < 10; attempt++) {
            try (ServerSocket socket = new ServerSocket()) {
                socket.setReuseAddress(true);
                socket.bind(new InetSocketAddress(localhost(), 0));
                int port = socket.getLocalPort();
                if (port != avoid) {
                    return port;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Could not find a free local port for the embedded Kafka broker.", e);
            }
        }
        throw new IllegalStateException("Could not find a free local port for the embedded Kafka broker.");
    }

    /** Throws a clear error when {@code port} cannot be listened on. */
    static void requireFree(int port, String purpose) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(localhost(), port));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start the embedded Kafka broker: port " + port
                    + " (" + purpose + ") is already in use. Stop whatever listens on it, or choose another port.", e);
        }
    }

    private static InetAddress localhost() {
        try {
            return InetAddress.getByName(HOST);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("The host name '" + HOST + "' does not resolve on this machine.", e);
        }
    }
}
