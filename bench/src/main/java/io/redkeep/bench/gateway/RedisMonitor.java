package io.redkeep.bench.gateway;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the commands clients send to a Redis server with {@code MONITOR}: every line is
 * one command; those a Lua script runs inside the server ({@code [0 lua]}) are counted
 * apart, since they are no round trips.
 */
final class RedisMonitor implements AutoCloseable {

    private final Socket socket;

    private final Thread reader;

    private final Map<String, AtomicLong> clientCommands = new ConcurrentHashMap<>();

    private final AtomicLong scriptCommands = new AtomicLong();

    private volatile boolean counting;

    RedisMonitor(String host, int port) {
        try {
            this.socket = new Socket(host, port);
            OutputStream out = this.socket.getOutputStream();
            out.write("*1\r\n$7\r\nMONITOR\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in = new BufferedReader(
                    new InputStreamReader(this.socket.getInputStream(), StandardCharsets.UTF_8));
            String ok = in.readLine();
            if (!"+OK".equals(ok)) {
                throw new IllegalStateException("MONITOR refused: " + ok);
            }
            this.reader = new Thread(() -> read(in), "redis-monitor");
            this.reader.setDaemon(true);
            this.reader.start();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private void read(BufferedReader in) {
        try {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (!this.counting) {
                    continue;
                }
                int close = line.indexOf("] ");
                if (close < 0) {
                    continue;
                }
                if (line.substring(0, close).endsWith(" lua")) {
                    this.scriptCommands.incrementAndGet();
                    continue;
                }
                int start = line.indexOf('"', close);
                int end = line.indexOf('"', start + 1);
                String command = (start >= 0 && end > start) ? line.substring(start + 1, end).toLowerCase() : "?";
                this.clientCommands.computeIfAbsent(command, (c) -> new AtomicLong()).incrementAndGet();
            }
        }
        catch (IOException ex) {
            // closed
        }
    }

    /** Counts from now on (what MONITOR sent before is dropped). */
    void start() {
        this.clientCommands.clear();
        this.scriptCommands.set(0);
        this.counting = true;
    }

    /** Stops counting after the server's output has had time to arrive. */
    void stop() throws InterruptedException {
        Thread.sleep(500);
        this.counting = false;
    }

    /** Commands sent by clients, by name. */
    Map<String, Long> clientCommands() {
        Map<String, Long> counts = new TreeMap<>();
        this.clientCommands.forEach((command, count) -> counts.put(command, count.get()));
        return counts;
    }

    long clientTotal() {
        return clientCommands().values().stream().mapToLong(Long::longValue).sum();
    }

    long scriptCommands() {
        return this.scriptCommands.get();
    }

    @Override
    public void close() {
        try {
            this.socket.close();
        }
        catch (IOException ex) {
            // closing anyway
        }
    }

}
