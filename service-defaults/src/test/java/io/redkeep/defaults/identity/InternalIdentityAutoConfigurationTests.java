package io.redkeep.defaults.identity;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import io.redkeep.defaults.problem.ImportProblemAutoConfiguration;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.security.web.server.SecurityWebFilterChain;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Start-up behaviour of the identity auto-configurations per property state.
 */
class InternalIdentityAutoConfigurationTests {

    private final ReactiveWebApplicationContextRunner runner = new ReactiveWebApplicationContextRunner()
        .withConfiguration(
                AutoConfigurations.of(JacksonAutoConfiguration.class, ImportProblemAutoConfiguration.AUTO_CONFIGURATION,
                        InternalTokenAutoConfiguration.class, InternalIdentityAutoConfiguration.class));

    @Nested
    class WithoutKey {

        @Test
        void startupFailsNamingTheEnvironmentVariable() {
            InternalIdentityAutoConfigurationTests.this.runner.run((context) -> {
                assertThat(context).hasFailed();
                assertThat(context.getStartupFailure()).rootCause()
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("REDKEEP_INTERNAL_KEY");
            });
        }

    }

    @Nested
    class WithShortKey {

        @Test
        void startupFailsSayingHowLongTheKeyMustBe() {
            InternalIdentityAutoConfigurationTests.this.runner
                .withPropertyValues("redkeep.security.internal-key=only-31-bytes-long-0123456789ab")
                .run((context) -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).rootCause()
                        .hasMessageContaining("31 bytes")
                        .hasMessageContaining("at least 32 bytes")
                        .hasMessageNotContaining("only-31-bytes");
                });
        }

    }

    @Nested
    class WithKey {

        @Test
        void resourceServerAndIssuerAreConfigured() {
            InternalIdentityAutoConfigurationTests.this.runner
                .withPropertyValues("redkeep.security.internal-key=" + TestTokens.KEY)
                .run((context) -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).hasSingleBean(SecurityWebFilterChain.class);
                    assertThat(context).hasSingleBean(InternalTokenIssuer.class);
                    assertThat(context).hasSingleBean(InternalTokenDecoder.class);
                });
        }

        @Test
        void aTokenTtlAboveTheContractIsRefused() {
            InternalIdentityAutoConfigurationTests.this.runner
                .withPropertyValues("redkeep.security.internal-key=" + TestTokens.KEY, "redkeep.security.token-ttl=2m")
                .run((context) -> assertThat(context).hasFailed());
        }

    }

    @Nested
    class Disabled {

        @Test
        void onlyTheIssuerRemainsForTheGateway() {
            InternalIdentityAutoConfigurationTests.this.runner
                .withPropertyValues("redkeep.security.internal-key=" + TestTokens.KEY,
                        "redkeep.security.internal-identity.enabled=false")
                .run((context) -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).doesNotHaveBean(SecurityWebFilterChain.class);
                    assertThat(context).doesNotHaveBean(InternalTokenDecoder.class);
                    assertThat(context).hasSingleBean(InternalTokenIssuer.class);
                });
        }

    }

}
