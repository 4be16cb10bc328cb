package io.redkeep.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Locates the server binaries the fixtures start: on {@code PATH}, through
 * {@code pg_config --bindir}, or in Debian's {@code /usr/lib/postgresql/<version>/bin}.
 */
final class Binaries {

    private Binaries() {
    }

    /** The absolute path of an executable on {@code PATH}, or null. */
    static String find(String name) {
        String path = System.getenv("PATH");
        String dirs = ((path != null) ? path : "") + ":/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
        for (String dir : dirs.split(":")) {
            if (!dir.isEmpty()) {
                Path candidate = Path.of(dir, name);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return candidate.toString();
                }
            }
        }
        return null;
    }

    /** The directory holding {@code initdb} and {@code postgres}, or null. */
    static Path postgresBinDir() {
        String pgConfig = find("pg_config");
        if (pgConfig != null) {
            Path dir = bindirOf(pgConfig);
            if (dir != null && isPostgresBinDir(dir)) {
                return dir;
            }
        }
        Path debian = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(debian)) {
            try (Stream<Path> versions = Files.list(debian)) {
                Path newest = versions.map((version) -> version.resolve("bin"))
                    .filter(Binaries::isPostgresBinDir)
                    .max(Comparator.comparingInt(Binaries::majorVersion))
                    .orElse(null);
                if (newest != null) {
                    return newest;
                }
            }
            catch (IOException ex) {
                // fall through to PATH
            }
        }
        String initdb = find("initdb");
        return (initdb != null && isPostgresBinDir(Path.of(initdb).getParent())) ? Path.of(initdb).getParent() : null;
    }

    private static Path bindirOf(String pgConfig) {
        try {
            Process process = new ProcessBuilder(pgConfig, "--bindir").redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return (process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0) ? Path.of(out) : null;
        }
        catch (IOException ex) {
            return null;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static boolean isPostgresBinDir(Path dir) {
        return Files.isExecutable(dir.resolve("initdb")) && Files.isExecutable(dir.resolve("postgres"));
    }

    private static int majorVersion(Path binDir) {
        try {
            return Integer.parseInt(binDir.getParent().getFileName().toString());
        }
        catch (NumberFormatException ex) {
            return 0;
        }
    }

    static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

}
