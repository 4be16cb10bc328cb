package io.redkeep.deploycheck;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Whether the NetworkPolicies let through the connections the services need. A connection
 * passes when the source pods may send it (no Egress policy selects them, or a rule of
 * one allows the peer and port) and the target pods may receive it (likewise for
 * Ingress). Peers are matched by pod selector within the namespace; a peer given by
 * namespace alone is not taken to match.
 */
final class NetworkFlows {

    private NetworkFlows() {
    }

    /**
     * One connection a service makes.
     *
     * @param from labels of the connecting pods
     * @param to labels of the pods connected to
     * @param port destination port
     * @param description what makes it, for the report
     */
    record Flow(Map<String, Object> from, Map<String, Object> to, int port, String description) {
    }

    static List<String> blocked(KubernetesObjects objects, List<Flow> flows, String source) {
        List<String> problems = new ArrayList<>();
        for (Flow flow : flows) {
            if (!allowed(objects, flow.from(), flow.to(), flow.port(), "Egress")) {
                problems.add(source + ": no NetworkPolicy lets " + flow.description() + " out on port " + flow.port());
            }
            if (!allowed(objects, flow.to(), flow.from(), flow.port(), "Ingress")) {
                problems.add(source + ": no NetworkPolicy lets " + flow.description() + " in on port " + flow.port());
            }
        }
        return problems;
    }

    private static boolean allowed(KubernetesObjects objects, Map<String, Object> subject, Map<String, Object> peer,
            int port, String type) {
        String rules = type.equals("Egress") ? "egress" : "ingress";
        String peers = type.equals("Egress") ? "to" : "from";
        boolean restricted = false;
        for (Map<String, Object> policy : objects.ofKind("NetworkPolicy")) {
            if (!KubernetesObjects.selects(Yamls.at(policy, "spec.podSelector"), subject)
                    || !Yamls.listAt(policy, "spec.policyTypes").contains(type)) {
                continue;
            }
            restricted = true;
            for (Object rule : Yamls.listAt(policy, "spec." + rules)) {
                List<Object> peerList = Yamls.listAt(rule, peers);
                boolean peerMatches = peerList.isEmpty() || peerList.stream()
                    .anyMatch((candidate) -> Yamls.at(candidate, "podSelector") != null
                            && KubernetesObjects.selects(Yamls.at(candidate, "podSelector"), peer));
                List<Object> ports = Yamls.listAt(rule, "ports");
                boolean portMatches = ports.isEmpty() || ports.stream()
                    .anyMatch((candidate) -> Integer.valueOf(port).equals(Yamls.at(candidate, "port")));
                if (peerMatches && portMatches) {
                    return true;
                }
            }
        }
        return !restricted;
    }

}
