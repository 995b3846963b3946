package io.thingcore.dic.endpoint;

import io.thingcore.dic.DicException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Where a device and MQTT Explorer connect: host (also the TLS SNI name), port and the CA that signs the server's
 * certificate. Derived from the target and the address DescribeEndpoint ({@code iot:Data-ATS}) returned.
 *
 * @param host the endpoint host
 * @param port the MQTT over TLS port
 * @param serverCaPem the server CA's PEM
 * @param amazonRootCa whether {@code serverCaPem} is Amazon Root CA 1
 */
public record MqttEndpoint(String host, int port, String serverCaPem, boolean amazonRootCa) {

    /** AWS IoT Core ATS data endpoints: {@code <prefix>-ats.iot.<region>.amazonaws.com} ({@code .com.cn} in China). */
    private static final Pattern AWS_ATS_ENDPOINT =
            Pattern.compile("[a-z0-9]+-ats\\.iot\\.[a-z0-9-]+\\.amazonaws\\.com(\\.cn)?");

    private static final String AMAZON_ROOT_CA_1_RESOURCE = "/io/thingcore/dic/endpoint/AmazonRootCA1.pem";

    /**
     * The MQTT endpoint of {@code target}, whose DescribeEndpoint answered {@code describedAddress}. For real AWS the
     * address must be an ATS endpoint (the legacy Symantec-signed endpoint does not chain to Amazon Root CA 1), the
     * port is 8883 and the server CA is Amazon Root CA 1; a gateway's port and server CA come from its connection
     * file; another endpoint needs them given, unless it is AWS's.
     */
    public static MqttEndpoint resolve(Target target, String describedAddress) {
        if (describedAddress == null || describedAddress.isBlank()) {
            throw new DicException(target.describe() + " returned no iot:Data-ATS endpoint address");
        }
        String host = describedAddress.strip().toLowerCase(Locale.ROOT);
        boolean awsHost = isAwsAtsEndpoint(host);
        switch (target.kind()) {
            case AWS -> {
                if (!awsHost) {
                    throw new DicException("DescribeEndpoint returned \"" + host + "\", which is not an AWS IoT ATS"
                            + " endpoint (<prefix>-ats.iot.<region>.amazonaws.com)");
                }
                return new MqttEndpoint(host, Target.AWS_MQTT_PORT, amazonRootCa1(), true);
            }
            case GATEWAY -> {
                // Target.gateway always sets both, from the gateway's connection.json.
                Integer port = target.mqttPort();
                String serverCa = target.serverCaPem();
                if (port == null || serverCa == null) {
                    throw new IllegalStateException("a gateway target without its MQTT port or server CA");
                }
                return new MqttEndpoint(host, port, serverCa, false);
            }
            default -> {
                int port = target.mqttPort() != null ? target.mqttPort() : Target.AWS_MQTT_PORT;
                if (target.serverCaPem() != null) {
                    return new MqttEndpoint(host, port, target.serverCaPem(), false);
                }
                if (awsHost) {
                    return new MqttEndpoint(host, port, amazonRootCa1(), true);
                }
                throw new DicException("the MQTT server CA of " + target.describe() + " (endpoint " + host
                        + ") is unknown: pass --server-ca FILE (for a thingcore gateway, use --connection with its"
                        + " connection.json instead of --endpoint-url)");
            }
        }
    }

    /** Whether {@code host} is an AWS IoT Core ATS data endpoint. */
    public static boolean isAwsAtsEndpoint(String host) {
        return AWS_ATS_ENDPOINT.matcher(host.toLowerCase(Locale.ROOT)).matches();
    }

    /**
     * Amazon Root CA 1, the CA of AWS IoT's ATS endpoints, as shipped in this module (a public certificate; see
     * https://www.amazontrust.com/repository/). Never downloaded at run time.
     */
    public static String amazonRootCa1() {
        try (InputStream in = MqttEndpoint.class.getResourceAsStream(AMAZON_ROOT_CA_1_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + AMAZON_ROOT_CA_1_RESOURCE + " is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
