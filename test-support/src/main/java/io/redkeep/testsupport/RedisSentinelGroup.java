package io.redkeep.testsupport;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.lettuce.core.RedisURI;

/**
 * A Redis Sentinel group for failover tests: one master, two replicas and three sentinels
 * (quorum 2, {@code down-after-milliseconds} 1000, {@code failover-timeout} 3000), all
 * from the local {@code redis-server} binary on free loopback ports. A killed master is
 * replaced within a few seconds.
 * <p>
 * Runs from local binaries only, also where Docker is available: container networking
 * would make the addresses sentinels announce differ from those the test can reach. Each
 * call to {@link #start()} builds a new group; close it when the test class is done.
 */
public final class RedisSentinelGroup implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

    private final String masterName;

    private final String password;

    private final Path base;

    private final List<RedisNode> dataNodes;

    private final List<RedisNode> sentinels;

    private RedisSentinelGroup(String masterName, String password, Path base, List<RedisNode> dataNodes,
            List<RedisNode> sentinels) {
        this.masterName = masterName;
        this.password = password;
        this.base = base;
        this.dataNodes = List.copyOf(dataNodes);
        this.sentinels = List.copyOf(sentinels);
    }

    /** A group without authentication. */
    public static RedisSentinelGroup start() {
        return builder().start();
    }

    public static Builder builder() {
        return new Builder();
    }

    public String masterName() {
        return this.masterName;
    }

    /**
     * {@code redis-sentinel://} URI naming all three sentinels and the master, with
     * passwords.
     */
    public RedisURI sentinelUri() {
        RedisURI.Builder uri = null;
        for (RedisNode sentinel : this.sentinels) {
            if (uri == null) {
                uri = (this.password != null)
                        ? RedisURI.Builder.sentinel(sentinel.host(), sentinel.port(), this.masterName, this.password)
                        : RedisURI.Builder.sentinel(sentinel.host(), sentinel.port(), this.masterName);
            }
            else if (this.password != null) {
                uri.withSentinel(sentinel.host(), sentinel.port(), this.password);
            }
            else {
                uri.withSentinel(sentinel.host(), sentinel.port());
            }
        }
        if (this.password != null) {
            uri.withPassword(this.password.toCharArray());
        }
        return Objects.requireNonNull(uri).withTimeout(Duration.ofSeconds(5)).build();
    }

    /** The data node the (majority of answering) sentinels currently report as master. */
    public RedisNode master() {
        Map<Integer, Integer> votes = new LinkedHashMap<>();
        masterPortsReported().forEach((port) -> votes.merge(port, 1, Integer::sum));
        return votes.entrySet()
            .stream()
            .max(Map.Entry.comparingByValue())
            .map((vote) -> dataNode(vote.getKey()))
            .orElseThrow(() -> new IllegalStateException("No sentinel answers"));
    }

    /** The data nodes other than the current {@link #master()}. */
    public List<RedisNode> replicas() {
        RedisNode master = master();
        return this.dataNodes.stream().filter((node) -> node != master).toList();
    }

    public List<RedisNode> sentinels() {
        return this.sentinels;
    }

    /** All three data nodes, in start order (the first was the initial master). */
    public List<RedisNode> dataNodes() {
        return this.dataNodes;
    }

    /** SIGKILL the current master. */
    public void killMaster() {
        master().kill();
    }

    /**
     * {@code SENTINEL FAILOVER}: a forced failover without agreement, as an operator
     * would.
     */
    public void failover() {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        RuntimeException last = null;
        while (System.nanoTime() < deadline) {
            for (RedisNode sentinel : this.sentinels) {
                if (sentinel.isAnswering()) {
                    try {
                        sentinel.command("SENTINEL", "FAILOVER", this.masterName);
                        return;
                    }
                    catch (RespConnection.RedisError | UncheckedIOException ex) {
                        // NOGOODSLAVE right after a restart, INPROG while one is running:
                        // retry
                        last = ex;
                    }
                }
            }
            RedisNode.sleep(200);
        }
        throw new IllegalStateException("SENTINEL FAILOVER was refused", last);
    }

    /**
     * Waits until every answering sentinel reports the same master, other than
     * {@code old}, and that node itself reports {@code role:master}.
     */
    public RedisNode awaitNewMaster(RedisNode old, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Integer> reported = List.of();
        while (System.nanoTime() < deadline) {
            reported = masterPortsReported();
            if (!reported.isEmpty() && reported.stream().distinct().count() == 1 && reported.get(0) != old.port()) {
                RedisNode candidate = dataNode(reported.get(0));
                if (candidate != null && "master".equals(roleOf(candidate))) {
                    return candidate;
                }
            }
            RedisNode.sleep(100);
        }
        throw new IllegalStateException(
                "No new master after " + timeout + " (old " + old.port() + ", sentinels report " + reported + ")");
    }

    /** Kills every process of the group and removes its directory. */
    @Override
    public void close() {
        this.sentinels.forEach(RedisNode::kill);
        this.dataNodes.forEach(RedisNode::kill);
        ProcessReaper.get().delete(this.base);
    }

    private List<Integer> masterPortsReported() {
        List<Integer> ports = new ArrayList<>();
        for (RedisNode sentinel : this.sentinels) {
            if (sentinel.isAnswering()) {
                try {
                    Object reply = sentinel.command("SENTINEL", "GET-MASTER-ADDR-BY-NAME", this.masterName);
                    if (reply instanceof List<?> address && address.size() == 2) {
                        ports.add(Integer.parseInt((String) address.get(1)));
                    }
                }
                catch (RespConnection.RedisError | UncheckedIOException ex) {
                    // a sentinel that is restarting does not vote
                }
            }
        }
        return ports;
    }

    private RedisNode dataNode(int port) {
        return this.dataNodes.stream().filter((node) -> node.port() == port).findFirst().orElse(null);
    }

    private static String roleOf(RedisNode node) {
        try {
            return node.isAnswering() ? node.info("replication", "role") : null;
        }
        catch (RespConnection.RedisError | UncheckedIOException ex) {
            return null;
        }
    }

    private void awaitSettled() {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (isSettled()) {
                return;
            }
            RedisNode.sleep(100);
        }
        throw new IllegalStateException("Sentinel group did not settle within " + READY_TIMEOUT
                + " (sentinels must see 2 replicas and 2 other sentinels); logs in " + this.base);
    }

    private boolean isSettled() {
        try {
            for (RedisNode replica : this.dataNodes.subList(1, this.dataNodes.size())) {
                if (!"up".equals(replica.info("replication", "master_link_status"))) {
                    return false;
                }
            }
            for (RedisNode sentinel : this.sentinels) {
                List<?> fields = (List<?>) sentinel.command("SENTINEL", "MASTER", this.masterName);
                Map<Object, Object> master = new LinkedHashMap<>();
                for (int i = 0; i + 1 < fields.size(); i += 2) {
                    master.put(fields.get(i), fields.get(i + 1));
                }
                if (!"2".equals(master.get("num-slaves")) || !"2".equals(master.get("num-other-sentinels"))) {
                    return false;
                }
            }
            return true;
        }
        catch (RespConnection.RedisError | UncheckedIOException ex) {
            return false;
        }
    }

    /** Options of a group. */
    public static final class Builder {

        private String password;

        private String masterName = "redkeep";

        private Builder() {
        }

        /**
         * Password for the data nodes ({@code requirepass}, {@code masterauth}) and the
         * sentinels.
         */
        public Builder password(String password) {
            this.password = password;
            return this;
        }

        public Builder masterName(String masterName) {
            this.masterName = masterName;
            return this;
        }

        public RedisSentinelGroup start() {
            return LoopbackPorts.retryOnConflict(this::startLocal);
        }

        private RedisSentinelGroup startLocal() {
            String redisServer = Binaries.find("redis-server");
            if (redisServer == null) {
                throw new IllegalStateException("RedisSentinelGroup runs from local binaries only and no redis-server "
                        + "is on PATH: install redis-server (apt-get install redis-server)");
            }
            Path base = ProcessReaper.get().newDirectory("redkeep-sentinel-");
            SentinelGroupLayout layout = new SentinelGroupLayout(base, this.masterName, this.password);
            List<RedisNode> dataNodes = new ArrayList<>();
            List<RedisNode> sentinels = new ArrayList<>();
            try {
                int masterPort = LoopbackPorts.next();
                for (int i = 0; i < 3; i++) {
                    int port = (i == 0) ? masterPort : LoopbackPorts.next();
                    Path config = layout.dataNode(port, (i == 0) ? null : masterPort);
                    dataNodes.add(layout.node(redisServer, port, config, false));
                    dataNodes.get(i).start();
                }
                for (int i = 0; i < 3; i++) {
                    int port = LoopbackPorts.next();
                    Path config = layout.sentinel(port, masterPort);
                    sentinels.add(layout.node(redisServer, port, config, true));
                    sentinels.get(i).start();
                }
                RedisSentinelGroup group = new RedisSentinelGroup(this.masterName, this.password, base, dataNodes,
                        sentinels);
                sentinels.forEach(SentinelGroupLayout::speedUp);
                group.awaitSettled();
                return group;
            }
            catch (RuntimeException ex) {
                sentinels.forEach(RedisNode::kill);
                dataNodes.forEach(RedisNode::kill);
                ProcessReaper.get().delete(base);
                throw ex;
            }
        }

    }

}
