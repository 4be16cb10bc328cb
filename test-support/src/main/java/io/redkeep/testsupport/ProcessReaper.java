package io.redkeep.testsupport;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Guarantees that no server process or temporary directory outlives the test JVM.
 * <p>
 * Two layers: a shutdown hook for normal exits (including failed tests), and a detached
 * watchdog shell ({@code setsid sh}) that polls the JVM pid and, once the JVM is gone
 * (for example after {@code kill -9}), kills every registered process group and removes
 * every registered directory. The watchdog reads its work list from files that this class
 * rewrites on every change, so it always sees the current set.
 */
final class ProcessReaper {

    private static final String WATCHDOG_SCRIPT = """
            while kill -0 "$0" 2>/dev/null; do sleep 1; done
            if [ -f "$1/pids" ]; then while read p; do kill -9 -- "-$p" 2>/dev/null; kill -9 "$p" 2>/dev/null; done < "$1/pids"; fi
            if [ -f "$1/dirs" ]; then while read d; do rm -rf -- "$d"; done < "$1/dirs"; fi
            rm -rf -- "$1"
            """;

    private static ProcessReaper instance;

    private final Path registry;

    private final Map<Long, LocalProcess> processes = new LinkedHashMap<>();

    private final Set<Path> directories = new LinkedHashSet<>();

    private ProcessReaper(Path registry) {
        this.registry = registry;
    }

    static synchronized ProcessReaper get() {
        if (instance == null) {
            try {
                ProcessReaper reaper = new ProcessReaper(Files.createTempDirectory("redkeep-testsupport-"));
                reaper.startWatchdog();
                Runtime.getRuntime().addShutdownHook(new Thread(reaper::cleanUp, "redkeep-test-support-cleanup"));
                instance = reaper;
            }
            catch (IOException ex) {
                throw new UncheckedIOException("Cannot create the test-support registry directory", ex);
            }
        }
        return instance;
    }

    /** A fresh private temporary directory removed when the JVM ends. */
    Path newDirectory(String prefix) {
        try {
            Path dir = Files.createTempDirectory(prefix);
            synchronized (this) {
                this.directories.add(dir);
                writeDirectories();
            }
            return dir;
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Cannot create a temporary directory", ex);
        }
    }

    synchronized void register(LocalProcess process) {
        this.processes.put(process.pid(), process);
        writePids();
    }

    synchronized void unregister(long pid) {
        if (this.processes.remove(pid) != null) {
            writePids();
        }
    }

    /** Removes a directory now (after its processes are gone) instead of at JVM exit. */
    synchronized void delete(Path dir) {
        deleteRecursively(dir);
        this.directories.remove(dir);
        writeDirectories();
    }

    private void startWatchdog() throws IOException {
        List<String> command = new ArrayList<>();
        if (LocalProcess.SETSID != null) {
            command.add(LocalProcess.SETSID);
        }
        command.addAll(List.of("sh", "-c", WATCHDOG_SCRIPT, String.valueOf(ProcessHandle.current().pid()),
                this.registry.toString()));
        // stdio detached so that the watchdog never keeps a build tool's pipe open
        new ProcessBuilder(command).redirectInput(new File("/dev/null"))
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    }

    private void cleanUp() {
        List<LocalProcess> alive;
        synchronized (this) {
            alive = new ArrayList<>(this.processes.values());
        }
        // graceful first (PostgreSQL leaves shared memory behind on SIGKILL), then force
        alive.forEach(LocalProcess::signalShutdown);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        for (LocalProcess process : alive) {
            process.awaitExit(Math.max(0, deadline - System.nanoTime()));
        }
        alive.forEach(LocalProcess::kill);
        synchronized (this) {
            this.directories.forEach(ProcessReaper::deleteRecursively);
            deleteRecursively(this.registry);
        }
    }

    private void writePids() {
        write("pids", this.processes.keySet().stream().map(String::valueOf).toList());
    }

    private void writeDirectories() {
        write("dirs", this.directories.stream().map(Path::toString).toList());
    }

    private void write(String file, List<String> lines) {
        try {
            Path tmp = this.registry.resolve(file + ".tmp");
            Files.write(tmp, lines);
            Files.move(tmp, this.registry.resolve(file), java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Cannot update the cleanup registry " + this.registry, ex);
        }
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
        }
        catch (IOException | UncheckedIOException ex) {
            // best effort: the watchdog retries with rm -rf once the JVM is gone
        }
    }

}
