package io.redkeep.redis.stream.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the untyped XINFO GROUPS reply (a list of key/value lists over RESP2, of maps
 * over RESP3) into what the lag and pending gauges need.
 */
public final class XinfoGroups {

    private XinfoGroups() {
    }

    /**
     * One group's figures.
     *
     * @param name the group
     * @param pending entries delivered and not acknowledged
     * @param lag entries not yet delivered, {@code null} when Redis cannot compute it
     */
    public record Info(String name, long pending, Long lag) {
    }

    public static List<Info> parse(List<Object> reply) {
        List<Info> groups = new ArrayList<>();
        for (Object group : reply) {
            Map<String, Object> fields = fields(group);
            Object name = fields.get("name");
            if (name != null) {
                groups
                    .add(new Info(name.toString(), number(fields.get("pending"), 0L), number(fields.get("lag"), null)));
            }
        }
        return groups;
    }

    private static Map<String, Object> fields(Object group) {
        Map<String, Object> fields = new HashMap<>();
        if (group instanceof Map<?, ?> map) {
            map.forEach((key, value) -> fields.put(String.valueOf(key), value));
        }
        else if (group instanceof List<?> list) {
            for (int i = 0; i + 1 < list.size(); i += 2) {
                fields.put(String.valueOf(list.get(i)), list.get(i + 1));
            }
        }
        return fields;
    }

    private static Long number(Object value, Long fallback) {
        if (value instanceof Number number) {
            return number.longValue();
        }
        if (value != null) {
            try {
                return Long.parseLong(value.toString());
            }
            catch (NumberFormatException ex) {
                return fallback;
            }
        }
        return fallback;
    }

}
