package io.redkeep.deploycheck;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Kubernetes objects against the code: every Redkeep container gets the variables its
 * service needs, listens on its service's port behind a Service on that port, and is
 * probed on health endpoints it answers; every reference (Secrets, ConfigMaps and their
 * keys, claims, Services and StatefulSet pods named in URIs and node lists,
 * PodDisruptionBudget selectors) exists; no password is a literal; pods run as non-root
 * without privileges; the NetworkPolicies allow each flow the services need.
 */
final class KubernetesCheck {

    private final KubernetesObjects objects;

    private final ServiceCatalog catalog;

    private final String source;

    private final List<String> problems = new ArrayList<>();

    /** Connections the services make, for the NetworkPolicy check. */
    private final List<NetworkFlows.Flow> flows = new ArrayList<>();

    private KubernetesCheck(KubernetesObjects objects, ServiceCatalog catalog, String source) {
        this.objects = objects;
        this.catalog = catalog;
        this.source = source;
    }

    static List<String> check(KubernetesObjects objects, ServiceCatalog catalog, String source) {
        KubernetesCheck check = new KubernetesCheck(objects, catalog, source);
        check.run();
        return check.problems;
    }

    private void run() {
        int realtimeReplicas = 0;
        for (Map<String, Object> workload : this.objects.workloads()) {
            String where = this.source + ": " + KubernetesObjects.kind(workload) + " "
                    + KubernetesObjects.name(workload);
            this.problems.addAll(PodSpecCheck.check(this.objects, where, workload));
            for (Object container : Yamls.listAt(workload, "spec.template.spec.containers")) {
                String module = moduleOf(container);
                if (module == null) {
                    continue;
                }
                ServiceModule service = this.catalog.byModule(module);
                if (service == null) {
                    this.problems.add(where + " runs image redkeep/" + module + ", which is no Redkeep service");
                    continue;
                }
                if (service.name().equals("realtime")) {
                    Object replicas = Yamls.at(workload, "spec.replicas");
                    realtimeReplicas += (replicas instanceof Integer count) ? count : 1;
                }
                checkServiceContainer(where, workload, container, service);
            }
        }
        if (realtimeReplicas < 2) {
            this.problems.add(this.source + ": " + realtimeReplicas + " realtime replica(s), expected at least 2");
        }
        for (Map<String, Object> budget : this.objects.ofKind("PodDisruptionBudget")) {
            Object selector = Yamls.at(budget, "spec.selector");
            if (this.objects.workloads()
                .stream()
                .noneMatch((workload) -> KubernetesObjects.selects(selector,
                        KubernetesObjects.podTemplateLabels(workload)))) {
                this.problems
                    .add(this.source + ": PodDisruptionBudget " + KubernetesObjects.name(budget) + " selects no pods");
            }
        }
        this.problems.addAll(NetworkFlows.blocked(this.objects, this.flows, this.source));
    }

    private void checkServiceContainer(String where, Map<String, Object> workload, Object container,
            ServiceModule service) {
        Map<String, Integer> ports = new LinkedHashMap<>();
        for (Object port : Yamls.listAt(container, "ports")) {
            ports.put(Yamls.stringAt(port, "name"), (Integer) Yamls.at(port, "containerPort"));
        }
        if (!Integer.valueOf(service.port()).equals(ports.get("http"))) {
            this.problems.add(where + ": port http is " + ports.get("http") + " but " + service.module()
                    + " listens on " + service.port());
        }
        Map<String, String> environment = this.objects.environment(container);
        for (String variable : this.catalog.needed(service)) {
            String value = environment.get(variable);
            if (value == null || value.isBlank()) {
                this.problems.add(where + " does not set " + variable);
            }
        }
        for (String probe : new String[] { "readinessProbe", "livenessProbe" }) {
            Object httpGet = Yamls.at(container, probe + ".httpGet");
            if (httpGet == null) {
                this.problems.add(where + ": no HTTP " + probe);
                continue;
            }
            Object port = Yamls.at(httpGet, "port");
            Integer number = (port instanceof Integer value) ? value : ports.get(String.valueOf(port));
            String problem = service.healthProblem(Yamls.stringAt(httpGet, "path"), (number != null) ? number : -1);
            if (problem != null) {
                this.problems.add(where + ": " + probe + ": " + problem);
            }
        }
        Map<String, Object> labels = KubernetesObjects.podTemplateLabels(workload);
        boolean exposed = this.objects.ofKind("Service")
            .stream()
            .anyMatch((candidate) -> KubernetesObjects.serviceSelects(candidate, labels)
                    && Yamls.listAt(candidate, "spec.ports")
                        .stream()
                        .anyMatch((port) -> Integer.valueOf(service.port()).equals(Yamls.at(port, "port"))));
        if (!exposed) {
            this.problems.add(where + ": no Service exposes port " + service.port());
        }
        for (Map.Entry<String, String> entry : environment.entrySet()) {
            checkReference(where, labels, environment, entry.getKey(), entry.getValue());
        }
    }

