package dev.ferry.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy in front of a broker that can be paused: while paused it forwards nothing either way
 * but keeps every connection open and accepts new ones, which is what clients see of a broker whose
 * process is paused (SIGSTOP) or whose network is cut off without a reset. The broker advertises the
 * proxy's port ({@code advertised.listeners}), so every client connection goes through it.
 */
final class PausableProxy implements AutoCloseable {

    private final ServerSocket server;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final Object gate = new Object();
    private volatile int upstreamPort;
    private volatile boolean paused;
    private volatile boolean closed;

    /** Listens on a free port of localhost; forwards once {@link #forwardTo} says where. */
    PausableProxy() {
        try {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the proxy's port", e);
        }
        Thread accept = new Thread(this::accept, "proxy-accept");
        accept.setDaemon(true);
        accept.start();
    }

    /** The port clients connect to. */
    int port() {
        return server.getLocalPort();
    }

    /** Forwards connections to the broker on {@code port} of localhost. */
    void forwardTo(int port) {
        upstreamPort = port;
    }

    /** Stops forwarding bytes, in both directions, until {@link #resume()}. */
    void pause() {
        paused = true;
    }

    /** Forwards again, what was held first. */
    void resume() {
        synchronized (gate) {
            paused = false;
            gate.notifyAll();
        }
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = server.accept();
                sockets.add(client);
                Socket broker = new Socket(InetAddress.getLoopbackAddress(), upstreamPort);
                sockets.add(broker);
                pump(client, broker, "proxy-to-broker");
                pump(broker, client, "proxy-to-client");
            } catch (IOException e) {
                if (!closed) {
                    continue; // one connection failed; the others go on
                }
            }
        }
    }

    private void pump(Socket from, Socket to, String name) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[64 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    awaitOpen();
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                // the connection is gone: close its other end too
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, name);
        t.setDaemon(true);
        t.start();
    }

    private void awaitOpen() throws InterruptedException {
        synchronized (gate) {
            while (paused && !closed) {
                gate.wait(100);
            }
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    @Override
    public void close() {
        closed = true;
        resume();
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
        sockets.forEach(PausableProxy::closeQuietly);
    }

    @Override
    public String toString() {
        return "proxy localhost:" + port() + " -> localhost:" + upstreamPort;
    }
}
