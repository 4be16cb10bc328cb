package io.redkeep.testsupport;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.lettuce.core.RedisURI;
import org.testcontainers.containers.FixedHostPortGenericContainer;
import org.testcontainers.images.builder.Transferable;

/**
 * A standalone Redis server for tests: a Testcontainers container where a Docker engine
 * is reachable, otherwise {@code redis-server} from the local installation on a free
 * loopback port with its own temporary data directory.
 * <p>
 * {@link #shared()} is one server per test JVM for tests that only read and write data
 * (call {@link #flushAll()} to isolate); tests that stop, kill or pause the server build
 * their own with {@link #builder()} and close it.
 */
public final class RedisServer implements AutoCloseable {

    static final String IMAGE_PROPERTY = "redkeep.testsupport.redis-image";

    private static final String CONTAINER_CONFIG = "/usr/local/etc/redis/redis.conf";

    private static RedisServer shared;

    private final RedisNode node;

    private final ServerProcess process;

    private final Path directory;

    private final String password;

    private final String user;

    private final String userPassword;

    private final boolean isShared;

    private RedisServer(Builder builder, RedisNode node, ServerProcess process, Path directory, boolean isShared) {
        this.node = node;
        this.process = process;
        this.directory = directory;
        this.password = builder.password;
        this.user = builder.user;
        this.userPassword = builder.userPassword;
        this.isShared = isShared;
    }

    /**
     * The server shared by all tests of this JVM: no authentication, started on first
     * use, removed when the JVM exits. If a test left it stopped or paused, it is brought
     * back.
     */
    public static synchronized RedisServer shared() {
        if (shared == null) {
            shared = builder().start(true);
        }
        else if (!shared.node.isAnswering()) {
            shared.start();
        }
        return shared;
    }

    public static Builder builder() {
        return new Builder();
    }

    public String host() {
        return this.node.host();
    }

    public int port() {
        return this.node.port();
    }

    /** The default user's password, or null when the default user needs none. */
    public String password() {
        return this.password;
    }

    /** The ACL user configured with {@link Builder#user(String, String)}, or null. */
    public String user() {
        return this.user;
    }

    /**
     * A Lettuce URI that carries the credentials: the ACL user when one is configured,
     * otherwise the default user's password.
     */
    public RedisURI uri() {
        RedisURI.Builder uri = RedisURI.builder().withHost(host()).withPort(port()).withTimeout(Duration.ofSeconds(5));
        if (this.user != null) {
            uri.withAuthentication(this.user, this.userPassword);
        }
        else if (this.password != null) {
            uri.withPassword(this.password.toCharArray());
        }
        return uri.build();
    }

    /** The OS process id, or -1 when the server runs in a container. */
    public long pid() {
        return this.node.pid();
    }

    /** The temporary data directory, or null in a container. */
    Path directory() {
        return this.directory;
    }

    /** The node view of this server (same operations, shared with Sentinel groups). */
    public RedisNode node() {
        return this.node;
    }

    /** Graceful shutdown (SIGTERM, which saves the data set). */
    public void stop() {
        this.node.stop();
    }

    /**
     * Restarts on the same port and data directory and waits until the server answers.
     */
    public void start() {
        this.node.start();
    }

    /** SIGKILL. */
    public void kill() {
        this.node.kill();
    }

    /** SIGSTOP. */
    public void pause() {
        this.node.pause();
    }

    /** SIGCONT. */
    public void resume() {
        this.node.resume();
    }

    public void flushAll() {
        this.node.command("FLUSHALL");
    }

    /**
     * Stops the server and removes its data; does nothing for the {@link #shared()}
     * server.
     */
    @Override
    public void close() {
        if (this.isShared) {
            return;
        }
        this.process.kill();
        if (this.process instanceof ContainerProcess container) {
            container.remove();
        }
        if (this.directory != null) {
            ProcessReaper.get().delete(this.directory);
        }
    }

    @Override
    public String toString() {
        return "RedisServer[" + host() + ":" + port() + "]";
    }

