package io.redkeep.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The processes of a Sentinel group and their configuration files: data nodes tuned for
 * quick replication and re-synchronisation, sentinels with the timeouts the fixture
 * promises. Everything binds to and announces 127.0.0.1.
 */
final class SentinelGroupLayout {

    static final int DOWN_AFTER_MILLIS = 1000;

    static final int FAILOVER_TIMEOUT_MILLIS = 3000;

    /**
     * {@code SENTINEL DEBUG} settings: probe and gossip several times per second, elect
     * quickly, and do not enter the 30 s TILT mode because a loaded CI machine stalled a
     * timer tick.
     */
    static final List<String> SENTINEL_DEBUG = List.of("info-period", "500", "ping-period", "200", "ask-period", "200",
            "publish-period", "200", "tilt-trigger", "10000", "tilt-period", "1000", "slave-reconf-timeout", "2000",
            "min-link-reconnect-period", "500", "election-timeout", "1000");

    private final Path base;

    private final String masterName;

    private final String password;

    SentinelGroupLayout(Path base, String masterName, String password) {
        this.base = base;
        this.masterName = masterName;
        this.password = password;
    }

    Path dataNode(int port, Integer masterPort) {
        Path dir = directory("node-" + port);
        List<String> lines = new ArrayList<>(common(port, dir));
        lines.addAll(List.of("save \"\"", "appendonly no", "replica-announce-ip 127.0.0.1",
                "replica-serve-stale-data yes", "repl-diskless-sync yes", "repl-diskless-sync-delay 0",
                "repl-ping-replica-period 1", "repl-timeout 5"));
        if (this.password != null) {
            lines.add("requirepass " + ConfigFile.quote(this.password));
            lines.add("masterauth " + ConfigFile.quote(this.password));
        }
        if (masterPort != null) {
            lines.add("replicaof 127.0.0.1 " + masterPort);
        }
        return ConfigFile.write(dir.resolve("redis.conf"), lines);
    }

    Path sentinel(int port, int masterPort) {
        Path dir = directory("sentinel-" + port);
        List<String> lines = new ArrayList<>(common(port, dir));
        lines.addAll(List.of("sentinel announce-ip 127.0.0.1", "sentinel announce-port " + port,
                "sentinel resolve-hostnames no",
                "sentinel monitor " + this.masterName + " 127.0.0.1 " + masterPort + " 2",
                "sentinel down-after-milliseconds " + this.masterName + " " + DOWN_AFTER_MILLIS,
                "sentinel failover-timeout " + this.masterName + " " + FAILOVER_TIMEOUT_MILLIS,
                "sentinel parallel-syncs " + this.masterName + " 2"));
        if (this.password != null) {
            String quoted = ConfigFile.quote(this.password);
            lines.add("sentinel auth-pass " + this.masterName + " " + quoted);
            lines.add("requirepass " + quoted);
            lines.add("sentinel sentinel-pass " + quoted);
        }
        return ConfigFile.write(dir.resolve("sentinel.conf"), lines);
    }

    /** A node, not yet started, for a configuration file written by this layout. */
    RedisNode node(String redisServer, int port, Path config, boolean sentinel) {
        String name = (sentinel ? "redis-sentinel:" : "redis-server:") + port;
        LocalProcess process = new LocalProcess(name, RedisNode.redisCommand(redisServer, config.toString(), sentinel),
                this.base.resolve(name.replace(':', '-') + ".log"), "TERM");
        return new RedisNode(name, "127.0.0.1", port, process, null, this.password);
    }

    /** Applies {@link #SENTINEL_DEBUG} to a running sentinel. */
    static void speedUp(RedisNode sentinel) {
        List<String> command = new ArrayList<>(List.of("SENTINEL", "DEBUG"));
        command.addAll(SENTINEL_DEBUG);
        sentinel.command(command.toArray(String[]::new));
    }

    private static List<String> common(int port, Path dir) {
        return List.of("port " + port, "bind 127.0.0.1", "daemonize no", "dir " + dir, "logfile \"\"");
    }

    private Path directory(String name) {
        try {
            return Files.createDirectories(this.base.resolve(name));
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

}
