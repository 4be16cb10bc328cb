package io.redkeep.redis.script;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class RedisScriptTests {

    @Test
    void shaIsComputedLocallyAsRedisDoes() {
        // SCRIPT LOAD "return 1" answers e0e1f9fabfc9d4800c877a703b823ac0578ff8db.
        assertThat(RedisScript.sha1Hex("return 1")).isEqualTo("e0e1f9fabfc9d4800c877a703b823ac0578ff8db");
    }

    @Test
    void loadsFromMetaInfScriptsOnce() {
        RedisScripts scripts = new RedisScripts(getClass().getClassLoader());
        RedisScript script = scripts.get("test-incr-once");
        assertThat(script.source()).contains("redis.call('INCR', KEYS[1])");
        assertThat(script.sha()).isEqualTo(RedisScript.sha1Hex(script.source()));
        assertThat(scripts.get("test-incr-once")).isSameAs(script);
    }

    @Test
    void theKitShipsItsCacheScript() {
        assertThat(RedisScript.load("kit-cache-get").source()).contains("KEYS[1]");
    }

    @Test
    void missingScriptFailsAtOnce() {
        assertThatIllegalArgumentException().isThrownBy(() -> RedisScript.load("no-such-script"))
            .withMessageContaining("META-INF/scripts/no-such-script.lua");
    }

}
