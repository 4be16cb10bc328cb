package io.redkeep.bench.content;

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
import java.util.List;
import java.util.Map;

/**
 * A service started as a child JVM from its runnable {@code <module>-exec.jar}, the way
 * the local runner starts it ({@code deploy/local/services.sh}): same JVM options by
 * default, configuration only through environment variables and command-line properties,
 * output to a log file. Stopped (and waited for) on {@link #close()} and at JVM exit.
 */
final class ServiceProcess implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);

    private final String name;

    private final int port;

    private final Path log;

    private final Process process;

    private ServiceProcess(String name, int port, Path log, Process process) {
        this.name = name;
        this.port = port;
        this.log = log;
        this.process = process;
    }

    /**
     * Starts the jar and waits until {@code GET /actuator/health} on {@code port} answers
     * 200.
     */
    static ServiceProcess start(String name, Path jar, List<String> jvmOptions, Map<String, String> environment,
            List<String> arguments, int port, Path logDirectory) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " does not exist: build it first (see docs/benchmarks.md)");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(arguments);
        Path log = logDirectory.resolve(name + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .directory(logDirectory.toFile());
        builder.environment().putAll(environment);
        try {
            Process process = builder.start();
            ServiceProcess service = new ServiceProcess(name, port, log, process);
            Runtime.getRuntime().addShutdownHook(new Thread(service::close, "stop-" + name));
            service.awaitHealthy();
            return service;
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Cannot start " + name, ex);
        }
    }

    /** A loopback port nothing listens on right now. */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    int port() {
        return this.port;
    }

    URI baseUri() {
        return URI.create("http://127.0.0.1:" + this.port);
    }

    long pid() {
        return this.process.pid();
    }

    Path log() {
        return this.log;
    }

    private void awaitHealthy() {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest health = HttpRequest.newBuilder(baseUri().resolve("/actuator/health"))
            .timeout(Duration.ofSeconds(2))
            .build();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!this.process.isAlive()) {
                throw new IllegalStateException(
                        this.name + " exited with " + this.process.exitValue() + "; see " + this.log + "\n" + tail());
            }
            try {
                if (client.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            }
            catch (IOException ex) {
                // not listening yet
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while starting " + this.name, ex);
            }
            sleep(250);
        }
        close();
        throw new IllegalStateException(
                this.name + " not healthy within " + START_TIMEOUT + "; see " + this.log + "\n" + tail());
    }

    private String tail() {
        try {
            List<String> lines = Files.readAllLines(this.log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        }
        catch (IOException ex) {
            return "(no log: " + ex + ")";
        }
    }

    @Override
    public void close() {
        if (!this.process.isAlive()) {
            return;
        }
        this.process.destroy();
        try {
            if (!this.process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                this.process.destroyForcibly();
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

}
