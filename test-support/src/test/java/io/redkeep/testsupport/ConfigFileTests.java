package io.redkeep.testsupport;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ConfigFileTests {

    @Test
    void quotesValuesSoThatSpacesQuotesAndBackslashesSurvive() {
        assertThat(ConfigFile.quote("a b")).isEqualTo("\"a b\"");
        assertThat(ConfigFile.quote("say \"hi\"")).isEqualTo("\"say \\\"hi\\\"\"");
        assertThat(ConfigFile.quote("back\\slash")).isEqualTo("\"back\\\\slash\"");
    }

}
