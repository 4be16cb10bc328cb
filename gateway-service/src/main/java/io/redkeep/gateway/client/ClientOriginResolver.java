package io.redkeep.gateway.client;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;

import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * Resolves a request's {@link ClientOrigin}. Only a trusted peer's forwarding headers
 * count, read from the right: the left-most {@code X-Forwarded-For} value is whatever the
 * client chose to send.
 */
public class ClientOriginResolver {

    private final TrustedProxies trustedProxies;

    public ClientOriginResolver(TrustedProxies trustedProxies) {
        this.trustedProxies = trustedProxies;
    }

    public ClientOrigin resolve(ServerHttpRequest request) {
        InetSocketAddress remote = request.getRemoteAddress();
        InetAddress peer = (remote != null) ? remote.getAddress() : null;
        boolean direct = "https".equalsIgnoreCase(request.getURI().getScheme()) || request.getSslInfo() != null;
        if (!this.trustedProxies.trusts(peer)) {
            return new ClientOrigin(literal(peer), direct);
        }
        InetAddress client = peer;
        List<String> forwarded = request.getHeaders().getValuesAsList("X-Forwarded-For");
        for (int i = forwarded.size() - 1; i >= 0; i--) {
            InetAddress hop = IpAddresses.parse(forwarded.get(i));
            if (hop == null) {
                // an unparseable hop ends the chain we can vouch for
                break;
            }
            client = hop;
            if (!this.trustedProxies.trusts(hop)) {
                break;
            }
        }
        return new ClientOrigin(literal(client), direct || forwardedHttps(request.getHeaders()));
    }

    private static boolean forwardedHttps(HttpHeaders headers) {
        List<String> proto = headers.getValuesAsList("X-Forwarded-Proto");
        return !proto.isEmpty() && "https".equalsIgnoreCase(proto.get(proto.size() - 1).trim());
    }

    private static String literal(InetAddress address) {
        return (address != null) ? address.getHostAddress() : "unknown";
    }

}
