package io.redkeep.testsupport;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import org.testcontainers.containers.GenericContainer;

/**
 * A server in a Testcontainers container. The host port is fixed when the container is
 * created, so stop/start and kill/start keep the address tests already hold. Containers
 * of a crashed JVM are removed by Testcontainers' Ryuk sidecar.
 */
final class ContainerProcess implements ServerProcess {

    private final GenericContainer<?> container;

    private boolean created;

    ContainerProcess(GenericContainer<?> container) {
        this.container = container;
    }

    @Override
    public synchronized void start() {
        if (!this.created) {
            this.container.start();
            this.created = true;
        }
        else if (!isRunning()) {
            client().startContainerCmd(this.container.getContainerId()).exec();
        }
    }

    @Override
    public synchronized void stop() {
        if (isRunning()) {
            resume();
            client().stopContainerCmd(this.container.getContainerId()).withTimeout(15).exec();
        }
    }

    @Override
    public synchronized void kill() {
        if (isRunning()) {
            resume();
            client().killContainerCmd(this.container.getContainerId()).withSignal("SIGKILL").exec();
        }
    }

    @Override
    public synchronized void pause() {
        if (isRunning() && !isPaused()) {
            client().pauseContainerCmd(this.container.getContainerId()).exec();
        }
    }

    @Override
    public synchronized void resume() {
        if (isPaused()) {
            client().unpauseContainerCmd(this.container.getContainerId()).exec();
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return this.created && Boolean.TRUE.equals(state().getRunning());
    }

    @Override
    public synchronized boolean isPaused() {
        return this.created && Boolean.TRUE.equals(state().getPaused());
    }

    @Override
    public long pid() {
        return -1;
    }

    /** Removes the container for good. */
    synchronized void remove() {
        this.container.stop();
        this.created = false;
    }

    String host() {
        return this.container.getHost();
    }

    private InspectContainerResponse.ContainerState state() {
        return client().inspectContainerCmd(this.container.getContainerId()).exec().getState();
    }

    private DockerClient client() {
        return this.container.getDockerClient();
    }

}
