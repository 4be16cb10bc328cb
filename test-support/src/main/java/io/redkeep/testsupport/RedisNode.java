package io.redkeep.testsupport;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;

/**
 * One Redis process (data node or Sentinel) that a test can stop, restart, kill or
 * freeze. Restarts keep the port and the data directory.
 */
public final class RedisNode {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(20);

    private final String name;

    private final String host;

    private final int port;

    private final ServerProcess process;

    private final String user;

    private final String password;

    RedisNode(String name, String host, int port, ServerProcess process, String user, String password) {
        this.name = name;
        this.host = host;
        this.port = port;
        this.process = process;
        this.user = user;
        this.password = password;
    }

    public String host() {
        return this.host;
    }

    public int port() {
        return this.port;
    }

    /** The OS process id, or -1 when the node runs in a container. */
    public long pid() {
        return this.process.pid();
    }

    /** Graceful shutdown (SIGTERM); returns once the process has exited. */
    public void stop() {
        this.process.stop();
    }

    /**
     * Starts the node again on the same port and data directory and waits until it
     * answers.
     */
    public void start() {
        if (this.process.isPaused()) {
            this.process.resume();
        }
        this.process.start();
        awaitReady();
    }

    /** SIGKILL: no shutdown work, no final save. */
    public void kill() {
        this.process.kill();
    }

    /** SIGSTOP: the port stays open but nothing answers until {@link #resume()}. */
    public void pause() {
        this.process.pause();
    }

    /** SIGCONT after {@link #pause()}. */
    public void resume() {
        this.process.resume();
    }

    /** Whether the process exists (a paused node is still running). */
    public boolean isRunning() {
        return this.process.isRunning();
    }

    /** Whether the node is running and not paused. */
    public boolean isAnswering() {
        return this.process.isRunning() && !this.process.isPaused();
    }

    /** Runs one command on a fresh authenticated connection. */
    Object command(String... args) {
        try (RespConnection connection = connect(2000)) {
            return connection.command(args);
        }
    }

    /** The value of one field of {@code INFO}, or null. */
    String info(String section, String field) {
        String info = (String) command("INFO", section);
        for (String line : info.split("\r\n")) {
            if (line.startsWith(field + ":")) {
                return line.substring(field.length() + 1);
            }
        }
        return null;
    }

    RespConnection connect(int timeoutMillis) {
        return RespConnection.open(this.host, this.port, this.user, this.password, timeoutMillis);
    }

    void awaitReady() {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        RuntimeException last = null;
        while (System.nanoTime() < deadline) {
            if (!this.process.isRunning()) {
                throw new IllegalStateException(this.name + " exited during start-up" + logOf(this.process));
            }
            try (RespConnection connection = connect(1000)) {
                if ("PONG".equals(connection.command("PING"))) {
                    return;
                }
            }
            catch (UncheckedIOException | RespConnection.RedisError ex) {
                last = ex;
            }
            sleep(50);
        }
        throw new IllegalStateException(
                this.name + " did not answer PING within " + READY_TIMEOUT + logOf(this.process), last);
    }

    static String logOf(ServerProcess process) {
        return (process instanceof LocalProcess local) ? "; last log lines:\n" + local.logTail() : "";
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for Redis", ex);
        }
    }

    static List<String> redisCommand(String redisServer, String configFile, boolean sentinel) {
        return sentinel ? List.of(redisServer, configFile, "--sentinel") : List.of(redisServer, configFile);
    }

    @Override
    public String toString() {
        return this.name + "@" + this.host + ":" + this.port;
    }

}
