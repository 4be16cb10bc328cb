package io.redkeep.redis.health;

import java.util.HashMap;
import java.util.Map;

/** Reads the {@code key:value} lines of an INFO section. */
final class InfoParser {

    private InfoParser() {
    }

    static Map<String, String> parse(String info) {
        Map<String, String> values = new HashMap<>();
        for (String line : info.split("\r?\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && !line.startsWith("#")) {
                values.put(line.substring(0, colon), line.substring(colon + 1).trim());
            }
        }
        return values;
    }

}
