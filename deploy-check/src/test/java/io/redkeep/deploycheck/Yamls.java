package io.redkeep.deploycheck;

import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Null-tolerant navigation of parsed YAML: a missing or differently typed node reads as
 * empty, so a check reports "not set" instead of failing with a ClassCastException.
 */
final class Yamls {

    private Yamls() {
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object node) {
        return (node instanceof Map) ? (Map<String, Object>) node : Collections.emptyMap();
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object node) {
        return (node instanceof List) ? (List<Object>) node : Collections.emptyList();
    }

    static String string(Object node) {
        return (node != null && !(node instanceof Map) && !(node instanceof List)) ? node.toString() : null;
    }

    /** The node at a dotted path of map keys, or null. */
    static Object at(Object node, String path) {
        Object current = node;
        for (String key : path.split("\\.")) {
            current = map(current).get(key);
            if (current == null) {
                return null;
            }
        }
        return current;
    }

    static Map<String, Object> mapAt(Object node, String path) {
        return map(at(node, path));
    }

    static List<Object> listAt(Object node, String path) {
        return list(at(node, path));
    }

    static String stringAt(Object node, String path) {
        return string(at(node, path));
    }

}
