package io.redkeep.deploycheck;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Renders deploy/k8s with `kubectl kustomize` (offline; skipped when kubectl is not on
 * PATH) and runs the same checks on what a cluster would receive: generated names with
 * their hash suffixes, the namespace on every object. The Secret's env file is
 * git-ignored, so the render uses a copy of the base with a throw-away one holding
 * placeholder values.
 */
class KustomizeRenderTests {

    @Test
    void renderedManifestsAgreeWithTheCode(@TempDir Path copy) throws Exception {
        Path kubectl = onPath("kubectl");
        assumeTrue(kubectl != null, "kubectl is not on PATH");
        Repository repository = Repository.current();
        ServiceCatalog catalog = new ServiceCatalog(repository);
        DeploymentConsistencyTests.copyCheckout(repository.resolve(KubernetesSources.BASE), copy);
        List<String> keys = repository.printedAssignments(KubernetesSources.SECRETS_SCRIPT);
        Files.writeString(copy.resolve("secrets.env"),
                keys.stream()
                    .map((key) -> key + "=placeholder-for-render-only")
                    .collect(Collectors.joining("\n", "", "\n")));

        String rendered = kustomize(kubectl, copy);

        KubernetesObjects objects = KubernetesSources.rendered(rendered);
        assertThat(KubernetesCheck.check(objects, catalog, "kubectl kustomize " + KubernetesSources.BASE)).isEmpty();
        assertThat(objects.objects).allSatisfy((object) -> {
            if (!"Namespace".equals(KubernetesObjects.kind(object))) {
                assertThat(Yamls.stringAt(object, "metadata.namespace")).as(KubernetesObjects.name(object))
                    .isEqualTo("redkeep");
            }
        });
        assertThat(objects.secrets).hasSize(1);
        Map<String, String> secret = objects.secrets.values().iterator().next();
        assertThat(secret.keySet()).containsExactlyInAnyOrderElementsOf(keys);
        assertThat(rendered).doesNotContain("placeholder-for-render-only");
    }

    @Test
    void renderedManifestsWithAMissingReferenceAreReported(@TempDir Path copy) throws Exception {
        Path kubectl = onPath("kubectl");
        assumeTrue(kubectl != null, "kubectl is not on PATH");
        Repository repository = Repository.current();
        DeploymentConsistencyTests.copyCheckout(repository.resolve(KubernetesSources.BASE), copy);
        Files.writeString(copy.resolve("secrets.env"), "REDKEEP_INTERNAL_KEY=placeholder\n");

        String rendered = kustomize(kubectl, copy);

        assertThat(
                KubernetesCheck.check(KubernetesSources.rendered(rendered), new ServiceCatalog(repository), "render"))
            .anySatisfy((problem) -> assertThat(problem).contains("lacks"));
    }

    private static String kustomize(Path kubectl, Path directory) throws IOException, InterruptedException {
        Path output = Files.createTempFile("kustomize", ".yaml");
        Path errors = Files.createTempFile("kustomize", ".err");
        try {
            // Output to files, so a kubectl that hangs cannot block the test past the
            // timeout.
            Process process = new ProcessBuilder(kubectl.toString(), "kustomize", directory.toString())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(output.toFile())
                .redirectError(errors.toFile())
                .start();
            boolean finished = process.waitFor(120, TimeUnit.SECONDS);
            if (!finished) {
                process.destroyForcibly();
            }
            assertThat(finished).as("kubectl kustomize finished within 120 s").isTrue();
            assertThat(process.exitValue()).as("kubectl kustomize: %s", Files.readString(errors)).isZero();
            return Files.readString(output, StandardCharsets.UTF_8);
        }
        finally {
            Files.deleteIfExists(output);
            Files.deleteIfExists(errors);
        }
    }

    private static Path onPath(String command) {
        for (String directory : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(directory, command);
            if (!directory.isEmpty() && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

}
