package io.redkeep.deploycheck;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * docker-compose.yml, deploy/docker and deploy/k8s agree with the services' code and the
 * local runner (static checks: nothing is started). Each kind of inconsistency is shown
 * to fail on a modified copy of the checkout.
 */
class DeploymentConsistencyTests {

    private static final Set<String> SKIPPED = Set.of(".git", "target", ".redkeep", "node_modules", ".idea", "test",
            "bench");

    @Test
    void catalogReadsTheServicesFromTheRunnerAndTheirApplicationYml() {
        ServiceCatalog catalog = new ServiceCatalog(Repository.current());
        assertThat(catalog.problems()).isEmpty();
        assertThat(catalog.services().values()).extracting(ServiceModule::module, ServiceModule::port)
            .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("gateway-service", 8080),
                    org.assertj.core.groups.Tuple.tuple("auth-session-service", 8081),
                    org.assertj.core.groups.Tuple.tuple("content-service", 8082),
                    org.assertj.core.groups.Tuple.tuple("realtime-service", 8083),
                    org.assertj.core.groups.Tuple.tuple("analytics-service", 8084));
        ServiceModule gateway = catalog.services().get("gateway");
        assertThat(gateway.managementPort()).isEqualTo(9080);
        assertThat(gateway.usesDatabase()).isFalse();
        assertThat(gateway.publicHealthPaths()).contains("/actuator/health/readiness", "/actuator/health/liveness");
        assertThat(catalog.needed(catalog.services().get("content"))).contains("REDKEEP_INTERNAL_KEY",
                "REDKEEP_REDIS_STATE_NODES", "REDKEEP_POSTGRES_PASSWORD", "REDKEEP_CONTENT_STORAGE_DIR");
        assertThat(catalog.needed(gateway)).contains("REDKEEP_GATEWAY_SERVICES_REALTIME_URIS")
            .doesNotContain("REDKEEP_POSTGRES_PASSWORD", "SERVER_ADDRESS");
        assertThat(catalog.unclassified()).isEmpty();
        assertThat(catalog.runnerSecrets()).contains("REDKEEP_INTERNAL_KEY", "REDKEEP_POSTGRES_PASSWORD");
    }

    @Test
    void scriptRequirementsDependOnTheRedisRole() {
        String script = Repository.current().text(ScriptEnvironmentCheck.SCRIPTS + "redis-node.sh");
        assertThat(ScriptEnvironmentCheck.required(script, "state"))
            .contains("REDIS_ROLE", "LOCAL_REDIS_ADMIN_PASSWORD", "REDIS_ANNOUNCE_HOST", "REDKEEP_REDIS_STATE_PASSWORD")
            .doesNotContain("REDKEEP_REDIS_CACHE_PASSWORD");
        assertThat(ScriptEnvironmentCheck.required(script, "cache")).contains("REDKEEP_REDIS_CACHE_PASSWORD")
            .doesNotContain("REDIS_ANNOUNCE_HOST", "REDKEEP_REDIS_STATE_PASSWORD");
    }

    @Test
    void deploymentFilesAgreeWithTheCode() {
        assertThat(DeploymentChecks.all(Repository.current())).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("inconsistencies")
    void inconsistencyIsReported(String description, String file, String from, String to, String expected,
            @TempDir Path copy) throws IOException {
        copyCheckout(Repository.current().root(), copy);
        Path target = copy.resolve(file);
        String original = Files.readString(target);
        assertThat(original).as("text to modify in %s", file).contains(from);
        Files.writeString(target, original.replace(from, to));

        assertThat(DeploymentChecks.all(new Repository(copy))).as(description)
            .anySatisfy((problem) -> assertThat(problem).contains(expected));
    }

    @Test
    void unmodifiedCopyHasNoProblems(@TempDir Path copy) throws IOException {
        copyCheckout(Repository.current().root(), copy);
        assertThat(DeploymentChecks.all(new Repository(copy))).isEmpty();
    }

    static Stream<Arguments> inconsistencies() {
        return Stream.of(
                arguments("compose service without a variable its service needs", "docker-compose.yml",
                        "      <<: [*service-env, *postgres-env]\n      REDKEEP_CONTENT_STORAGE_DIR",
                        "      <<: *service-env\n      REDKEEP_CONTENT_STORAGE_DIR",
                        "docker-compose.yml: content does not set REDKEEP_POSTGRES_PASSWORD"),
                arguments("literal password in compose", "docker-compose.yml",
                        "REDKEEP_REDIS_CACHE_PASSWORD: ${REDKEEP_REDIS_CACHE_PASSWORD:?run deploy/compose/secrets.sh first}\n\nx-postgres-env",
                        "REDKEEP_REDIS_CACHE_PASSWORD: correct-horse-battery-staple\n\nx-postgres-env",
                        "REDKEEP_REDIS_CACHE_PASSWORD is a literal value"),
                arguments("compose gateway URI on the wrong port", "docker-compose.yml", "http://content:8082",
                        "http://content:8085", "uses port 8085 but content-service listens on 8082"),
                arguments("compose gateway leaves out a realtime instance", "docker-compose.yml",
                        "http://realtime-1:8083,http://realtime-2:8083", "http://realtime-1:8083",
                        "REDKEEP_GATEWAY_SERVICES_REALTIME_URIS leaves out realtime-2"),
                arguments("compose health check on a path nobody answers", "docker-compose.yml",
                        "\"/usr/local/bin/healthcheck\", \"/actuator/health/readiness\"",
                        "\"/usr/local/bin/healthcheck\", \"/health\"", "healthcheck: health path /health"),
                arguments("compose depends on a missing service", "docker-compose.yml",
                        "    redis-cache:\n      condition: service_healthy",
                        "    redis-kache:\n      condition: service_healthy",
                        "depends on redis-kache, which does not exist"),
                arguments("compose publishes a service other than the gateway", "docker-compose.yml",
                        "    volumes:\n      - content-files:/var/lib/redkeep/files",
                        "    ports:\n      - \"8082:8082\"\n    volumes:\n      - content-files:/var/lib/redkeep/files",
                        "content publishes ports"),
                arguments("a service's port changes in its application.yml",
                        "analytics-service/src/main/resources/application.yml", "${redkeep.analytics.port:8084}",
                        "${redkeep.analytics.port:8094}", "listens on 8094"),
                arguments("the local runner gives the services a new variable", "deploy/local/services.sh",
                        "REDKEEP_CONTENT_STORAGE_DIR SERVER_ADDRESS)",
                        "REDKEEP_CONTENT_STORAGE_DIR REDKEEP_CONTENT_MAX_FILE_SIZE SERVER_ADDRESS)",
                        "does not set REDKEEP_CONTENT_MAX_FILE_SIZE"),
                arguments("the runner gains a secret the compose secrets script does not write",
                        "deploy/local/common.sh", "printf 'REDKEEP_POSTGRES_PASSWORD=%s\\n'",
                        "printf 'REDKEEP_SMTP_PASSWORD=%s\\n' x\n\t\t\t\tprintf 'REDKEEP_POSTGRES_PASSWORD=%s\\n'",
                        "deploy/compose/secrets.sh writes"),
                arguments("k8s container on the wrong port", "deploy/k8s/auth.yaml", "containerPort: 8081",
                        "containerPort: 8091", "port http is 8091 but auth-session-service listens on 8081"),
                arguments("k8s literal password", "deploy/k8s/analytics.yaml",
                        "            - name: REDKEEP_POSTGRES_PASSWORD\n              valueFrom:\n                secretKeyRef:\n                  name: redkeep-secrets\n                  key: REDKEEP_POSTGRES_PASSWORD\n",
                        "            - name: REDKEEP_POSTGRES_PASSWORD\n              value: \"correct-horse-battery-staple\"\n",
                        "REDKEEP_POSTGRES_PASSWORD is a literal value"),
                arguments("k8s secret key that the secrets script does not write", "deploy/k8s/content.yaml",
                        "key: REDKEEP_POSTGRES_PASSWORD", "key: REDKEEP_PG_PASSWORD",
                        "refers to key REDKEEP_PG_PASSWORD"),
                arguments("k8s probe on a path nobody answers", "deploy/k8s/realtime.yaml",
                        "path: /actuator/health/readiness", "path: /actuator/ready",
                        "readinessProbe: health path /actuator/ready"),
                arguments("k8s gateway probe on the management-only port", "deploy/k8s/gateway.yaml",
                        "            httpGet:\n              path: /actuator/health/liveness\n              port: http\n            periodSeconds: 10",
                        "            httpGet:\n              path: /actuator/health/liveness\n              port: 9999\n            periodSeconds: 10",
                        "not answered on port 9999"),
                arguments("k8s gateway URI to a missing Service", "deploy/k8s/gateway.yaml", "http://content:8082",
                        "http://contents:8082", "names contents, which is no Service"),
                arguments("k8s sentinel node beyond the StatefulSet's replicas", "deploy/k8s/redis-state.yaml",
                        "  replicas: 3", "  replicas: 2", "names pod redis-state-2, beyond the replicas"),
                arguments("k8s network policy blocks PostgreSQL", "deploy/k8s/network-policies.yaml",
                        "              redkeep.io/postgres-client: \"true\"\n      ports:\n        - protocol: TCP\n          port: 5432",
                        "              redkeep.io/postgres-client: \"true\"\n      ports:\n        - protocol: TCP\n          port: 5433",
                        "in on port 5432"),
                arguments("k8s realtime with one replica", "deploy/k8s/realtime.yaml", "  replicas: 2", "  replicas: 1",
                        "1 realtime replica(s), expected at least 2"),
                arguments("k8s manifest left out of the kustomization", "deploy/k8s/kustomization.yaml",
                        "  - gateway.yaml\n", "", "does not list deploy/k8s/gateway.yaml"),
                arguments("k8s container allowed to escalate", "deploy/k8s/redis-cache.yaml",
                        "allowPrivilegeEscalation: false", "allowPrivilegeEscalation: true",
                        "allowPrivilegeEscalation is not false"),
                arguments("Dockerfile health check on a path nobody answers", "deploy/docker/Dockerfile",
                        "CMD [\"/usr/local/bin/healthcheck\", \"/actuator/health/readiness\"]",
                        "CMD [\"/usr/local/bin/healthcheck\", \"/healthz\"]", "HEALTHCHECK: health path /healthz"),
                arguments("container Redis ACL drifts from the runner's", "deploy/k8s/scripts/redis-node.sh",
                        "+@all -@admin -@dangerous", "+@all -@admin", "differs from rk_redis_acl"),
                arguments("compose sentinel without a variable its script requires", "docker-compose.yml",
                        "      <<: *sentinel-env\n      SENTINEL_ANNOUNCE_HOST: redis-sentinel-2\n",
                        "      <<: *sentinel-env\n",
                        "redis-sentinel-2 runs redis-sentinel.sh without SENTINEL_ANNOUNCE_HOST"),
                arguments("k8s cache Redis without the password its role requires", "deploy/k8s/redis-cache.yaml",
                        "            - name: REDKEEP_REDIS_CACHE_PASSWORD\n",
                        "            - name: REDKEEP_REDIS_CACHE_PASS\n",
                        "runs redis-node.sh without REDKEEP_REDIS_CACHE_PASSWORD"),
                arguments("k8s PostgreSQL without the password its init script requires", "deploy/k8s/postgres.yaml",
                        "            - name: REDKEEP_POSTGRES_PASSWORD\n", "            - name: REDKEEP_PG_PASSWORD\n",
                        "runs postgres-init.sh without REDKEEP_POSTGRES_PASSWORD"),
                arguments("PostgreSQL init misses a database", "deploy/k8s/scripts/postgres-init.sh",
                        "CREATE DATABASE redkeep_realtime OWNER redkeep", "CREATE DATABASE redkeep_rt OWNER redkeep",
                        "does not create redkeep_realtime"));
    }

    /**
     * The checkout without build output, VCS data, tests and benchmarks: main sources,
     * docs, deploy files.
     */
    static void copyCheckout(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            List<Path> all = paths.filter((path) -> {
                for (Path part : from.relativize(path)) {
                    if (SKIPPED.contains(part.toString())) {
                        return false;
                    }
                }
                return true;
            }).toList();
            for (Path path : all) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                }
                else if (Files.isRegularFile(path)) {
                    Files.copy(path, target);
                }
            }
        }
    }

}
