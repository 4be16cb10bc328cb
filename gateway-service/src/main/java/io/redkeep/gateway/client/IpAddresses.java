package io.redkeep.gateway.client;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * Parses IP literals without ever touching DNS: {@link InetAddress#getByName(String)} is
 * only called on text already known to be an IPv6 literal, so a host name smuggled into
 * {@code X-Forwarded-For} can neither trigger a lookup nor block an event loop.
 */
final class IpAddresses {

    private static final Pattern IPV4 = Pattern
        .compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");

    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    private IpAddresses() {
    }

    /** The address of an IPv4 or IPv6 literal (brackets allowed), or {@code null}. */
    static InetAddress parse(String text) {
        String value = text.trim();
        if (value.startsWith("[") && value.endsWith("]")) {
            value = value.substring(1, value.length() - 1);
        }
        if (IPV4.matcher(value).matches()) {
            String[] octets = value.split("\\.");
            byte[] bytes = new byte[4];
            for (int i = 0; i < 4; i++) {
                bytes[i] = (byte) Integer.parseInt(octets[i]);
            }
            return byAddress(bytes);
        }
        if (value.indexOf(':') >= 0 && IPV6.matcher(value).matches()) {
            try {
                return InetAddress.getByName(value);
            }
            catch (UnknownHostException ex) {
                return null;
            }
        }
        return null;
    }

    static InetAddress byAddress(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        }
        catch (UnknownHostException ex) {
            throw new IllegalArgumentException(ex);
        }
    }

}
