package io.redkeep.deploycheck;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads the Kubernetes objects two ways: from the Kustomize base as written (its
 * resources, plus what its ConfigMap and Secret generators will produce, no kubectl
 * needed), or from `kubectl kustomize` output. The base way also checks the kustomization
 * itself: listed files exist, no manifest is left out, every image has a tag entry,
 * generator files hold no secrets, and the Secret's env file is git-ignored.
 */
final class KubernetesSources {

    static final String BASE = "deploy/k8s";

    static final String SECRETS_SCRIPT = BASE + "/secrets.sh";

    private KubernetesSources() {
    }

    static KubernetesObjects base(Repository repository, ServiceCatalog catalog, List<String> problems) {
        KubernetesObjects objects = new KubernetesObjects();
        String kustomizationFile = BASE + "/kustomization.yaml";
        if (!repository.exists(kustomizationFile)) {
            problems.add(kustomizationFile + " not found");
            return objects;
        }
        Map<String, Object> kustomization = repository.yaml(kustomizationFile);
        List<String> resources = new ArrayList<>();
        for (Object resource : Yamls.listAt(kustomization, "resources")) {
            String file = BASE + "/" + resource;
            resources.add(file);
            if (!repository.exists(file)) {
                problems.add(kustomizationFile + ": resource " + resource + " not found");
                continue;
            }
            repository.yamlDocuments(file).forEach(objects::add);
        }
        for (String file : repository.files(BASE, ".yaml")) {
            boolean topLevel = Path.of(file).getParent().toString().replace('\\', '/').equals(BASE);
            if (topLevel && !file.equals(kustomizationFile) && !resources.contains(file)) {
                problems.add(kustomizationFile + " does not list " + file);
            }
        }
        for (Object generator : Yamls.listAt(kustomization, "configMapGenerator")) {
            Map<String, String> data = new LinkedHashMap<>();
            for (Object env : Yamls.listAt(generator, "envs")) {
                String file = BASE + "/" + env;
                if (!repository.exists(file)) {
                    problems.add(kustomizationFile + ": " + env + " not found");
                    continue;
                }
                Map<String, String> values = repository.envFile(file);
                values.keySet()
                    .stream()
                    .filter(ServiceCatalog::isSecretName)
                    .forEach((name) -> problems.add(file + " holds " + name + ", which belongs in the Secret"));
                data.putAll(values);
            }
            for (Object entry : Yamls.listAt(generator, "files")) {
                String spec = String.valueOf(entry);
                String key = spec.contains("=") ? spec.substring(0, spec.indexOf('='))
                        : Path.of(spec).getFileName().toString();
                String file = BASE + "/" + (spec.contains("=") ? spec.substring(spec.indexOf('=') + 1) : spec);
                if (!repository.exists(file)) {
                    problems.add(kustomizationFile + ": " + file + " not found");
                }
                data.put(key, "(file)");
            }
            objects.configMaps.put(Yamls.stringAt(generator, "name"), data);
        }
        List<String> secretKeys = repository.printedAssignments(SECRETS_SCRIPT);
        if (!secretKeys.containsAll(catalog.runnerSecrets())) {
            problems.add(SECRETS_SCRIPT + " writes " + secretKeys + ", not every secret of the local runner "
                    + catalog.runnerSecrets());
        }
        String gitignore = repository.exists(".gitignore") ? repository.text(".gitignore") : "";
        for (Object generator : Yamls.listAt(kustomization, "secretGenerator")) {
            Map<String, String> data = new LinkedHashMap<>();
            for (Object env : Yamls.listAt(generator, "envs")) {
                if (!gitignore.lines().anyMatch((line) -> line.strip().equals("/" + BASE + "/" + env))) {
                    problems.add(".gitignore does not ignore /" + BASE + "/" + env + " (the Secret's values)");
                }
                secretKeys.forEach((key) -> data.put(key, "(secret)"));
            }
            if (!Yamls.listAt(generator, "literals").isEmpty()) {
                problems.add(kustomizationFile + ": secretGenerator " + Yamls.stringAt(generator, "name")
                        + " has literals; secrets come from the git-ignored env file");
            }
            objects.secrets.put(Yamls.stringAt(generator, "name"), data);
        }
        List<String> tagged = Yamls.listAt(kustomization, "images")
            .stream()
            .map((image) -> Yamls.stringAt(image, "name"))
            .toList();
        for (Map<String, Object> workload : objects.workloads()) {
            for (Object container : Yamls.listAt(workload, "spec.template.spec.containers")) {
                String image = Yamls.stringAt(container, "image");
                if (KubernetesCheck.moduleOf(container) != null && !tagged.contains(image)) {
                    problems.add(kustomizationFile + ": image " + image + " has no entry in images:");
                }
            }
        }
        return objects;
    }

    static KubernetesObjects rendered(String output) {
        KubernetesObjects objects = new KubernetesObjects();
        Repository.documents(output).forEach(objects::add);
        return objects;
    }

}
