package io.redkeep.bench.realtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.redkeep.bench.ServiceProcess;
import io.redkeep.testsupport.RedisServer;

/**
 * The baseline: Node processes running {@code bench/socketio/server.js} (Socket.IO with
 * {@code @socket.io/redis-adapter}) on the benchmark's Redis. {@code npm ci} runs once
 * per benchmark run so the lock file's versions are what gets measured.
 */
final class SocketIoCluster implements AutoCloseable {

    private final Path project;

    private final RedisServer redis;

    private final Path logs;

    private final List<ServiceProcess> nodes = new ArrayList<>();

    SocketIoCluster(Path project, RedisServer redis, Path logs) {
        this.project = project.toAbsolutePath();
        this.redis = redis;
        this.logs = logs;
    }

    void install() {
        Path log = this.logs.resolve("npm-ci.log");
        try {
            Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(this.project.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
            if (!npm.waitFor(5, TimeUnit.MINUTES) || npm.exitValue() != 0) {
                npm.destroyForcibly();
                throw new IllegalStateException("npm ci failed in " + this.project + ":\n" + Files.readString(log));
            }
        }
        catch (IOException ex) {
            throw new IllegalStateException("Cannot run npm ci in " + this.project, ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    ServiceProcess startNode(String name) {
        int port = ServiceProcess.freePort();
        String redisUrl = "redis://" + this.redis.host() + ":" + this.redis.port();
        ServiceProcess node = ServiceProcess.command(name, List.of("node", "--expose-gc", "server.js"), port)
            .directory(this.project)
            .environment(Map.of("PORT", Integer.toString(port), "REDIS_URL", redisUrl))
            .logDirectory(this.logs)
            .readiness("/health")
            .startTimeout(Duration.ofSeconds(60))
            .start();
        this.nodes.add(node);
        return node;
    }

    void stopNode(ServiceProcess node) {
        node.close();
        this.nodes.remove(node);
    }

    @Override
    public void close() {
        new ArrayList<>(this.nodes).forEach(this::stopNode);
    }

}
