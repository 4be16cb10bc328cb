package io.redkeep.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A server a benchmark runs as a child process: a service's runnable
 * {@code <module>-exec.jar} started the way the local runner starts it
 * ({@code deploy/local/services.sh}), or any other command (a Socket.IO node). Configured
 * only through JVM options, environment variables and command-line properties; output to
 * a log file; ready once a given HTTP path on its port answers 2xx; stopped (SIGTERM,
 * then SIGKILL, and waited for) on {@link #close()} and at JVM exit.
 */
public final class ServiceProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(2))
        .build();

    private final String name;

    private final Process process;

    private final int port;

    private final Path log;

    private final String readinessPath;

    private ServiceProcess(String name, Process process, int port, Path log, String readinessPath) {
        this.name = name;
        this.process = process;
        this.port = port;
        this.log = log;
        this.readinessPath = readinessPath;
    }

    /**
     * A runnable jar started with this JVM's {@code java}; it must already exist.
     * @param name the name in logs and messages (also the log file's name)
     * @param jar the runnable jar
     * @param port the HTTP port the service will listen on (see {@link #freePort()})
     * @return a builder
     */
    public static Builder jar(String name, Path jar, int port) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(
                    "No jar at " + jar.toAbsolutePath() + ": build it first (see docs/benchmarks.md)");
        }
        return new Builder(name, port, jar.toAbsolutePath());
    }

    /**
     * Any command (its first element the executable).
     * @param name the name in logs and messages (also the log file's name)
     * @param command the command line
     * @param port the HTTP port the server will listen on (see {@link #freePort()})
     * @return a builder
     */
    public static Builder command(String name, List<String> command, int port) {
        Builder builder = new Builder(name, port, null);
        builder.command.addAll(command);
        return builder;
    }

    /**
     * A loopback port nothing listens on right now.
     * @return the port
     */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    public String name() {
        return this.name;
    }

    public int port() {
        return this.port;
    }

    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + this.port);
    }

    public long pid() {
        return this.process.pid();
    }

    public Path log() {
        return this.log;
    }

    /**
     * GET on the server.
     * @param path the path
     * @return the body; an exception on a non-2xx answer
     */
    public String get(String path) {
        HttpRequest request = HttpRequest.newBuilder(baseUri().resolve(path))
            .timeout(Duration.ofSeconds(10))
            .GET()
            .build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException(this.name + " " + path + " answered " + response.statusCode());
            }
            return response.body();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    /**
     * Waits until the readiness path answers 2xx; stops the process and fails if it exits
     * or does not get ready within {@code timeout}.
     * @param timeout how long to wait
     */
    public void awaitReady(Duration timeout) {
        HttpRequest probe = HttpRequest.newBuilder(baseUri().resolve(this.readinessPath))
            .timeout(Duration.ofSeconds(2))
            .build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!this.process.isAlive()) {
                throw new IllegalStateException(this.name + " exited with " + this.process.exitValue()
                        + " during start-up; see " + this.log + ", last lines:\n" + tail());
            }
            try {
                if (HTTP.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() / 100 == 2) {
                    return;
                }
            }
            catch (IOException ex) {
                // not listening yet
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                close();
                throw new IllegalStateException("Interrupted while starting " + this.name, ex);
            }
            sleep(250);
        }
        close();
        throw new IllegalStateException(
                this.name + " not ready within " + timeout + "; see " + this.log + ", last lines:\n" + tail());
    }

    /**
     * The last 40 lines of the log.
     * @return the lines
     */
    public String tail() {
        try {
            List<String> lines = Files.readAllLines(this.log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        }
        catch (IOException | UncheckedIOException ex) {
            return "(no log: " + ex.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        if (!this.process.isAlive()) {
            return;
        }
        this.process.destroy();
        try {
            if (!this.process.waitFor(20, TimeUnit.SECONDS)) {
                this.process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            this.process.destroyForcibly();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    /** How to start one {@link ServiceProcess}. */
    public static final class Builder {

        private final String name;

        private final int port;

        private final Path jar;

        private final List<String> command = new ArrayList<>();

        private final List<String> jvmOptions = new ArrayList<>();

        private final List<String> arguments = new ArrayList<>();

        private final Map<String, String> environment = new LinkedHashMap<>();

        private Path directory;

        private Path logDirectory;

        private String readinessPath = "/actuator/health";

        private Duration startTimeout = Duration.ofSeconds(180);

        private Builder(String name, int port, Path jar) {
            this.name = name;
            this.port = port;
            this.jar = jar;
        }

        /**
         * JVM options, before {@code -jar}.
         * @param options the options
         * @return this builder
         */
        public Builder jvmOptions(List<String> options) {
            this.jvmOptions.addAll(options);
            return this;
        }

        /**
         * Environment variables added to this JVM's.
         * @param variables the variables
         * @return this builder
         */
        public Builder environment(Map<String, String> variables) {
            this.environment.putAll(variables);
            return this;
        }

        /**
         * Command-line arguments after the jar.
         * @param arguments the arguments
         * @return this builder
         */
        public Builder arguments(List<String> arguments) {
            this.arguments.addAll(arguments);
            return this;
        }

        /**
         * Spring properties as {@code --key=value} arguments.
         * @param properties the properties
         * @return this builder
         */
        public Builder properties(Map<String, String> properties) {
            properties.forEach((key, value) -> this.arguments.add("--" + key + "=" + value));
            return this;
        }

        /**
         * The working directory (default: the log directory, else this JVM's).
         * @param directory the directory
         * @return this builder
         */
        public Builder directory(Path directory) {
            this.directory = directory;
            return this;
        }

        /**
         * Where {@code <name>.log} goes (default: a temporary file).
         * @param logDirectory the directory
         * @return this builder
         */
        public Builder logDirectory(Path logDirectory) {
            this.logDirectory = logDirectory;
            return this;
        }

        /**
         * The path that answers 2xx once the server is ready (default
         * {@code /actuator/health}).
         * @param path the path
         * @return this builder
         */
        public Builder readiness(String path) {
            this.readinessPath = path;
            return this;
        }

        /**
         * How long {@link #start()} waits for readiness (default 180 s).
         * @param timeout the timeout
         * @return this builder
         */
        public Builder startTimeout(Duration timeout) {
            this.startTimeout = timeout;
            return this;
        }

        /**
         * Starts the process and waits until it is ready.
         * @return the ready process
         */
        public ServiceProcess start() {
            ServiceProcess service = launch();
            service.awaitReady(this.startTimeout);
            return service;
        }

        /**
         * Starts the process without waiting: call {@link ServiceProcess#awaitReady}
         * before use (lets several processes start side by side).
         * @return the started process
         */
        public ServiceProcess launch() {
            List<String> commandLine = new ArrayList<>();
            if (this.jar != null) {
                commandLine.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
                commandLine.addAll(this.jvmOptions);
                commandLine.add("-jar");
                commandLine.add(this.jar.toString());
            }
            else {
                commandLine.addAll(this.command);
            }
            commandLine.addAll(this.arguments);
            try {
                Path log = (this.logDirectory != null) ? this.logDirectory.resolve(this.name + ".log")
                        : Files.createTempFile("redkeep-bench-" + this.name + "-", ".log");
                ProcessBuilder builder = new ProcessBuilder(commandLine).redirectErrorStream(true)
                    .redirectOutput(log.toFile());
                Path workingDirectory = (this.directory != null) ? this.directory : this.logDirectory;
                if (workingDirectory != null) {
                    builder.directory(workingDirectory.toFile());
                }
                builder.environment().putAll(this.environment);
                ServiceProcess service = new ServiceProcess(this.name, builder.start(), this.port, log,
                        this.readinessPath);
                Runtime.getRuntime().addShutdownHook(new Thread(service::close, "stop-" + this.name));
                return service;
            }
            catch (IOException ex) {
                throw new UncheckedIOException("Cannot start " + this.name + ": " + commandLine, ex);
            }
        }

    }

}
