package io.redkeep.bench.realtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A server the benchmark runs as a child process (a realtime-service instance or a
 * Socket.IO node): started with its own environment, output to a log file, considered up
 * once its health URL answers 200, stopped (SIGTERM, then SIGKILL) when closed.
 */
final class ServiceProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(2))
        .build();

    private final String name;

    private final Process process;

    private final URI baseUri;

    private final Path log;

    private ServiceProcess(String name, Process process, URI baseUri, Path log) {
        this.name = name;
        this.process = process;
        this.baseUri = baseUri;
        this.log = log;
    }

    /**
     * Starts {@code command} in {@code directory} and waits until {@code healthPath}
     * answers 200.
     */
    static ServiceProcess start(String name, List<String> command, Path directory, Map<String, String> env, int port,
            String healthPath, Path logDirectory, Duration startTimeout) {
        Path log = logDirectory.resolve(name + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
        builder.environment().putAll(env);
        Process process;
        try {
            process = builder.start();
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Cannot start " + name + ": " + command, ex);
        }
        ServiceProcess service = new ServiceProcess(name, process, URI.create("http://127.0.0.1:" + port), log);
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
        service.awaitHealthy(healthPath, startTimeout);
        return service;
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    URI baseUri() {
        return this.baseUri;
    }

    long pid() {
        return this.process.pid();
    }

    String name() {
        return this.name;
    }

    /** GET on the service; the body, or an exception on a non-2xx answer. */
    String get(String path) {
        HttpRequest request = HttpRequest.newBuilder(this.baseUri.resolve(path))
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

    private void awaitHealthy(String healthPath, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!this.process.isAlive()) {
                throw new IllegalStateException(this.name + " exited with " + this.process.exitValue()
                        + " during start-up; last log lines:\n" + tail());
            }
            try {
                get(healthPath);
                return;
            }
            catch (RuntimeException notYet) {
                sleep(500);
            }
        }
        close();
        throw new IllegalStateException(this.name + " not healthy after " + timeout + "; last log lines:\n" + tail());
    }

    String tail() {
        try {
            List<String> lines = Files.readAllLines(this.log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        }
        catch (IOException ex) {
            return "(no log: " + ex.getMessage() + ")";
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

    @Override
    public void close() {
        if (!this.process.isAlive()) {
            return;
        }
        this.process.destroy();
        try {
            if (!this.process.waitFor(15, TimeUnit.SECONDS)) {
                this.process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

}
