package io.redkeep.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.testcontainers.containers.FixedHostPortGenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;

/**
 * One PostgreSQL server per test JVM; each test class asks it for a fresh database with
 * {@link #createDatabase(String)}.
 * <p>
 * Without Docker the server is started from the local installation: {@code initdb} into a
 * temporary directory and {@code postgres} on a free loopback port, both as the
 * unprivileged OS user {@code postgres} when the JVM runs as root (PostgreSQL refuses to
 * run as root). Authentication: a superuser {@value #SUPERUSER} with a password generated
 * per JVM, {@code scram-sha-256} over TCP on 127.0.0.1 (the only address it listens on).
 * Durability is traded for speed ({@code fsync=off}).
 */
public final class PostgresServer {

    static final String IMAGE_PROPERTY = "redkeep.testsupport.postgres-image";

    static final String SUPERUSER = "redkeep";

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

    private static final List<String> SETTINGS = List.of("fsync=off", "synchronous_commit=off", "full_page_writes=off",
            "max_connections=200");

    private static PostgresServer shared;

    private final String host;

    private final int port;

    private final String password;

    private final ServerProcess process;

    private final AtomicInteger databases = new AtomicInteger();

    private PostgresServer(String host, int port, String password, ServerProcess process) {
        this.host = host;
        this.port = port;
        this.password = password;
        this.process = process;
    }

    /**
     * The server of this JVM, started on first use and brought back if a test left it
     * stopped.
     */
    public static synchronized PostgresServer shared() {
        if (shared == null) {
            shared = DockerEngine.isAvailable() ? startContainer()
                    : LoopbackPorts.retryOnConflict(PostgresServer::startLocal);
        }
        else if (!shared.process.isRunning() || shared.process.isPaused()) {
            shared.start();
        }
        return shared;
    }

    /**
     * Creates an empty database whose name starts with the (sanitised) hint and is unique
     * in this JVM.
     */
    public PostgresDatabase createDatabase(String nameHint) {
        String base = nameHint.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        base = base.substring(0, Math.min(base.length(), 40));
        String name = base + "_" + this.databases.incrementAndGet();
        try (Connection connection = connect("postgres"); Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE \"" + name + "\"");
        }
        catch (SQLException ex) {
            throw new IllegalStateException("Cannot create database " + name + " on " + this, ex);
        }
        return new PostgresDatabase(this.host, this.port, name, SUPERUSER, this.password);
    }

    public String host() {
        return this.host;
    }

    public int port() {
        return this.port;
    }

    public String username() {
        return SUPERUSER;
    }

    public String password() {
        return this.password;
    }

    /** The postmaster's OS process id, or -1 in a container. */
    public long pid() {
        return this.process.pid();
    }

    /**
     * Fast shutdown (SIGINT); for "PostgreSQL is down" tests. Databases survive a
     * restart.
     */
    public void stop() {
        this.process.stop();
    }

    /**
     * Starts again on the same port and data directory and waits until it accepts logins.
     */
    public void start() {
        this.process.resume();
        this.process.start();
        awaitReady();
    }

    /**
     * SIGSTOP to the whole server: connections hang instead of failing ("PostgreSQL is
     * slow").
     */
    public void pause() {
        this.process.pause();
    }

    /** SIGCONT after {@link #pause()}. */
    public void resume() {
        this.process.resume();
    }

    boolean isRunning() {
        return this.process.isRunning();
    }

    Connection connect(String database) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://" + this.host + ":" + this.port + "/" + database
                + "?connectTimeout=2&socketTimeout=30", SUPERUSER, this.password);
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        SQLException last = null;
        while (System.nanoTime() < deadline) {
            if (!this.process.isRunning()) {
                throw new IllegalStateException("PostgreSQL exited during start-up" + RedisNode.logOf(this.process));
            }
            try (Connection connection = connect("postgres")) {
                return;
            }
            catch (SQLException ex) {
                last = ex;
            }
            RedisNode.sleep(100);
        }
        throw new IllegalStateException(
                "PostgreSQL did not accept logins within " + READY_TIMEOUT + RedisNode.logOf(this.process), last);
    }

    private static PostgresServer startLocal() {
        Path bin = Binaries.postgresBinDir();
        if (bin == null) {
            throw new IllegalStateException("No PostgreSQL binaries (initdb, postgres) found via pg_config, "
                    + "/usr/lib/postgresql/*/bin or PATH, and no Docker engine reachable: "
                    + "install PostgreSQL (apt-get install postgresql) or start Docker");
        }
        List<String> asPostgres = PostgresOsUser.commandPrefix();
        Path base = ProcessReaper.get().newDirectory("redkeep-postgres-");
        String password = UUID.randomUUID().toString();
        Path data = base.resolve("data");
        Path passwordFile = ConfigFile.write(base.resolve("superuser-password"), List.of(password));
        PostgresOsUser.handOver(base);
        List<String> initdb = new ArrayList<>(asPostgres);
        initdb.addAll(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", SUPERUSER,
                "--pwfile=" + passwordFile, "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8",
                "--no-locale", "--no-sync"));
        run(initdb, base, base.resolve("initdb.log"));
        int port = LoopbackPorts.next();
        List<String> postgres = new ArrayList<>(asPostgres);
        postgres.addAll(List.of(bin.resolve("postgres").toString(), "-D", data.toString(), "-p", String.valueOf(port),
                "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=" + base));
        SETTINGS.forEach((setting) -> postgres.addAll(List.of("-c", setting)));
        LocalProcess process = new LocalProcess("postgres:" + port, postgres, base.resolve("postgres.log"), "INT");
        PostgresServer server = new PostgresServer("127.0.0.1", port, password, process);
        try {
            server.start();
        }
        catch (RuntimeException ex) {
            process.kill();
            ProcessReaper.get().delete(base);
            throw ex;
        }
        return server;
    }

    private static PostgresServer startContainer() {
        int port = LoopbackPorts.next();
        String password = UUID.randomUUID().toString();
        List<String> command = new ArrayList<>(List.of("postgres"));
        SETTINGS.forEach((setting) -> command.addAll(List.of("-c", setting)));
        @SuppressWarnings({ "deprecation", "resource" })
        FixedHostPortGenericContainer<?> container = new FixedHostPortGenericContainer<>(
                System.getProperty(IMAGE_PROPERTY, "postgres:15-alpine"))
            .withFixedExposedPort(port, 5432)
            .withEnv("POSTGRES_USER", SUPERUSER)
            .withEnv("POSTGRES_PASSWORD", password)
            .withCommand(command.toArray(String[]::new))
            .waitingFor(Wait.forLogMessage(".*database system is ready to accept connections.*", 2)
                .withStartupTimeout(Duration.ofSeconds(60)));
        ContainerProcess process = new ContainerProcess(container);
        process.start();
        PostgresServer server = new PostgresServer(process.host(), port, password, process);
        server.awaitReady();
        return server;
    }

    private static void run(List<String> command, Path workDir, Path log) {
        try {
            Process process = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException(
                        "Command failed: " + String.join(" ", command) + "\n" + Files.readString(log));
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Cannot run " + command.get(0), ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running " + command.get(0), ex);
        }
    }

    @Override
    public String toString() {
        return "PostgresServer[" + this.host + ":" + this.port + "]";
    }

}
