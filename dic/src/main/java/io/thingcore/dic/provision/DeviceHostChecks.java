package io.thingcore.dic.provision;

import io.netty.util.NetUtil;
import io.thingcore.dic.endpoint.ServerCertificateProbe;
import io.thingcore.dic.endpoint.Target;
import io.thingcore.dic.firmware.Firmware;
import io.thingcore.pki.SubjectAltName;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What a board will find at the host it is given, checked before anything is created: whether it can reach it at all
 * (a loopback name is the board itself), whether its TLS can use the server's certificate (the ECDSA-only cipher list
 * of SiliconLabs/matter_extension {@code third_party/mqtt/.../altcp_tls_mbedtls.c} @c5101e30), and, for the
 * generation that checks host names ({@link Firmware#sendsSni()}), whether the certificate names that host. Each
 * finding is a warning: the run goes on, since the user may fix the gateway afterwards.
 */
final class DeviceHostChecks {
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);

    private DeviceHostChecks() {}

    /**
     * @param endpointHost the MQTT endpoint's host as the target describes it (reachable from this machine)
     * @param port the MQTT over TLS port
     */
    static List<String> warnings(
            Firmware firmware, String deviceHost, String endpointHost, int port, Target.Kind targetKind) {
        List<String> warnings = new ArrayList<>();
        boolean ipLiteral = NetUtil.isValidIpV4Address(deviceHost);
        if (isLoopback(deviceHost)) {
            warnings.add(loopback(firmware, deviceHost));
        }
        if (firmware.sendsSni() && ipLiteral) {
            warnings.add("the " + firmware.label() + " firmware sends the host as TLS SNI and checks it against the"
                    + " server certificate's DNS names, so an IP address (" + deviceHost + ") fails its handshake:"
                    + " give --device-host a DNS name the board can resolve and start the gateway with --host"
                    + " <that name>");
        }
        if (targetKind == Target.Kind.AWS) {
            return warnings; // AWS's certificate covers its own ATS endpoint; nothing here can reach it anyway.
        }
        Optional<List<X509Certificate>> chain = ServerCertificateProbe.fetch(endpointHost, port, PROBE_TIMEOUT);
        if (chain.isEmpty() || chain.get().isEmpty()) {
            warnings.add("could not read the server certificate at " + endpointHost + ":" + port
                    + " to check that the board can use it");
            return warnings;
        }
        X509Certificate leaf = chain.get().get(0);
        if (!(leaf.getPublicKey() instanceof ECPublicKey)) {
            warnings.add("the server certificate at " + endpointHost + ":" + port + " has a "
                    + leaf.getPublicKey().getAlgorithm() + " key; DIC builds of SiliconLabs/matter_extension offer"
                    + " only ECDHE-ECDSA cipher suites and cannot connect: use the gateway's own EC P-256 server"
                    + " certificate (start it without --server-cert)");
        }
        if (firmware.sendsSni() && !ipLiteral && !covers(leaf, deviceHost)) {
            warnings.add("the " + firmware.label() + " firmware checks that the server certificate names \""
                    + deviceHost + "\", and the certificate at " + endpointHost + ":" + port + " names only "
                    + names(leaf) + ": restart the gateway with --host " + deviceHost);
        }
        return warnings;
    }

    private static String loopback(Firmware firmware, String host) {
        String suggestion = firmware.sendsSni() ? "<a DNS name of this machine on the board's network>" : lanAddress();
        return "the board would dial " + host + ", which on a board is the board itself: start the gateway with"
                + " `thingcore up --host " + suggestion + " --mqtt-bind 0.0.0.0` and re-run `thingcore dic provision"
                + " --firmware " + firmware.label() + " --device-host " + suggestion + "`";
    }

    static boolean isLoopback(String host) {
        String lower = host.toLowerCase(Locale.ROOT);
        if (lower.equals("localhost") || lower.endsWith(".localhost") || lower.equals("localhost.")) {
            return true;
        }
        return NetUtil.isValidIpV4Address(host) && host.startsWith("127.");
    }

    /** RFC 6125 section 6.4: a DNS-ID matches exactly, or through a wildcard in its left-most label only. */
    static boolean covers(X509Certificate certificate, String host) {
        String wanted = host.toLowerCase(Locale.ROOT).replaceAll("\\.$", "");
        for (SubjectAltName name : SubjectAltName.of(certificate)) {
            if (name.type() != SubjectAltName.DNS_NAME) {
                continue;
            }
            String pattern = name.value().toLowerCase(Locale.ROOT);
            if (pattern.equals(wanted)) {
                return true;
            }
            if (pattern.startsWith("*.")
                    && wanted.indexOf('.') > 0
                    && wanted.substring(wanted.indexOf('.')).equals(pattern.substring(1))) {
                return true;
            }
        }
        return false;
    }

    private static String names(X509Certificate certificate) {
        List<String> names = new ArrayList<>();
        for (SubjectAltName name : SubjectAltName.of(certificate)) {
            if (name.type() == SubjectAltName.DNS_NAME || name.type() == SubjectAltName.IP_ADDRESS) {
                names.add(name.value());
            }
        }
        return names.isEmpty() ? "no names" : String.join(", ", names);
    }

    /** This machine's first private IPv4 address, the one a board on the same network most likely reaches. */
    private static String lanAddress() {
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nic.isUp() || nic.isLoopback()) {
                    continue;
                }
                for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                    if (address instanceof Inet4Address && address.isSiteLocalAddress()) {
                        return address.getHostAddress();
                    }
                }
            }
        } catch (SocketException e) {
            // Fall through to the placeholder.
        }
        return "<this machine's IPv4 address>";
    }
}