    private void checkReference(String where, Map<String, Object> labels, Map<String, String> environment,
            String variable, String value) {
        ServiceModule target = this.catalog.gatewayTarget(variable);
        if (target != null) {
            for (String uri : value.split(",")) {
                URI parsed = URI.create(uri.strip());
                Map<String, Object> targetLabels = serviceTarget(where, variable, parsed.getHost(), parsed.getPort());
                if (targetLabels != null) {
                    String module = moduleOfPods(targetLabels);
                    if (!target.module().equals(module)) {
                        this.problems.add(where + ": " + variable + " names Service " + parsed.getHost()
                                + ", which does not select " + target.module() + " pods");
                    }
                    this.flows.add(new NetworkFlows.Flow(labels, targetLabels, target.port(),
                            where + " -> " + parsed.getHost()));
                }
            }
        }
        else if (variable.equals("REDKEEP_REDIS_STATE_NODES") || variable.equals("REDKEEP_REDIS_CACHE_NODES")) {
            for (String node : value.split(",")) {
                String host = node.strip().substring(0, node.strip().lastIndexOf(':'));
                int port = Integer.parseInt(node.strip().substring(node.strip().lastIndexOf(':') + 1));
                Map<String, Object> targetLabels = host.contains(".") ? statefulSetPod(where, variable, host, port)
                        : serviceTarget(where, variable, host, port);
                if (targetLabels != null) {
                    this.flows.add(new NetworkFlows.Flow(labels, targetLabels, port, where + " -> " + host));
                    if (port == 26379) {
                        // The sentinels hand out the master's address: the data port of
                        // the same pods.
                        this.flows.add(new NetworkFlows.Flow(labels, targetLabels, 6379, where + " -> " + host));
                    }
                }
            }
        }
        else if (variable.equals("REDKEEP_POSTGRES_HOST")) {
            int port = Integer.parseInt(environment.getOrDefault("REDKEEP_POSTGRES_PORT", "5432"));
            Map<String, Object> targetLabels = serviceTarget(where, variable, value, port);
            if (targetLabels != null) {
                this.flows.add(new NetworkFlows.Flow(labels, targetLabels, port, where + " -> " + value));
            }
        }
    }

    /**
     * Pod labels behind Service {@code host} on {@code port}, or null (reported) when
     * there is none.
     */
    private Map<String, Object> serviceTarget(String where, String variable, String host, int port) {
        Map<String, Object> service = this.objects.find("Service", host);
        if (service == null) {
            this.problems.add(where + ": " + variable + " names " + host + ", which is no Service");
            return null;
        }
        Object servicePort = Yamls.listAt(service, "spec.ports")
            .stream()
            .filter((candidate) -> Integer.valueOf(port).equals(Yamls.at(candidate, "port")))
            .findFirst()
            .orElse(null);
        if (servicePort == null) {
            this.problems.add(where + ": " + variable + " uses port " + port + ", which Service " + host + " lacks");
            return null;
        }
        for (Map<String, Object> workload : this.objects.workloads()) {
            Map<String, Object> labels = KubernetesObjects.podTemplateLabels(workload);
            if (KubernetesObjects.serviceSelects(service, labels)) {
                if (containerPort(workload, Yamls.at(servicePort, "targetPort")) == null) {
                    this.problems.add(where + ": Service " + host + " port " + port + " targets "
                            + Yamls.at(servicePort, "targetPort") + ", which its pods do not expose");
                }
                return labels;
            }
        }
        this.problems.add(where + ": " + variable + " names Service " + host + ", which selects no pods");
        return null;
    }

    /** Pod labels of {@code <statefulset>-<n>.<headless service>}, or null (reported). */
    private Map<String, Object> statefulSetPod(String where, String variable, String host, int port) {
        String[] parts = host.split("\\.");
        String pod = parts[0];
        String governing = (parts.length > 1) ? parts[1] : "";
        for (Map<String, Object> statefulSet : this.objects.ofKind("StatefulSet")) {
            String name = KubernetesObjects.name(statefulSet);
            if (!pod.startsWith(name + "-") || !governing.equals(Yamls.stringAt(statefulSet, "spec.serviceName"))) {
                continue;
            }
            int ordinal = Integer.parseInt(pod.substring(name.length() + 1));
            Object replicas = Yamls.at(statefulSet, "spec.replicas");
            if (!(replicas instanceof Integer count) || ordinal >= count) {
                this.problems.add(where + ": " + variable + " names pod " + pod + ", beyond the replicas of " + name);
            }
            if (containerPort(statefulSet, port) == null) {
                this.problems
                    .add(where + ": " + variable + " uses port " + port + ", which " + name + " does not expose");
            }
            Map<String, Object> headless = this.objects.find("Service", governing);
            if (headless == null || !"None".equals(Yamls.stringAt(headless, "spec.clusterIP"))) {
                this.problems.add(where + ": " + variable + ": " + governing + " is no headless Service");
            }
            return KubernetesObjects.podTemplateLabels(statefulSet);
        }
        this.problems.add(where + ": " + variable + " names " + host + ", which is no StatefulSet pod");
        return null;
    }

    private static Integer containerPort(Map<String, Object> workload, Object port) {
        for (Object container : Yamls.listAt(workload, "spec.template.spec.containers")) {
            for (Object candidate : Yamls.listAt(container, "ports")) {
                if (port.equals(Yamls.at(candidate, "containerPort")) || port.equals(Yamls.at(candidate, "name"))) {
                    return (Integer) Yamls.at(candidate, "containerPort");
                }
            }
        }
        return null;
    }

    private String moduleOfPods(Map<String, Object> labels) {
        for (Map<String, Object> workload : this.objects.workloads()) {
            if (KubernetesObjects.podTemplateLabels(workload).equals(labels)) {
                for (Object container : Yamls.listAt(workload, "spec.template.spec.containers")) {
                    if (moduleOf(container) != null) {
                        return moduleOf(container);
                    }
                }
            }
        }
        return null;
    }

    static String moduleOf(Object container) {
        String image = Yamls.stringAt(container, "image");
        if (image == null || !image.startsWith("redkeep/")) {
            return null;
        }
        return image.substring("redkeep/".length()).replaceAll("[:@].*$", "");
    }

}