    /** Options of a dedicated server. */
    public static final class Builder {

        private String password;

        private String user;

        private String userPassword;

        private final Map<String, String> config = new LinkedHashMap<>();

        private Builder() {
        }

        /** Requires this password for the default user ({@code requirepass}). */
        public Builder password(String password) {
            this.password = password;
            return this;
        }

        /**
         * Adds an ACL user with every permission. Without {@link #password(String)} the
         * default user is disabled, so only this user can connect.
         */
        public Builder user(String name, String password) {
            this.user = name;
            this.userPassword = password;
            return this;
        }

        /**
         * Any {@code redis.conf} directive, for example
         * {@code config("maxmemory", "10mb")}.
         */
        public Builder config(String key, String value) {
            this.config.put(key, value);
            return this;
        }

        public RedisServer start() {
            return start(false);
        }

        private RedisServer start(boolean isShared) {
            if (DockerEngine.isAvailable()) {
                return startContainer(isShared);
            }
            return LoopbackPorts.retryOnConflict(() -> startLocal(isShared));
        }

        private RedisServer startLocal(boolean isShared) {
            String redisServer = Binaries.find("redis-server");
            if (redisServer == null) {
                throw new IllegalStateException("No redis-server on PATH and no Docker engine reachable: "
                        + "install redis-server (apt-get install redis-server) or start Docker");
            }
            Path dir = ProcessReaper.get().newDirectory("redkeep-redis-");
            int port = LoopbackPorts.next();
            List<String> lines = new ArrayList<>(
                    List.of("port " + port, "bind 127.0.0.1", "daemonize no", "dir " + dir, "logfile \"\""));
            lines.addAll(security());
            Path configFile = ConfigFile.write(dir.resolve("redis.conf"), lines);
            LocalProcess process = new LocalProcess("redis-server:" + port,
                    RedisNode.redisCommand(redisServer, configFile.toString(), false), dir.resolve("redis.log"),
                    "TERM");
            return launch(process, "127.0.0.1", port, dir, isShared);
        }

        private RedisServer startContainer(boolean isShared) {
            int port = LoopbackPorts.next();
            List<String> lines = new ArrayList<>(List.of("port 6379", "bind * -::*", "protected-mode no", "dir /data"));
            lines.addAll(security());
            @SuppressWarnings({ "deprecation", "resource" })
            FixedHostPortGenericContainer<?> container = new FixedHostPortGenericContainer<>(
                    System.getProperty(IMAGE_PROPERTY, "redis:7.0"))
                .withFixedExposedPort(port, 6379)
                .withCopyToContainer(Transferable.of(String.join("\n", lines) + "\n"), CONTAINER_CONFIG)
                .withCommand("redis-server", CONTAINER_CONFIG);
            ContainerProcess process = new ContainerProcess(container);
            process.start();
            return launch(process, process.host(), port, null, isShared);
        }

        private RedisServer launch(ServerProcess process, String host, int port, Path dir, boolean isShared) {
            String probeUser = (this.password == null) ? this.user : null;
            String probePassword = (this.password != null) ? this.password : this.userPassword;
            RedisNode node = new RedisNode("redis-server:" + port, host, port, process, probeUser, probePassword);
            RedisServer server = new RedisServer(this, node, process, dir, isShared);
            try {
                node.start();
            }
            catch (RuntimeException ex) {
                process.kill();
                if (process instanceof ContainerProcess container) {
                    container.remove();
                }
                if (dir != null) {
                    ProcessReaper.get().delete(dir);
                }
                throw ex;
            }
            return server;
        }

        private List<String> security() {
            List<String> lines = new ArrayList<>();
            if (this.password != null) {
                lines.add("requirepass " + ConfigFile.quote(this.password));
            }
            if (this.user != null) {
                lines.add("user " + this.user + " on " + ConfigFile.quote(">" + this.userPassword) + " ~* &* +@all");
                if (this.password == null) {
                    lines.add("user default off");
                }
            }
            this.config.forEach((key, value) -> lines.add(key + " " + value));
            return lines;
        }

    }

}
