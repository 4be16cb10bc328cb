package io.redkeep.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Hands out free loopback ports, never the same one twice in a JVM (a server that is down
 * for a restart test must get its port back, not see it reused by a new server).
 */
final class LoopbackPorts {

    private static final Set<Integer> handedOut = new HashSet<>();

    private LoopbackPorts() {
    }

    /**
     * Runs a server start-up, again with fresh ports when another process (a parallel
     * build, say) took the port between allocation and bind. Start-ups clean up after
     * themselves when they fail.
     */
    static <T> T retryOnConflict(Supplier<T> startUp) {
        for (int attempt = 1;; attempt++) {
            try {
                return startUp.get();
            }
            catch (IllegalStateException ex) {
                if (attempt == 3 || !String.valueOf(ex.getMessage()).contains("Address already in use")) {
                    throw ex;
                }
            }
        }
    }

    static synchronized int next() {
        for (int attempt = 0; attempt < 50; attempt++) {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                int port = socket.getLocalPort();
                if (handedOut.add(port)) {
                    return port;
                }
            }
            catch (IOException ex) {
                throw new UncheckedIOException("Cannot find a free loopback port", ex);
            }
        }
        throw new IllegalStateException("No free loopback port after 50 attempts");
    }

}
