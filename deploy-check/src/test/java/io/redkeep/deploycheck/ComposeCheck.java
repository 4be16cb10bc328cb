package io.redkeep.deploycheck;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * docker-compose.yml against the code: each service container gets the variables its
 * service needs, on the ports its application.yml uses, with health checks on endpoints
 * it answers; every reference (depends_on, host names in URIs and node lists, files,
 * volumes, images) exists; passwords come only from required variables that
 * deploy/compose/secrets.sh writes; only the gateway is published.
 */
final class ComposeCheck {

    static final String FILE = "docker-compose.yml";

    static final String SECRETS_SCRIPT = "deploy/compose/secrets.sh";

    private static final Pattern REQUIRED_VARIABLE = Pattern.compile("^\\$\\{([A-Z][A-Z0-9_]*):\\?[^}]*}$");

    private static final Pattern ANY_REQUIRED_VARIABLE = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*):\\?");

    private final Repository repository;

    private final ServiceCatalog catalog;

    private final List<String> problems = new ArrayList<>();

    private Map<String, Object> services;

    private List<String> secrets;

    private ComposeCheck(Repository repository, ServiceCatalog catalog) {
        this.repository = repository;
        this.catalog = catalog;
    }

    static List<String> check(Repository repository, ServiceCatalog catalog) {
        ComposeCheck check = new ComposeCheck(repository, catalog);
        check.run();
        return check.problems;
    }

    private void run() {
        if (!this.repository.exists(FILE)) {
            this.problems.add(FILE + " not found");
            return;
        }
        Map<String, Object> compose = this.repository.yaml(FILE);
        this.services = Yamls.mapAt(compose, "services");
        this.secrets = this.repository.printedAssignments(SECRETS_SCRIPT);
        if (!this.secrets.containsAll(this.catalog.runnerSecrets())) {
            this.problems.add(SECRETS_SCRIPT + " writes " + this.secrets + ", not every secret of the local runner "
                    + this.catalog.runnerSecrets());
        }
        Map<String, Object> volumes = Yamls.mapAt(compose, "volumes");
        int realtimeInstances = 0;
        for (Map.Entry<String, Object> entry : this.services.entrySet()) {
            String name = entry.getKey();
            Object service = entry.getValue();
            checkEnvironmentSecrets(name, environment(service));
            checkDependencies(name, service);
            checkVolumes(name, service, volumes);
            String module = moduleOf(service);
            if (!Yamls.listAt(service, "ports").isEmpty() && !"gateway-service".equals(module)) {
                this.problems.add(FILE + ": " + name + " publishes ports; only the gateway may");
            }
            if (module == null) {
                continue;
            }
            ServiceModule serviceModule = this.catalog.byModule(module);
            if (serviceModule == null) {
                this.problems.add(FILE + ": " + name + " runs module " + module + ", which is no Redkeep service");
                continue;
            }
            if (serviceModule.name().equals("realtime")) {
                realtimeInstances++;
            }
            checkService(name, service, serviceModule);
        }
        if (realtimeInstances < 2) {
            this.problems.add(FILE + ": " + realtimeInstances + " realtime instance(s), expected at least 2");
        }
    }

    private void checkService(String name, Object service, ServiceModule module) {
        String where = FILE + ": " + name;
        Map<String, String> environment = environment(service);
        for (String variable : this.catalog.needed(module)) {
            String value = environment.get(variable);
            if (value == null || value.isBlank()) {
                this.problems.add(where + " does not set " + variable);
            }
        }
        String dockerfile = Yamls.stringAt(service, "build.dockerfile");
        if (dockerfile == null || !this.repository.exists(dockerfile)) {
            this.problems.add(where + ": build.dockerfile " + dockerfile + " not found");
        }
        Integer port = ServiceCatalog.portDefault(Yamls.stringAt(service, "build.args.PORT"));
        if (port == null || port != module.port()) {
            this.problems
                .add(where + ": build arg PORT " + port + " but " + module.module() + " listens on " + module.port());
        }
        List<Object> test = Yamls.listAt(service, "healthcheck.test");
        if (test.size() != 3 || !"CMD".equals(test.get(0)) || !"/usr/local/bin/healthcheck".equals(test.get(1))) {
            this.problems
                .add(where + ": healthcheck.test must be [CMD, /usr/local/bin/healthcheck, <path>], is " + test);
        }
        else {
            String problem = module.healthProblem(Yamls.string(test.get(2)), (port != null) ? port : -1);
            if (problem != null) {
                this.problems.add(where + ": healthcheck: " + problem);
            }
        }
        for (Map.Entry<String, String> entry : environment.entrySet()) {
            checkReference(where, environment, entry.getKey(), entry.getValue());
        }
    }

    private void checkReference(String where, Map<String, String> environment, String variable, String value) {
        ServiceModule target = this.catalog.gatewayTarget(variable);
        if (target != null) {
            List<String> hosts = new ArrayList<>();
            for (String uri : value.split(",")) {
                URI parsed = URI.create(uri.strip());
                hosts.add(parsed.getHost());
                String targetModule = moduleOf(this.services.get(parsed.getHost()));
                if (!target.module().equals(targetModule)) {
                    this.problems.add(where + ": " + variable + " names " + parsed.getHost() + ", which is not a "
                            + target.module() + " service of " + FILE);
                }
                else if (parsed.getPort() != target.port()) {
                    this.problems.add(where + ": " + variable + " uses port " + parsed.getPort() + " but "
                            + target.module() + " listens on " + target.port());
                }
            }
            for (Map.Entry<String, Object> other : this.services.entrySet()) {
                if (target.module().equals(moduleOf(other.getValue())) && !hosts.contains(other.getKey())) {
                    this.problems.add(where + ": " + variable + " leaves out " + other.getKey());
                }
            }
        }
        else if (variable.equals("REDKEEP_REDIS_STATE_NODES") || variable.equals("REDKEEP_REDIS_CACHE_NODES")) {
            String role = variable.contains("STATE") ? "STATE" : "CACHE";
            boolean sentinel = "sentinel".equals(environment.get("REDKEEP_REDIS_" + role + "_MODE"));
            for (String node : value.split(",")) {
                String host = node.strip().substring(0, node.strip().lastIndexOf(':'));
                int port = Integer.parseInt(node.strip().substring(node.strip().lastIndexOf(':') + 1));
                String entrypoint = String.valueOf(Yamls.at(this.services.get(host), "entrypoint"));
                String script = sentinel ? "redis-sentinel.sh" : "redis-node.sh";
                if (!this.services.containsKey(host) || !entrypoint.contains(script)) {
                    this.problems.add(where + ": " + variable + " names " + host + ", which is no " + script
                            + " service of " + FILE);
                }
                else if (port != (sentinel ? 26379 : 6379)) {
                    this.problems.add(where + ": " + variable + " uses port " + port + " for " + host);
                }
            }
        }
        else if (variable.equals("REDKEEP_POSTGRES_HOST")) {
            String image = Yamls.stringAt(this.services.get(value), "image");
            if (image == null || !image.startsWith("postgres:")) {
                this.problems
                    .add(where + ": REDKEEP_POSTGRES_HOST names " + value + ", which is no PostgreSQL service");
            }
        }
        else if (variable.equals("REDKEEP_POSTGRES_PORT") && !"5432".equals(value)) {
            this.problems.add(where + ": REDKEEP_POSTGRES_PORT is " + value + ", PostgreSQL listens on 5432");
        }
    }

    private void checkEnvironmentSecrets(String name, Map<String, String> environment) {
        for (Map.Entry<String, String> entry : environment.entrySet()) {
            String value = entry.getValue();
            if (ServiceCatalog.isSecretName(entry.getKey()) && !REQUIRED_VARIABLE.matcher(value).matches()) {
                this.problems.add(FILE + ": " + name + ": " + entry.getKey()
                        + " is a literal value, not a required variable ${NAME:?...}");
            }
            Matcher matcher = ANY_REQUIRED_VARIABLE.matcher(value);
            while (matcher.find()) {
                if (!this.secrets.contains(matcher.group(1))) {
                    this.problems.add(FILE + ": " + name + ": required variable " + matcher.group(1)
                            + " is not written by " + SECRETS_SCRIPT);
                }
            }
        }
    }

    private void checkDependencies(String name, Object service) {
        for (Map.Entry<String, Object> dependency : Yamls.mapAt(service, "depends_on").entrySet()) {
            Object target = this.services.get(dependency.getKey());
            if (target == null) {
                this.problems.add(FILE + ": " + name + " depends on " + dependency.getKey() + ", which does not exist");
            }
            else if ("service_healthy".equals(Yamls.stringAt(dependency.getValue(), "condition"))
                    && Yamls.at(target, "healthcheck") == null) {
                this.problems.add(FILE + ": " + name + " waits for " + dependency.getKey()
                        + " to be healthy, which has no healthcheck");
            }
        }
    }

    private void checkVolumes(String name, Object service, Map<String, Object> declared) {
        for (Object volume : Yamls.listAt(service, "volumes")) {
            String spec = Yamls.string(volume);
            if (spec == null) {
                continue;
            }
            String source = spec.substring(0, spec.indexOf(':'));
            if (source.startsWith("./")) {
                if (!this.repository.exists(source.substring(2))) {
                    this.problems.add(FILE + ": " + name + " mounts " + source + ", which does not exist");
                }
            }
            else if (!declared.containsKey(source)) {
                this.problems.add(FILE + ": " + name + " uses volume " + source + ", which is not declared");
            }
        }
    }

    /**
     * The Redkeep module a compose service runs (build arg MODULE or image
     * redkeep/<module>), or null.
     */
    static String moduleOf(Object service) {
        String module = Yamls.stringAt(service, "build.args.MODULE");
        if (module != null) {
            return module;
        }
        String image = Yamls.stringAt(service, "image");
        if (image != null && image.startsWith("redkeep/")) {
            return image.substring("redkeep/".length()).replaceAll(":.*$", "");
        }
        return null;
    }

    static Map<String, String> environment(Object service) {
        Map<String, String> result = new LinkedHashMap<>();
        Object environment = Yamls.at(service, "environment");
        for (Map.Entry<String, Object> entry : Yamls.map(environment).entrySet()) {
            result.put(entry.getKey(), (entry.getValue() != null) ? entry.getValue().toString() : "");
        }
        for (Object item : Yamls.list(environment)) {
            String line = String.valueOf(item);
            int equals = line.indexOf('=');
            result.put((equals < 0) ? line : line.substring(0, equals), (equals < 0) ? "" : line.substring(equals + 1));
        }
        return result;
    }

}
