package io.redkeep.testsupport;

/**
 * The life cycle operations fault-injection tests need, whether the server runs as a
 * local process or in a container. Implementations keep the server's address across
 * restarts.
 */
interface ServerProcess {

    /** Starts (or restarts) the server without waiting for it to accept connections. */
    void start();

    /** Graceful shutdown; returns once the server has exited. */
    void stop();

    /** Immediate termination without shutdown work (SIGKILL). */
    void kill();

    /** Freezes the server (SIGSTOP): connections stay open but nothing answers. */
    void pause();

    /** Undoes {@link #pause()}. */
    void resume();

    boolean isRunning();

    boolean isPaused();

    /** The OS process id, or -1 when the server runs in a container. */
    long pid();

}
