package io.redkeep.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Decides whether Testcontainers may be used. Asking Testcontainers itself can take
 * seconds when no engine exists, so it is consulted only when there is a sign of one (a
 * socket, {@code DOCKER_HOST}, or a Testcontainers configuration file).
 * <p>
 * {@code -Dredkeep.testsupport.docker=never} forces local binaries, {@code =always}
 * forces containers.
 */
final class DockerEngine {

    static final String MODE_PROPERTY = "redkeep.testsupport.docker";

    private static Boolean available;

    private DockerEngine() {
    }

    static synchronized boolean isAvailable() {
        if (available == null) {
            available = probe();
        }
        return available;
    }

    private static boolean probe() {
        String mode = System.getProperty(MODE_PROPERTY, "auto");
        if ("never".equals(mode)) {
            return false;
        }
        if (!"always".equals(mode) && !hasSignOfDocker()) {
            return false;
        }
        try {
            return org.testcontainers.DockerClientFactory.instance().isDockerAvailable();
        }
        catch (Throwable ex) {
            // Testcontainers missing from the class path or misconfigured: behave as
            // without Docker
            return false;
        }
    }

    private static boolean hasSignOfDocker() {
        String home = System.getProperty("user.home");
        return System.getenv("DOCKER_HOST") != null || Files.exists(Path.of("/var/run/docker.sock"))
                || Files.exists(Path.of(home, ".docker", "run", "docker.sock"))
                || Files.exists(Path.of(home, ".testcontainers.properties"));
    }

}
