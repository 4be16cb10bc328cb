package io.redkeep.gateway.client;

import java.net.InetSocketAddress;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.mock.http.server.reactive.MockServerHttpRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Client IP and scheme resolution: only trusted peers' forwarding headers count, read
 * from the right.
 */
class ClientOriginResolverTests {

    private final ClientOriginResolver untrusting = new ClientOriginResolver(TrustedProxies.of(List.of()));

    private final ClientOriginResolver behindProxies = new ClientOriginResolver(
            TrustedProxies.of(List.of("10.0.0.0/8", "127.0.0.1", "::1")));

    @Test
    void anUntrustedPeerIsTheClientWhateverItForwards() {
        MockServerHttpRequest request = from("198.51.100.7").header("X-Forwarded-For", "203.0.113.9")
            .header("X-Forwarded-Proto", "https")
            .build();
        assertThat(this.untrusting.resolve(request)).isEqualTo(new ClientOrigin("198.51.100.7", false));
    }

    @Test
    void behindTrustedProxiesTheRightMostUntrustedHopIsTheClient() {
        MockServerHttpRequest request = from("10.1.2.3").header("X-Forwarded-For", "6.6.6.6, 198.51.100.7, 10.9.9.9")
            .build();
        assertThat(this.behindProxies.resolve(request).ip()).isEqualTo("198.51.100.7");
    }

    @Test
    void repeatedForwardedForHeadersAreReadAsOneList() {
        MockServerHttpRequest request = from("127.0.0.1").header("X-Forwarded-For", "6.6.6.6")
            .header("X-Forwarded-For", "198.51.100.8")
            .build();
        assertThat(this.behindProxies.resolve(request).ip()).isEqualTo("198.51.100.8");
    }

    @Test
    void aHostNameInForwardedForEndsTheChainWithoutALookup() {
        MockServerHttpRequest request = from("10.1.2.3").header("X-Forwarded-For", "198.51.100.7, evil.example")
            .build();
        assertThat(this.behindProxies.resolve(request).ip()).isEqualTo("10.1.2.3");
    }

    @Test
    void aTrustedProxysForwardedProtoMakesTheRequestSecure() {
        MockServerHttpRequest request = from("::1").header("X-Forwarded-Proto", "https").build();
        assertThat(this.behindProxies.resolve(request).secure()).isTrue();
    }

    @Test
    void cidrRangesMatchByPrefix() {
        TrustedProxies proxies = TrustedProxies.of(List.of("192.168.0.0/23", "2001:db8::/32"));
        assertThat(proxies.trusts(IpAddresses.parse("192.168.1.255"))).isTrue();
        assertThat(proxies.trusts(IpAddresses.parse("192.168.2.0"))).isFalse();
        assertThat(proxies.trusts(IpAddresses.parse("2001:db8:1::5"))).isTrue();
        assertThat(proxies.trusts(IpAddresses.parse("2001:db9::5"))).isFalse();
    }

    @Test
    void invalidTrustedProxiesAreRefusedAtStartUp() {
        assertThatIllegalArgumentException().isThrownBy(() -> TrustedProxies.of(List.of("proxy.internal")));
        assertThatIllegalArgumentException().isThrownBy(() -> TrustedProxies.of(List.of("10.0.0.0/33")));
    }

    private static MockServerHttpRequest.BaseBuilder<?> from(String peer) {
        return MockServerHttpRequest.get("/api/x").remoteAddress(new InetSocketAddress(IpAddresses.parse(peer), 40000));
    }

}
