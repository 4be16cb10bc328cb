package io.redkeep.bench.gateway;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One gateway started as a child JVM from the runnable jar
 * ({@code gateway-service/target/gateway-service-exec.jar}), configured with command-line
 * properties, its output in a log file; ready once its public port answers.
 */
final class GatewayProcess implements AutoCloseable {

    private final String name;

    private final Process process;

    private final int port;

    private final Path log;

    private GatewayProcess(String name, Process process, int port, Path log) {
        this.name = name;
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts the jar with {@code properties}; call {@link #awaitReady} before use. */
    static GatewayProcess start(Path jar, String name, String internalKey, Map<String, String> properties) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("No gateway jar at " + jar.toAbsolutePath()
                    + ": build it first (./mvnw -B -ntp -pl gateway-service,bench -am package -DskipTests)");
        }
        int port = freePort();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-jar");
        command.add(jar.toAbsolutePath().toString());
        command.add("--server.port=" + port);
        command.add("--management.server.port=" + freePort());
        properties.forEach((key, value) -> command.add("--" + key + "=" + value));
        try {
            Path log = Files.createTempFile("redkeep-bench-" + name + "-", ".log");
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().put("REDKEEP_INTERNAL_KEY", internalKey);
            return new GatewayProcess(name, builder.start(), port, log);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** Waits until the gateway serves its static root page. */
    void awaitReady(Duration timeout) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!this.process.isAlive()) {
                throw new IllegalStateException("gateway '" + this.name + "' exited; see " + this.log);
            }
            try {
                HttpResponse<Void> response = client.send(
                        HttpRequest.newBuilder(URI.create(baseUri() + "/")).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            }
            catch (IOException ex) {
                // not listening yet
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(ex);
            }
            sleep(250);
        }
        throw new IllegalStateException("gateway '" + this.name + "' not ready after " + timeout + "; see " + this.log);
    }

    String baseUri() {
        return "http://127.0.0.1:" + this.port;
    }

    Path log() {
        return this.log;
    }

    @Override
    public void close() {
        this.process.destroy();
        try {
            if (!this.process.waitFor(15, TimeUnit.SECONDS)) {
                this.process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            this.process.destroyForcibly();
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
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
