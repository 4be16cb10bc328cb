package io.redkeep.testsupport;

/**
 * Entry point of a separate JVM for {@link CleanupIntegrationTests}: starts a Redis
 * server and a Sentinel group, reports their pids and directories on stdout, then waits
 * to be killed.
 */
public final class FixtureJvm {

    private FixtureJvm() {
    }

    public static void main(String[] args) throws InterruptedException {
        RedisServer server = RedisServer.builder().start();
        RedisSentinelGroup group = RedisSentinelGroup.start();
        StringBuilder pids = new StringBuilder().append(server.pid());
        group.dataNodes().forEach((node) -> pids.append(',').append(node.pid()));
        group.sentinels().forEach((node) -> pids.append(',').append(node.pid()));
        System.out.println("PIDS " + pids);
        System.out.println("DIR " + server.directory());
        System.out.flush();
        Thread.sleep(120_000);
    }

}
