package io.redkeep.redis.internal;

import java.util.List;

import io.lettuce.core.RedisURI;
import io.lettuce.core.SslVerifyMode;
import io.redkeep.redis.RedisKitProperties;

/**
 * Turns one role's properties into the Lettuce {@link RedisURI} the role connects with: a
 * plain URI for standalone, a Sentinel URI (master name plus every sentinel) otherwise.
 */
public final class RoleUris {

    private RoleUris() {
    }

    public static RedisURI of(RedisKitProperties.Role role) {
        RedisURI.Builder builder;
        if (role.mode() == RedisKitProperties.Mode.SENTINEL) {
            builder = RedisURI.builder().withSentinelMasterId(role.master());
            for (String node : role.nodes()) {
                builder.withSentinel(sentinel(role, node));
            }
        }
        else {
            HostAndPort node = HostAndPort.parse(role.nodes().get(0));
            builder = RedisURI.builder().withHost(node.host()).withPort(node.port());
        }
        if (role.password() != null) {
            builder.withAuthentication((role.username() != null) ? role.username() : "default", role.password());
        }
        builder.withSsl(role.ssl().enabled())
            .withVerifyPeer(role.ssl().verifyPeer() ? SslVerifyMode.FULL : SslVerifyMode.NONE)
            .withDatabase(role.database())
            .withTimeout(role.commandTimeout());
        return builder.build();
    }

    /**
     * The sentinels of a Sentinel role, each as its own URI (for subscribing to them).
     */
    public static List<RedisURI> sentinels(RedisKitProperties.Role role) {
        if (role.mode() != RedisKitProperties.Mode.SENTINEL) {
            return List.of();
        }
        return role.nodes().stream().map((node) -> sentinel(role, node)).toList();
    }

    private static RedisURI sentinel(RedisKitProperties.Role role, String node) {
        HostAndPort address = HostAndPort.parse(node);
        RedisURI.Builder sentinel = RedisURI.builder()
            .withHost(address.host())
            .withPort(address.port())
            .withSsl(role.ssl().enabled())
            .withVerifyPeer(role.ssl().verifyPeer() ? SslVerifyMode.FULL : SslVerifyMode.NONE)
            .withTimeout(role.connectTimeout());
        if (role.sentinelPassword() != null) {
            sentinel.withPassword(role.sentinelPassword().toCharArray());
        }
        return sentinel.build();
    }

    record HostAndPort(String host, int port) {

        static HostAndPort parse(String node) {
            int colon = node.lastIndexOf(':');
            if (colon <= 0 || colon == node.length() - 1) {
                throw new IllegalArgumentException("expected host:port but got '" + node + "'");
            }
            int port = Integer.parseInt(node.substring(colon + 1));
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port out of range in '" + node + "'");
            }
            return new HostAndPort(node.substring(0, colon), port);
        }

    }

}
