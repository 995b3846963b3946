package io.thingcore.policy;

import org.jspecify.annotations.Nullable;

/**
 * An IPv4 or IPv6 CIDR block for {@code IpAddress}/{@code NotIpAddress}. Addresses are parsed by hand: the JDK's
 * {@code InetAddress.getByName} falls back to a DNS lookup for text that is not a literal, and this package does no
 * I/O. IPv4-mapped IPv6 addresses ({@code ::ffff:a.b.c.d}) are compared as the IPv4 address they carry.
 */
final class IpRange {
    private final boolean v6;
    private final long hi;
    private final long lo;
    private final int prefix;

    private IpRange(boolean v6, long hi, long lo, int prefix) {
        this.v6 = v6;
        int bits = v6 ? 128 : 32;
        this.prefix = prefix;
        this.hi = hi & mask(prefix, 0);
        this.lo = v6 ? lo & mask(prefix, 64) : lo & (prefix == 0 ? 0 : (0xFFFFFFFFL << (bits - prefix)) & 0xFFFFFFFFL);
    }

    /** The block for {@code a.b.c.d/n}, {@code x:y::z/n} or a single address; null when the text is not one. */
    static @Nullable IpRange parse(String text) {
        int slash = text.indexOf('/');
        String address = slash < 0 ? text : text.substring(0, slash);
        Address a = Address.parse(address, false);
        if (a == null) {
            return null;
        }
        int max = a.v6 ? 128 : 32;
        int prefix = max;
        if (slash >= 0) {
            String p = text.substring(slash + 1);
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return null;
            }
            prefix = Integer.parseInt(p);
            if (prefix > max) {
                return null;
            }
        }
        if (a.isMapped() && prefix >= 96) {
            // ::ffff:a.b.c.d/n is the IPv4 block a.b.c.d/(n-96).
            return new IpRange(false, 0, a.lo & 0xFFFFFFFFL, prefix - 96);
        }
        return new IpRange(a.v6, a.hi, a.lo, prefix);
    }

    /** @return 1 when {@code address} is in the block, 0 when not, -1 when it is not an IP address */
    int test(String address) {
        Address a = Address.parse(address, true);
        if (a == null) {
            return -1;
        }
        if (v6 == a.v6) {
            if (!v6) {
                return (a.lo & mask32()) == lo ? 1 : 0;
            }
            return (a.hi & mask(prefix, 0)) == hi && (a.lo & mask(prefix, 64)) == lo ? 1 : 0;
        }
        if (v6) {
            // An IPv4 client against an IPv6 block: compare as ::ffff:a.b.c.d.
            long mappedLo = 0xFFFF_0000_0000L | a.lo;
            return hi == 0 && (mappedLo & mask(prefix, 64)) == lo ? 1 : 0;
        }
        return 0;
    }

    private long mask32() {
        return prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
    }

    /** The 64-bit mask for the half of a 128-bit address that starts at bit {@code offset}. */
    private static long mask(int prefix, int offset) {
        int bits = Math.max(0, Math.min(64, prefix - offset));
        return bits == 0 ? 0 : -1L << (64 - bits);
    }

    /** A parsed address: IPv4 in the low 32 bits of {@code lo}, IPv6 in {@code hi}:{@code lo}. */
    private record Address(boolean v6, long hi, long lo) {
        boolean isMapped() {
            return v6 && hi == 0 && (lo >>> 32) == 0xFFFFL;
        }

        static @Nullable Address parse(String s, boolean unmap) {
            if (s.indexOf(':') < 0) {
                long v4 = parseV4(s, 0, s.length());
                return v4 < 0 ? null : new Address(false, 0, v4);
            }
            int zone = s.indexOf('%');
            Address a = parseV6(zone < 0 ? s : s.substring(0, zone));
            if (unmap && a != null && a.isMapped()) {
                return new Address(false, 0, a.lo & 0xFFFFFFFFL);
            }
            return a;
        }

        /** Strict dotted quad; -1 when invalid. */
        static long parseV4(String s, int from, int to) {
            long value = 0;
            int parts = 0;
            int i = from;
            while (i <= to) {
                int start = i;
                int octet = 0;
                while (i < to && s.charAt(i) >= '0' && s.charAt(i) <= '9' && i - start < 3) {
                    octet = octet * 10 + (s.charAt(i) - '0');
                    i++;
                }
                if (i == start || octet > 255 || (i - start > 1 && s.charAt(start) == '0')) {
                    return -1;
                }
                value = (value << 8) | octet;
                parts++;
                if (i == to) {
                    break;
                }
                if (s.charAt(i) != '.' || parts == 4) {
                    return -1;
                }
                i++;
            }
            return parts == 4 ? value : -1;
        }

        static @Nullable Address parseV6(String s) {
            int[] groups = new int[8];
            int count = 0;
            int gap = -1;
            int n = s.length();
            int i = 0;
            if (s.startsWith("::")) {
                gap = 0;
                i = 2;
            } else if (s.startsWith(":")) {
                return null;
            }
            while (i < n) {
                int start = i;
                int value = 0;
                while (i < n && Character.digit(s.charAt(i), 16) >= 0 && i - start < 4) {
                    value = (value << 4) | Character.digit(s.charAt(i), 16);
                    i++;
                }
                if (i < n && s.charAt(i) == '.') {
                    // Embedded IPv4 in the last two groups.
                    long v4 = parseV4(s, start, n);
                    if (v4 < 0 || count > 6) {
                        return null;
                    }
                    groups[count++] = (int) (v4 >>> 16);
                    groups[count++] = (int) (v4 & 0xFFFF);
                    i = n;
                    break;
                }
                if (i == start || count == 8) {
                    return null;
                }
                groups[count++] = value;
                if (i == n) {
                    break;
                }
                if (s.charAt(i) != ':') {
                    return null;
                }
                i++;
                if (i < n && s.charAt(i) == ':') {
                    if (gap >= 0) {
                        return null;
                    }
                    gap = count;
                    i++;
                } else if (i == n) {
                    return null;
                }
            }
            if (gap < 0 ? count != 8 : count > 7) {
                return null;
            }
            int[] full = new int[8];
            if (gap < 0) {
                full = groups;
            } else {
                int tail = count - gap;
                System.arraycopy(groups, 0, full, 0, gap);
                System.arraycopy(groups, gap, full, 8 - tail, tail);
            }
            long hi = 0;
            long lo = 0;
            for (int g = 0; g < 4; g++) {
                hi = (hi << 16) | full[g];
                lo = (lo << 16) | full[g + 4];
            }
            return new Address(true, hi, lo);
        }
    }
}
