package io.redkeep.deploycheck;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the deployments must agree with, read from the code rather than restated: the
 * services and their modules (local runner), the environment the runner gives them
 * (deploy/local/services.sh and docs/configuration.md), each service's port, management
 * port, database and health groups (its application.yml), and the secrets the runner
 * generates (deploy/local/common.sh).
 */
final class ServiceCatalog {

    static final Set<String> HEALTH_PATHS = Set.of("/actuator/health", "/actuator/health/liveness",
            "/actuator/health/readiness");

    /**
     * Containers listen on every interface, Spring's default; only the local runner binds
     * to loopback.
     */
    static final Set<String> NOT_FOR_CONTAINERS = Set.of("SERVER_ADDRESS");

    private static final Pattern SECRET_NAME = Pattern.compile(".*(PASSWORD|SECRET|TOKEN|_KEY)$");

    private static final Pattern PORT_DEFAULT = Pattern.compile("^\\$\\{[^:}]+:(\\d+)}$|^(\\d+)$");

    private final Map<String, ServiceModule> services = new LinkedHashMap<>();

    private final Set<String> runnerVariables = new LinkedHashSet<>();

    private final List<String> runnerSecrets;

    private final List<String> problems = new ArrayList<>();

    ServiceCatalog(Repository repository) {
        String servicesScript = "deploy/local/services.sh";
        for (String name : repository.bashArray(servicesScript, "RK_SERVICES")) {
            String module = moduleOf(repository.text(servicesScript), name);
            this.services.put(name, ServiceModule.read(repository, name, module, this.problems));
        }
        if (this.services.isEmpty()) {
            this.problems.add(servicesScript + ": no RK_SERVICES list found");
        }
        this.runnerVariables.addAll(repository.bashArray(servicesScript, "RK_SERVICE_ENV_NAMES"));
        this.runnerVariables.addAll(documentedVariables(repository.text("docs/configuration.md")));
        if (this.runnerVariables.isEmpty()) {
            this.problems.add("no service variables found in " + servicesScript + " or docs/configuration.md");
        }
        this.runnerSecrets = repository.printedAssignments("deploy/local/common.sh");
    }

    static boolean isSecretName(String name) {
        return SECRET_NAME.matcher(name).matches();
    }

    static Integer portDefault(String value) {
        if (value == null) {
            return null;
        }
        Matcher matcher = PORT_DEFAULT.matcher(value.strip());
        if (!matcher.matches()) {
            return null;
        }
        return Integer.valueOf((matcher.group(1) != null) ? matcher.group(1) : matcher.group(2));
    }

    Map<String, ServiceModule> services() {
        return this.services;
    }

    ServiceModule byModule(String module) {
        return this.services.values()
            .stream()
            .filter((service) -> service.module().equals(module))
            .findFirst()
            .orElse(null);
    }

    List<String> runnerSecrets() {
        return this.runnerSecrets;
    }

    List<String> problems() {
        return this.problems;
    }

    /**
     * The variables of the runner's wiring that a service needs in a container. Unknown
     * names are reported by {@link #unclassified()} so that a variable added to the
     * runner cannot be silently missed here.
     */
    Set<String> needed(ServiceModule service) {
        Set<String> needed = new LinkedHashSet<>();
        for (String variable : this.runnerVariables) {
            if (NOT_FOR_CONTAINERS.contains(variable)) {
                continue;
            }
            if (variable.equals("REDKEEP_INTERNAL_KEY") || variable.startsWith("REDKEEP_REDIS_")) {
                needed.add(variable);
            }
            else if (variable.startsWith("REDKEEP_POSTGRES_")) {
                if (service.usesDatabase()) {
                    needed.add(variable);
                }
            }
            else if (variable.startsWith("REDKEEP_" + service.name().toUpperCase() + "_")) {
                needed.add(variable);
            }
        }
        return needed;
    }

    List<String> unclassified() {
        List<String> unknown = new ArrayList<>();
        for (String variable : this.runnerVariables) {
            boolean known = NOT_FOR_CONTAINERS.contains(variable) || variable.equals("REDKEEP_INTERNAL_KEY")
                    || variable.startsWith("REDKEEP_REDIS_") || variable.startsWith("REDKEEP_POSTGRES_")
                    || this.services.keySet()
                        .stream()
                        .anyMatch((name) -> variable.startsWith("REDKEEP_" + name.toUpperCase() + "_"));
            if (!known) {
                unknown.add(variable);
            }
        }
        return unknown;
    }

    /**
     * The service a gateway URI variable points at: REDKEEP_GATEWAY_SERVICES_CONTENT_URI
     * is content.
     */
    ServiceModule gatewayTarget(String variable) {
        Matcher matcher = Pattern.compile("REDKEEP_GATEWAY_SERVICES_([A-Z]+)_URIS?").matcher(variable);
        return matcher.matches() ? this.services.get(matcher.group(1).toLowerCase()) : null;
    }

    private static String moduleOf(String servicesScript, String name) {
        Matcher matcher = Pattern.compile("(?m)^\\s*" + Pattern.quote(name) + "\\) echo ([a-z-]+) ;;")
            .matcher(servicesScript);
        return matcher.find() ? matcher.group(1) : name + "-service";
    }

    private static Set<String> documentedVariables(String configurationDoc) {
        Set<String> names = new LinkedHashSet<>();
        int start = configurationDoc.indexOf("## Wiring");
        int end = configurationDoc.indexOf("\n## ", start + 1);
        if (start < 0) {
            return names;
        }
        String section = configurationDoc.substring(start, (end < 0) ? configurationDoc.length() : end);
        Matcher matcher = Pattern.compile("(?m)^\\| `([A-Z][A-Z0-9_]*)` \\|").matcher(section);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

}
