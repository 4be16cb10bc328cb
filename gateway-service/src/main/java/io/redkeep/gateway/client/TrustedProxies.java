package io.redkeep.gateway.client;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The proxies whose {@code X-Forwarded-*} headers the gateway believes: a list of
 * addresses and CIDR ranges ({@code 10.0.0.0/8}, {@code 127.0.0.1}, {@code ::1}).
 */
public final class TrustedProxies {

    private final List<Range> ranges;

    private TrustedProxies(List<Range> ranges) {
        this.ranges = ranges;
    }

    /**
     * Parses addresses and CIDR ranges.
     * @throws IllegalArgumentException for anything that is not an IP literal or range
     */
    public static TrustedProxies of(List<String> entries) {
        List<Range> ranges = new ArrayList<>();
        for (String entry : entries) {
            if (!entry.isBlank()) {
                ranges.add(Range.parse(entry.trim()));
            }
        }
        return new TrustedProxies(List.copyOf(ranges));
    }

    public boolean isEmpty() {
        return this.ranges.isEmpty();
    }

    public boolean trusts(InetAddress address) {
        if (address == null) {
            return false;
        }
        byte[] bytes = address.getAddress();
        for (Range range : this.ranges) {
            if (range.contains(bytes)) {
                return true;
            }
        }
        return false;
    }

    private record Range(byte[] network, int prefix) {

        static Range parse(String entry) {
            int slash = entry.indexOf('/');
            InetAddress address = IpAddresses.parse((slash >= 0) ? entry.substring(0, slash) : entry);
            if (address == null) {
                throw new IllegalArgumentException("trusted proxy '" + entry + "' is not an IP address or CIDR range");
            }
            int bits = address.getAddress().length * 8;
            int prefix = bits;
            if (slash >= 0) {
                try {
                    prefix = Integer.parseInt(entry.substring(slash + 1));
                }
                catch (NumberFormatException ex) {
                    prefix = -1;
                }
                if (prefix < 0 || prefix > bits) {
                    throw new IllegalArgumentException("trusted proxy '" + entry + "' has an invalid prefix length");
                }
            }
            return new Range(address.getAddress(), prefix);
        }

        boolean contains(byte[] address) {
            if (address.length != this.network.length) {
                return false;
            }
            int full = this.prefix / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != this.network[i]) {
                    return false;
                }
            }
            int rest = this.prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (address[full] & mask) == (this.network[full] & mask);
        }

    }

}
