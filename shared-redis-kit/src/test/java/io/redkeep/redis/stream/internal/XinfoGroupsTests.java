package io.redkeep.redis.stream.internal;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import io.redkeep.redis.stream.internal.XinfoGroups.Info;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class XinfoGroupsTests {

    @Test
    void readsResp2KeyValueLists() {
        List<Object> reply = List.of(Arrays.asList("name", "analytics", "consumers", 2L, "pending", 7L,
                "last-delivered-id", "1-0", "entries-read", 10L, "lag", 3L));
        assertThat(XinfoGroups.parse(reply)).containsExactly(new Info("analytics", 7, 3L));
    }

    @Test
    void readsResp3MapsAndAnUnknownLag() {
        java.util.Map<Object, Object> group = new java.util.HashMap<>();
        group.put("name", "realtime");
        group.put("pending", 0L);
        group.put("lag", null);
        assertThat(XinfoGroups.parse(List.of(group, Map.of("consumers", 1L))))
            .containsExactly(new Info("realtime", 0, null));
    }

}
