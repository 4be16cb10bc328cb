package io.redkeep.deploycheck;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One service as its module defines it: the port of {@code server.port}, the actuator's
 * management port if it has its own, its database, and which health paths it answers on
 * which port.
 *
 * @param name short name used by the local runner (auth, content, ...)
 * @param module Maven module and image name
 * @param port default of {@code server.port}
 * @param managementPort default of {@code management.server.port}, or null when the
 * actuator shares the port
 * @param database {@code redkeep.postgres.database}, or null
 * @param healthGroups whether the liveness and readiness groups are on and the health
 * endpoint is exposed
 * @param publicHealthPaths health paths a service with its own management port also
 * answers on its port
 */
record ServiceModule(String name, String module, int port, Integer managementPort, String database,
        boolean healthGroups, Set<String> publicHealthPaths) {

    static ServiceModule read(Repository repository, String name, String module, List<String> problems) {
        String file = module + "/src/main/resources/application.yml";
        if (!repository.exists(file)) {
            problems.add("service " + name + ": " + file + " not found");
            return new ServiceModule(name, module, -1, null, null, false, Set.of());
        }
        Map<String, Object> yaml = repository.yaml(file);
        Integer port = ServiceCatalog.portDefault(Yamls.stringAt(yaml, "server.port"));
        if (port == null) {
            problems.add(file + ": server.port has no default");
            port = -1;
        }
        Integer managementPort = ServiceCatalog.portDefault(Yamls.stringAt(yaml, "management.server.port"));
        boolean usesDatabase = Yamls.at(yaml, "spring.r2dbc.url") != null;
        String database = usesDatabase ? Yamls.stringAt(yaml, "redkeep.postgres.database") : null;
        String exposure = String.valueOf(Yamls.at(yaml, "management.endpoints.web.exposure.include"));
        boolean groups = Boolean.TRUE.equals(Yamls.at(yaml, "management.endpoint.health.probes.enabled"))
                && List.of(exposure.split("\\s*,\\s*")).contains("health");
        Set<String> publicPaths = new LinkedHashSet<>();
        if (managementPort != null) {
            for (String source : repository.files(module + "/src/main/java", ".java")) {
                String text = repository.text(source);
                for (String path : ServiceCatalog.HEALTH_PATHS) {
                    if (text.contains(".GET(\"" + path + "\"")) {
                        publicPaths.add(path);
                    }
                }
            }
        }
        return new ServiceModule(name, module, port, managementPort, database, groups, publicPaths);
    }

    boolean usesDatabase() {
        return this.database != null;
    }

    /**
     * Why a health check of {@code path} on {@code probePort} would not reach a health
     * endpoint, or null.
     */
    String healthProblem(String path, int probePort) {
        if (path == null || !ServiceCatalog.HEALTH_PATHS.contains(path)) {
            return "health path " + path + " is not one of " + ServiceCatalog.HEALTH_PATHS;
        }
        if (!path.equals("/actuator/health") && !this.healthGroups) {
            return "health path " + path + " needs management.endpoint.health.probes.enabled in " + this.module;
        }
        int actuatorPort = (this.managementPort != null) ? this.managementPort : this.port;
        if (probePort == actuatorPort) {
            return null;
        }
        if (probePort == this.port && this.publicHealthPaths.contains(path)) {
            return null;
        }
        return "health path " + path + " is not answered on port " + probePort + " by " + this.module
                + " (actuator port " + actuatorPort + ")";
    }

}
