package io.redkeep.deploycheck;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The containers that run the shared scripts (deploy/k8s/scripts) get every variable the
 * script requires ({@code : "${NAME:?}"}), in Compose and in Kubernetes alike. For
 * redis-node.sh, the variables required in the branch of its REDIS_ROLE count as well.
 */
final class ScriptEnvironmentCheck {

    static final String SCRIPTS = "deploy/k8s/scripts/";

    private static final Pattern REQUIRED = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*):\\?");

    private static final List<String> SCRIPT_NAMES = List.of("redis-node.sh", "redis-sentinel.sh", "postgres-init.sh");

    private ScriptEnvironmentCheck() {
    }

    static List<String> compose(Repository repository) {
        List<String> problems = new ArrayList<>();
        Map<String, Object> services = Yamls.mapAt(repository.yaml(ComposeCheck.FILE), "services");
        for (Map.Entry<String, Object> entry : services.entrySet()) {
            String runs = String.valueOf(Yamls.at(entry.getValue(), "entrypoint")) + " "
                    + Yamls.at(entry.getValue(), "volumes");
            Map<String, String> environment = ComposeCheck.environment(entry.getValue());
            check(repository, ComposeCheck.FILE + ": " + entry.getKey(), runs, environment, problems);
        }
        return problems;
    }

    static List<String> kubernetes(Repository repository, KubernetesObjects objects) {
        List<String> problems = new ArrayList<>();
        for (Map<String, Object> workload : objects.workloads()) {
            for (Object container : Yamls.listAt(workload, "spec.template.spec.containers")) {
                // Redis containers name their script in the command; the PostgreSQL image
                // runs the init
                // script from /docker-entrypoint-initdb.d.
                String runs = String.valueOf(Yamls.at(container, "command"));
                if (String.valueOf(Yamls.stringAt(container, "image")).startsWith("postgres:")) {
                    runs += " postgres-init.sh";
                }
                String where = KubernetesSources.BASE + ": " + KubernetesObjects.kind(workload) + " "
                        + KubernetesObjects.name(workload) + " container " + Yamls.stringAt(container, "name");
                check(repository, where, runs, objects.environment(container), problems);
            }
        }
        return problems;
    }

    private static void check(Repository repository, String where, String runs, Map<String, String> environment,
            List<String> problems) {
        for (String script : SCRIPT_NAMES) {
            if (!runs.contains(script)) {
                continue;
            }
            for (String variable : required(repository.text(SCRIPTS + script), environment.get("REDIS_ROLE"))) {
                if (!environment.containsKey(variable)) {
                    problems.add(where + " runs " + script + " without " + variable);
                }
            }
        }
    }

    /**
     * Variables a script requires: outside any {@code role)} branch, and in the branch of
     * {@code role}.
     */
    static Set<String> required(String script, String role) {
        Set<String> names = new LinkedHashSet<>();
        StringBuilder applicable = new StringBuilder();
        String branch = null;
        for (String line : script.split("\n")) {
            String trimmed = line.strip();
            Matcher label = Pattern.compile("^([a-z*]+)\\)$").matcher(trimmed);
            if (label.matches()) {
                branch = label.group(1);
                continue;
            }
            if (trimmed.equals(";;")) {
                branch = null;
                continue;
            }
            if (branch == null || branch.equals(role)) {
                applicable.append(line).append('\n');
            }
        }
        Matcher matcher = REQUIRED.matcher(applicable);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

}
