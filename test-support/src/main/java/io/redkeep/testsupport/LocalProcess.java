package io.redkeep.testsupport;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A server started from a local binary with {@link ProcessBuilder}.
 * <p>
 * The server runs in its own session ({@code setsid}), so its pid is also its process
 * group id and a signal to the group reaches every child (PostgreSQL backends included)
 * without touching the JVM.
 */
final class LocalProcess implements ServerProcess {

    static final String SETSID = Binaries.find("setsid");

    private static final String KILL = Binaries.find("kill");

    private final String name;

    private final List<String> command;

    private final Path logFile;

    private final String stopSignal;

    private Process process;

    private boolean paused;

    /**
     * @param stopSignal the signal that asks the server for a graceful shutdown (TERM for
     * Redis, INT for PostgreSQL's fast shutdown)
     */
    LocalProcess(String name, List<String> command, Path logFile, String stopSignal) {
        this.name = name;
        this.command = List.copyOf(command);
        this.logFile = logFile;
        this.stopSignal = stopSignal;
    }

    @Override
    public synchronized void start() {
        if (isRunning()) {
            return;
        }
        List<String> full = new ArrayList<>();
        if (SETSID != null) {
            full.add(SETSID);
        }
        full.addAll(this.command);
        try {
            this.process = new ProcessBuilder(full).redirectInput(new File("/dev/null"))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(this.logFile.toFile()))
                .start();
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Cannot start " + this.name + ": " + String.join(" ", full), ex);
        }
        this.paused = false;
        ProcessReaper.get().register(this);
    }

    @Override
    public synchronized void stop() {
        if (!isRunning()) {
            return;
        }
        resume();
        signalShutdown();
        if (!awaitExit(TimeUnit.SECONDS.toNanos(15))) {
            kill();
        }
        ProcessReaper.get().unregister(pid());
    }

    @Override
    public synchronized void kill() {
        if (this.process == null) {
            return;
        }
        signalGroup("KILL");
        awaitExit(TimeUnit.SECONDS.toNanos(10));
        this.paused = false;
        ProcessReaper.get().unregister(pid());
    }

    @Override
    public synchronized void pause() {
        if (isRunning() && !this.paused) {
            signalGroup("STOP");
            this.paused = true;
        }
    }

    @Override
    public synchronized void resume() {
        if (isRunning() && this.paused) {
            signalGroup("CONT");
            this.paused = false;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return this.process != null && this.process.isAlive();
    }

    @Override
    public synchronized boolean isPaused() {
        return this.paused && isRunning();
    }

    @Override
    public synchronized long pid() {
        return (this.process != null) ? this.process.pid() : -1;
    }

    /** The last lines the server wrote, for error messages. */
    String logTail() {
        try {
            List<String> lines = Files.readAllLines(this.logFile);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        }
        catch (IOException | UncheckedIOException ex) {
            return "(no log at " + this.logFile + ")";
        }
    }

    void signalShutdown() {
        if (isRunning()) {
            signal(this.stopSignal, String.valueOf(pid()));
        }
    }

    boolean awaitExit(long nanos) {
        Process current = this.process;
        if (current == null) {
            return true;
        }
        try {
            return current.waitFor(nanos, TimeUnit.NANOSECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return !current.isAlive();
        }
    }

    private void signalGroup(String signal) {
        if (this.process == null) {
            return;
        }
        String target = (SETSID != null) ? "-" + pid() : String.valueOf(pid());
        signal(signal, target);
        if (SETSID != null && "KILL".equals(signal)) {
            // the group may be gone already while the leader is a zombie; hit the leader
            // too
            this.process.destroyForcibly();
        }
    }

    private static void signal(String signal, String target) {
        if (KILL == null) {
            throw new IllegalStateException("The 'kill' command is needed to signal servers (install procps)");
        }
        try {
            new ProcessBuilder(KILL, "-s", signal, "--", target).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start()
                .waitFor(5, TimeUnit.SECONDS);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Cannot send SIG" + signal + " to " + target, ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return this.name + "[pid " + pid() + "]";
    }

}
