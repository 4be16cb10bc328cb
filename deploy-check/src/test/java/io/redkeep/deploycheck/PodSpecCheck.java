package io.redkeep.deploycheck;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One workload's pod template on its own: the selector matches it, it runs as non-root
 * without privileges, read-only, with memory bounds, and every Secret, ConfigMap, key and
 * claim it refers to exists. Password variables must come from a Secret, never a literal
 * value.
 */
final class PodSpecCheck {

    private final KubernetesObjects objects;

    private final List<String> problems = new ArrayList<>();

    private PodSpecCheck(KubernetesObjects objects) {
        this.objects = objects;
    }

    static List<String> check(KubernetesObjects objects, String where, Map<String, Object> workload) {
        PodSpecCheck check = new PodSpecCheck(objects);
        check.checkPod(where, workload);
        return check.problems;
    }

    private void checkPod(String where, Map<String, Object> workload) {
        Map<String, Object> spec = Yamls.mapAt(workload, "spec.template.spec");
        if (!KubernetesObjects.selects(Yamls.at(workload, "spec.selector"),
                KubernetesObjects.podTemplateLabels(workload))) {
            this.problems.add(where + ": selector does not match its pod template's labels");
        }
        if (!Boolean.TRUE.equals(Yamls.at(spec, "securityContext.runAsNonRoot"))) {
            this.problems.add(where + ": pod securityContext.runAsNonRoot is not true");
        }
        for (Object container : Yamls.listAt(spec, "containers")) {
            String name = where + " container " + Yamls.stringAt(container, "name");
            if (!Boolean.FALSE.equals(Yamls.at(container, "securityContext.allowPrivilegeEscalation"))) {
                this.problems.add(name + ": allowPrivilegeEscalation is not false");
            }
            if (!Yamls.listAt(container, "securityContext.capabilities.drop").contains("ALL")) {
                this.problems.add(name + ": capabilities do not drop ALL");
            }
            if (!Boolean.TRUE.equals(Yamls.at(container, "securityContext.readOnlyRootFilesystem"))) {
                this.problems.add(name + ": root file system is not read-only");
            }
            if (Yamls.at(container, "resources.requests.memory") == null
                    || Yamls.at(container, "resources.limits.memory") == null) {
                this.problems.add(name + ": no memory request and limit");
            }
            checkEnvReferences(name, container);
        }
        for (Object volume : Yamls.listAt(spec, "volumes")) {
            String configMap = Yamls.stringAt(volume, "configMap.name");
            if (configMap != null) {
                Map<String, String> data = this.objects.configMap(configMap);
                if (data == null) {
                    this.problems.add(where + ": volume uses ConfigMap " + configMap + ", which does not exist");
                }
                else {
                    for (Object item : Yamls.listAt(volume, "configMap.items")) {
                        if (!data.containsKey(Yamls.stringAt(item, "key"))) {
                            this.problems
                                .add(where + ": ConfigMap " + configMap + " has no key " + Yamls.stringAt(item, "key"));
                        }
                    }
                }
            }
            String claim = Yamls.stringAt(volume, "persistentVolumeClaim.claimName");
            if (claim != null && this.objects.find("PersistentVolumeClaim", claim) == null) {
                this.problems.add(where + ": volume uses claim " + claim + ", which does not exist");
            }
        }
    }

    private void checkEnvReferences(String where, Object container) {
        for (Object entry : Yamls.listAt(container, "env")) {
            String name = Yamls.stringAt(entry, "name");
            if (ServiceCatalog.isSecretName(name) && Yamls.at(entry, "value") != null) {
                this.problems.add(where + ": " + name + " is a literal value, not a secretKeyRef");
            }
            if (ServiceCatalog.isSecretName(name) && Yamls.at(entry, "valueFrom.secretKeyRef") == null) {
                this.problems.add(where + ": " + name + " does not come from a Secret");
            }
            checkKeyRef(where, name, Yamls.at(entry, "valueFrom.secretKeyRef"), true);
            checkKeyRef(where, name, Yamls.at(entry, "valueFrom.configMapKeyRef"), false);
        }
        for (Object from : Yamls.listAt(container, "envFrom")) {
            String configMap = Yamls.stringAt(from, "configMapRef.name");
            if (configMap != null && this.objects.configMap(configMap) == null) {
                this.problems.add(where + ": envFrom ConfigMap " + configMap + " does not exist");
            }
            String secret = Yamls.stringAt(from, "secretRef.name");
            if (secret != null && this.objects.secret(secret) == null) {
                this.problems.add(where + ": envFrom Secret " + secret + " does not exist");
            }
        }
    }

    private void checkKeyRef(String where, String variable, Object reference, boolean secret) {
        if (reference == null) {
            return;
        }
        String name = Yamls.stringAt(reference, "name");
        String key = Yamls.stringAt(reference, "key");
        Map<String, String> data = secret ? this.objects.secret(name) : this.objects.configMap(name);
        String kind = secret ? "Secret " : "ConfigMap ";
        if (data == null) {
            this.problems.add(where + ": " + variable + " refers to " + kind + name + ", which does not exist");
        }
        else if (!data.containsKey(key)) {
            this.problems.add(where + ": " + variable + " refers to key " + key + ", which " + kind + name + " lacks");
        }
    }

}
