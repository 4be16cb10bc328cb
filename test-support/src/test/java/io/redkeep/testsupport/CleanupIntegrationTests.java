package io.redkeep.testsupport;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@Tag(TestTags.REDIS)
@Tag(TestTags.SENTINEL)
class CleanupIntegrationTests {

    @Test
    void closedSentinelGroupLeavesNoProcess() {
        RedisSentinelGroup group = RedisSentinelGroup.start();
        List<Long> pids = Stream.concat(group.dataNodes().stream(), group.sentinels().stream())
            .map(RedisNode::pid)
            .toList();
        assertThat(pids).hasSize(6).allSatisfy((pid) -> assertThat(RedisServerIntegrationTests.isAlive(pid)).isTrue());
        group.close();
        assertThat(pids).allSatisfy((pid) -> assertThat(RedisServerIntegrationTests.isAlive(pid)).isFalse());
    }

    @Test
    void jvmKilledWithSigkillLeavesNoProcessAndNoDirectory() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process jvm = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), FixtureJvm.class.getName())
            .redirectErrorStream(true)
            .redirectInput(new File("/dev/null"))
            .start();
        List<Long> pids = new ArrayList<>();
        Path dir = null;
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(jvm.getInputStream(), StandardCharsets.UTF_8))) {
            List<String> seen = new ArrayList<>();
            String line;
            while (dir == null && (line = out.readLine()) != null) {
                seen.add(line);
                if (line.startsWith("PIDS ")) {
                    Arrays.stream(line.substring(5).split(",")).map(Long::valueOf).forEach(pids::add);
                }
                else if (line.startsWith("DIR ")) {
                    dir = Path.of(line.substring(4));
                }
            }
            assertThat(dir).as("child JVM output: %s", seen).isNotNull();
            assertThat(pids).hasSize(7)
                .allSatisfy((pid) -> assertThat(RedisServerIntegrationTests.isAlive(pid)).isTrue());
            jvm.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        finally {
            jvm.destroyForcibly();
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while ((pids.stream().anyMatch(CleanupIntegrationTests::exists) || Files.exists(dir))
                && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(pids).allSatisfy((pid) -> assertThat(exists(pid)).as("pid %d", pid).isFalse());
        assertThat(dir).doesNotExist();
    }

    /** Alive, or a zombie that nobody reaped (the watchdog is not its parent). */
    private static boolean exists(long pid) {
        return Files.exists(Path.of("/proc", String.valueOf(pid)))
                && !isZombie(Path.of("/proc", String.valueOf(pid), "stat"));
    }

    private static boolean isZombie(Path stat) {
        try {
            String content = Files.readString(stat);
            return content.substring(content.lastIndexOf(')') + 2).startsWith("Z");
        }
        catch (IOException ex) {
            return false;
        }
    }

}
