package io.redkeep.analytics;

import io.redkeep.defaults.ServiceBootContract;
import io.redkeep.defaults.identity.InternalTokenIssuer;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The service boots with the shared defaults ({@link ServiceBootContract}).
 */
// Generous client timeout: first requests of a cold JVM on a loaded CI machine take
// seconds.
@AutoConfigureWebTestClient(timeout = "30s")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "redkeep.security.internal-key=test-internal-key-0123456789abcdef-0123")
class AnalyticsApplicationTests implements ServiceBootContract {

    @Autowired
    WebTestClient client;

    @Autowired
    InternalTokenIssuer issuer;

    @Override
    public WebTestClient bootClient() {
        return this.client;
    }

    @Override
    public InternalTokenIssuer bootTokens() {
        return this.issuer;
    }

}
