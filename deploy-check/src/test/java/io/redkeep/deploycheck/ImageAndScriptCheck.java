package io.redkeep.deploycheck;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The service image recipe and the container scripts against the code and the local
 * runner: the Dockerfile copies the jar each module builds, runs as a non-root user and
 * checks a health endpoint; the Redis ACL of the containers is the runner's; PostgreSQL's
 * init script creates the runner's databases, which are the ones the services use.
 */
final class ImageAndScriptCheck {

    static final String DOCKERFILE = "deploy/docker/Dockerfile";

    static final String REDIS_NODE_SCRIPT = "deploy/k8s/scripts/redis-node.sh";

    static final String POSTGRES_INIT_SCRIPT = "deploy/k8s/scripts/postgres-init.sh";

    private ImageAndScriptCheck() {
    }

    static List<String> check(Repository repository, ServiceCatalog catalog) {
        List<String> problems = new ArrayList<>();
        checkDockerfile(repository, catalog, problems);
        checkAcl(repository, problems);
        checkDatabases(repository, catalog, problems);
        return problems;
    }

    private static void checkDockerfile(Repository repository, ServiceCatalog catalog, List<String> problems) {
        if (!repository.exists(DOCKERFILE)) {
            problems.add(DOCKERFILE + " not found");
            return;
        }
        String dockerfile = repository.text(DOCKERFILE);
        require(dockerfile, "ARG JRE_IMAGE=eclipse-temurin:25-jre", DOCKERFILE, problems);
        require(dockerfile, "${MODULE}/target/${MODULE}-exec.jar", DOCKERFILE, problems);
        require(dockerfile, "HEALTHCHECK_PORT=${PORT}", DOCKERFILE, problems);
        require(dockerfile, "EXPOSE ${PORT}", DOCKERFILE, problems);
        if (!repository.exists("deploy/docker/healthcheck.sh")) {
            problems.add("deploy/docker/healthcheck.sh not found");
        }
        Matcher user = Pattern.compile("(?m)^USER (\\d+)(:\\d+)?$").matcher(dockerfile);
        if (!user.find() || Integer.parseInt(user.group(1)) == 0) {
            problems.add(DOCKERFILE + ": no numeric non-root USER");
        }
        Matcher health = Pattern.compile("CMD \\[\"/usr/local/bin/healthcheck\", \"([^\"]+)\"]").matcher(dockerfile);
        String path = health.find() ? health.group(1) : null;
        for (ServiceModule service : catalog.services().values()) {
            String problem = service.healthProblem(path, service.port());
            if (problem != null) {
                problems.add(DOCKERFILE + ": HEALTHCHECK: " + problem);
            }
            String pom = service.module() + "/pom.xml";
            if (!repository.exists(pom) || !repository.text(pom).contains("<classifier>exec</classifier>")) {
                problems.add(pom + " does not build " + service.module() + "-exec.jar");
            }
        }
    }

    private static void checkAcl(Repository repository, List<String> problems) {
        List<String> runner = printfLines(repository.text("deploy/local/redis.sh"), "rk_redis_acl");
        List<String> containers = printfLines(repository.text(REDIS_NODE_SCRIPT), "redis_acl");
        if (runner.isEmpty() || !runner.equals(containers)) {
            problems.add(REDIS_NODE_SCRIPT + ": redis_acl " + containers + " differs from rk_redis_acl " + runner
                    + " in deploy/local/redis.sh");
        }
        // The runner adds CLIENT SETINFO on Redis 7.2+, and so must the containers
        // (their images are 7.2+).
        if (!repository.text(REDIS_NODE_SCRIPT).contains("extra=\" +client|setinfo\"")) {
            problems.add(REDIS_NODE_SCRIPT + ": redis_acl does not allow CLIENT SETINFO");
        }
        String images = repository.text(ComposeCheck.FILE) + String.join("\n",
                repository.files(KubernetesSources.BASE, ".yaml").stream().map(repository::text).toList());
        Matcher matcher = Pattern.compile("image: redis:(\\d+)\\.(\\d+)").matcher(images);
        int count = 0;
        while (matcher.find()) {
            count++;
            int major = Integer.parseInt(matcher.group(1));
            int minor = Integer.parseInt(matcher.group(2));
            if (major < 7 || (major == 7 && minor < 2)) {
                problems.add("image redis:" + major + "." + minor + " is older than 7.2, which the ACL needs");
            }
        }
        if (count == 0) {
            problems.add("no versioned redis image found in " + ComposeCheck.FILE + " or " + KubernetesSources.BASE);
        }
    }

    private static void checkDatabases(Repository repository, ServiceCatalog catalog, List<String> problems) {
        List<String> databases = repository.bashArray("deploy/local/postgres.sh", "RK_PG_DATABASES");
        String init = repository.text(POSTGRES_INIT_SCRIPT);
        for (ServiceModule service : catalog.services().values()) {
            if (service.usesDatabase() && !databases.contains(service.database())) {
                problems.add(service.module() + " uses database " + service.database()
                        + ", which the local runner does not create");
            }
        }
        for (String database : databases) {
            if (!init.contains("CREATE DATABASE " + database + " OWNER redkeep")
                    || !init.contains("REVOKE ALL ON DATABASE " + database + " FROM PUBLIC")) {
                problems.add(POSTGRES_INIT_SCRIPT + " does not create " + database + " as the runner does");
            }
        }
    }

    private static void require(String text, String expected, String file, List<String> problems) {
        if (!text.contains(expected)) {
            problems.add(file + " lacks " + expected);
        }
    }

    /** The trimmed printf lines of a shell function's body. */
    static List<String> printfLines(String script, String function) {
        int start = script.indexOf(function + "() {");
        if (start < 0) {
            return List.of();
        }
        int end = script.indexOf("\n}", start);
        List<String> lines = new ArrayList<>();
        for (String line : script.substring(start, (end < 0) ? script.length() : end).split("\n")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("printf") || trimmed.startsWith("\"$password\"")) {
                lines.add(trimmed);
            }
        }
        return lines;
    }

}
