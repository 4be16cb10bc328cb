package io.redkeep.deploycheck;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Kubernetes objects of the deployment with what the checks look up in them: objects
 * by kind and name, and the keys and values of every ConfigMap and Secret, whether
 * written out (rendered output) or still a Kustomize generator (the base as it is in the
 * repository).
 */
final class KubernetesObjects {

    final List<Map<String, Object>> objects = new ArrayList<>();

    final Map<String, Map<String, String>> configMaps = new LinkedHashMap<>();

    final Map<String, Map<String, String>> secrets = new LinkedHashMap<>();

    void add(Map<String, Object> object) {
        this.objects.add(object);
        String name = name(object);
        if ("ConfigMap".equals(kind(object))) {
            Map<String, String> data = new LinkedHashMap<>();
            Yamls.mapAt(object, "data").forEach((key, value) -> data.put(key, Yamls.string(value)));
            this.configMaps.put(name, data);
        }
        else if ("Secret".equals(kind(object))) {
            Map<String, String> data = new LinkedHashMap<>();
            Yamls.mapAt(object, "data").forEach((key, value) -> data.put(key, "(secret)"));
            Yamls.mapAt(object, "stringData").forEach((key, value) -> data.put(key, "(secret)"));
            this.secrets.put(name, data);
        }
    }

    List<Map<String, Object>> ofKind(String kind) {
        return this.objects.stream().filter((object) -> kind.equals(kind(object))).toList();
    }

    Map<String, Object> find(String kind, String name) {
        return this.objects.stream()
            .filter((object) -> kind.equals(kind(object)) && name.equals(name(object)))
            .findFirst()
            .orElse(null);
    }

    /** Deployments and StatefulSets. */
    List<Map<String, Object>> workloads() {
        return this.objects.stream()
            .filter((object) -> "Deployment".equals(kind(object)) || "StatefulSet".equals(kind(object)))
            .toList();
    }

    /**
     * Keys and values of a ConfigMap (after rendering, its name carries Kustomize's hash
     * suffix).
     */
    Map<String, String> configMap(String name) {
        return this.configMaps.get(name);
    }

    /** Keys of a Secret; its values are never read. */
    Map<String, String> secret(String name) {
        return this.secrets.get(name);
    }

    /**
     * Variables a container sees: its env (values, or "(secret)") and everything its
     * envFrom brings.
     */
    Map<String, String> environment(Object container) {
        Map<String, String> result = new LinkedHashMap<>();
        for (Object from : Yamls.listAt(container, "envFrom")) {
            Map<String, String> configMap = configMap(String.valueOf(Yamls.stringAt(from, "configMapRef.name")));
            if (configMap != null) {
                result.putAll(configMap);
            }
            Map<String, String> secret = secret(String.valueOf(Yamls.stringAt(from, "secretRef.name")));
            if (secret != null) {
                result.putAll(secret);
            }
        }
        for (Object entry : Yamls.listAt(container, "env")) {
            String value = Yamls.stringAt(entry, "value");
            if (value == null && Yamls.at(entry, "valueFrom.fieldRef") != null) {
                value = "(field)";
            }
            else if (value == null && Yamls.at(entry, "valueFrom.secretKeyRef") != null) {
                value = "(secret)";
            }
            else if (value == null && Yamls.at(entry, "valueFrom.configMapKeyRef") != null) {
                Map<String, String> configMap = configMap(Yamls.stringAt(entry, "valueFrom.configMapKeyRef.name"));
                value = (configMap != null) ? configMap.get(Yamls.stringAt(entry, "valueFrom.configMapKeyRef.key"))
                        : null;
            }
            result.put(Yamls.stringAt(entry, "name"), value);
        }
        return result;
    }

    static String kind(Map<String, Object> object) {
        return Yamls.stringAt(object, "kind");
    }

    static String name(Map<String, Object> object) {
        return Yamls.stringAt(object, "metadata.name");
    }

    static Map<String, Object> podTemplateLabels(Map<String, Object> workload) {
        return Yamls.mapAt(workload, "spec.template.metadata.labels");
    }

    /**
     * matchLabels and matchExpressions (In, NotIn, Exists) of a label selector against
     * labels.
     */
    static boolean selects(Object selector, Map<String, Object> labels) {
        if (selector == null) {
            return false;
        }
        Map<String, Object> matchLabels = Yamls.mapAt(selector, "matchLabels");
        for (Map.Entry<String, Object> entry : matchLabels.entrySet()) {
            if (!String.valueOf(entry.getValue()).equals(Yamls.string(labels.get(entry.getKey())))) {
                return false;
            }
        }
        for (Object expression : Yamls.listAt(selector, "matchExpressions")) {
            String value = Yamls.string(labels.get(Yamls.stringAt(expression, "key")));
            List<Object> values = Yamls.listAt(expression, "values");
            boolean matches = switch (String.valueOf(Yamls.stringAt(expression, "operator"))) {
                case "In" -> value != null && values.contains(value);
                case "NotIn" -> value == null || !values.contains(value);
                case "Exists" -> value != null;
                case "DoesNotExist" -> value == null;
                default -> false;
            };
            if (!matches) {
                return false;
            }
        }
        return true;
    }

    /** A Service's selector (a plain label map) against labels. */
    static boolean serviceSelects(Map<String, Object> service, Map<String, Object> labels) {
        Map<String, Object> selector = Yamls.mapAt(service, "spec.selector");
        return !selector.isEmpty() && selects(Map.of("matchLabels", selector), labels);
    }

}
