package io.thingcore.dic.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.thingcore.dic.DicException;
import io.thingcore.pki.CertificateIds;
import io.thingcore.pki.Pem;
import java.net.URI;
import java.security.cert.X509Certificate;
import org.junit.jupiter.api.Test;

/** The real-AWS differences, without the cloud. */
class MqttEndpointTest {
    @Test
    void theBundledAmazonRootCa1IsTheRealOne() throws Exception {
        X509Certificate root = Pem.readCertificate(MqttEndpoint.amazonRootCa1());
        // SHA-256 fingerprint published at https://www.amazontrust.com/repository/ (also in Debian's ca-certificates).
        assertThat(CertificateIds.of(root))
                .isEqualTo("8ecde6884f3d87b1125ba31ac3fcb13d7016de7f57cc904fe1cb97c6ae98196e");
        assertThat(root.getSubjectX500Principal().getName()).isEqualTo("CN=Amazon Root CA 1,O=Amazon,C=US");
    }

    @Test
    void onAwsTheAtsEndpointPort8883AndAmazonRootCa1AreUsed() {
        MqttEndpoint endpoint = MqttEndpoint.resolve(
                Target.aws("eu-central-1", null), "a1b2c3d4e5f6g7-ats.iot.eu-central-1.amazonaws.com");
        assertThat(endpoint.host()).isEqualTo("a1b2c3d4e5f6g7-ats.iot.eu-central-1.amazonaws.com");
        assertThat(endpoint.port()).isEqualTo(8883);
        assertThat(endpoint.amazonRootCa()).isTrue();
        assertThat(endpoint.serverCaPem()).isEqualTo(MqttEndpoint.amazonRootCa1());
    }

    @Test
    void onAwsALegacyNonAtsEndpointIsRefused() {
        assertThatThrownBy(
                        () -> MqttEndpoint.resolve(Target.aws("us-east-1", null), "a1b2c3.iot.us-east-1.amazonaws.com"))
                .isInstanceOf(DicException.class)
                .hasMessageContaining("not an AWS IoT ATS endpoint");
    }

    @Test
    void atsEndpointNames() {
        assertThat(MqttEndpoint.isAwsAtsEndpoint("abc-ats.iot.us-west-2.amazonaws.com"))
                .isTrue();
        assertThat(MqttEndpoint.isAwsAtsEndpoint("abc-ats.iot.cn-north-1.amazonaws.com.cn"))
                .isTrue();
        assertThat(MqttEndpoint.isAwsAtsEndpoint("abc-ats.iot.us-west-2.amazonaws.com.evil.example"))
                .isFalse();
        assertThat(MqttEndpoint.isAwsAtsEndpoint("localhost")).isFalse();
    }

    @Test
    void aGatewayGivesItsOwnPortAndServerCa() {
        Target gateway = Target.gateway("http://127.0.0.1:4566", "us-east-1", "AK", "SK", 18883, "CA\n", "c.json");
        MqttEndpoint endpoint = MqttEndpoint.resolve(gateway, "localhost");
        assertThat(endpoint).isEqualTo(new MqttEndpoint("localhost", 18883, "CA\n", false));
    }

    @Test
    void anyOtherEndpointNeedsItsServerCaUnlessItIsAws() {
        Target plain = Target.endpoint(URI.create("http://iot.example:4566"), null, null, null, null);
        assertThatThrownBy(() -> MqttEndpoint.resolve(plain, "iot.example"))
                .isInstanceOf(DicException.class)
                .hasMessageContaining("--server-ca");
        assertThat(MqttEndpoint.resolve(plain, "x-ats.iot.us-east-1.amazonaws.com")
                        .amazonRootCa())
                .isTrue();
        Target withCa = Target.endpoint(URI.create("http://iot.example:4566"), null, null, 1883, "CA\n");
        assertThat(MqttEndpoint.resolve(withCa, "iot.example"))
                .isEqualTo(new MqttEndpoint("iot.example", 1883, "CA\n", false));
    }
}
