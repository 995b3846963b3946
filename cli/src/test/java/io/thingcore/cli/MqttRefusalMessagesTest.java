package io.thingcore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.thingcore.client.MqttConnectException;
import io.thingcore.client.MqttConnectException.Failure;
import io.thingcore.testkit.pki.Device;
import io.thingcore.testkit.pki.TestPki;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/**
 * What {@code thingcore mqtt} prints when the gateway refuses it: the specific reason this side can know. The failures
 * are those the client module reports ({@code MqttClientTest} drives them against a broker); these tests pin the line.
 */
class MqttRefusalMessagesTest {
    static final Instant NOW = TestPki.NOW;
    static final Device VALID = TestPki.device(TestPki.ca("CN=CA"), "CN=DIC_2");

    static String explain(MqttConnectException failure, Device own, String serverName) {
        return MqttCommand.explain(new ExecutionException(failure), own.certificate(), serverName, "DIC_2.sub.42", NOW);
    }

    @Test
    void serverCertificateNotTrustedNamesTheCafileOption() {
        MqttConnectException failure = new MqttConnectException(
                Failure.SERVER_NOT_TRUSTED,
                "the gateway's certificate is not trusted for \"iot.example.com\" (PKIX path building failed):"
                        + " check the server CA file and the host/SNI name",
                null,
                null);
        assertThat(explain(failure, VALID, "iot.example.com"))
                .isEqualTo("the gateway's certificate is not trusted for \"iot.example.com\" (PKIX path building"
                        + " failed): check the server CA file and the host/SNI name; pass the gateway's server CA with"
                        + " --cafile FILE (server-ca.pem in the gateway's data directory; --connection and --dic-out"
                        + " find it for you)");
    }

    @Test
    void ownCertificateExpired() {
        Instant ended = NOW.minus(Duration.ofDays(1));
        Device expired = TestPki.device(TestPki.ca("CN=CA"), "CN=old", NOW.minus(Duration.ofDays(30)), ended);
        MqttConnectException failure = new MqttConnectException(
                Failure.REFUSED_BY_GATEWAY,
                "the gateway refused the certificate during the TLS handshake (Received fatal alert: bad_certificate)",
                null,
                null);
        assertThat(explain(failure, expired, "iot.example.com"))
                .isEqualTo("the gateway refused the connection: this client's certificate expired at " + ended
                        + " (the gateway refuses expired certificates, as AWS IoT does): issue and register a new"
                        + " one");
    }

    @Test
    void noSniSentToAnIpAddressOrASingleLabelName() {
        MqttConnectException failure = new MqttConnectException(
                Failure.REFUSED_BY_GATEWAY,
                "the gateway refused the certificate during the TLS handshake (Received fatal alert: bad_certificate)",
                null,
                null);
        assertThat(explain(failure, VALID, "127.0.0.1"))
                .isEqualTo("the gateway refused the certificate during the TLS handshake (Received fatal alert:"
                        + " bad_certificate); no SNI was sent: \"127.0.0.1\" is an IP address or a name without a dot,"
                        + " which TLS clients do not send as SNI (RFC 6066 section 3), and a certificate in SNI_ONLY"
                        + " mode needs SNI under --sni-rule strict, as on AWS IoT: pass --sni with one of the gateway's"
                        + " host names");
        assertThat(MqttCommand.sentAsSni("localhost")).isFalse();
        assertThat(MqttCommand.sentAsSni("iot.example.com")).isTrue();
        assertThat(explain(failure, VALID, "iot.example.com"))
                .isEqualTo("the gateway refused the certificate during the TLS handshake (Received fatal alert:"
                        + " bad_certificate)");
    }

    @Test
    void deniedByPolicyInWords() {
        MqttConnectException failure = new MqttConnectException(
                Failure.CONNACK_REFUSED,
                "the gateway refused the connection: CONNECTION_REFUSED_NOT_AUTHORIZED (return code 5)",
                MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED,
                null);
        assertThat(explain(failure, VALID, "iot.example.com"))
                .isEqualTo("the gateway refused the connection: not authorized: the policies attached to the"
                        + " certificate do not allow iot:Connect as client ID \"DIC_2.sub.42\" (CONNACK return code"
                        + " 5)");
        MqttConnectException identifier = new MqttConnectException(
                Failure.CONNACK_REFUSED,
                "the gateway refused the connection: CONNECTION_REFUSED_IDENTIFIER_REJECTED (return code 2)",
                MqttConnectReturnCode.CONNECTION_REFUSED_IDENTIFIER_REJECTED,
                null);
        assertThat(explain(identifier, VALID, "iot.example.com"))
                .isEqualTo("the gateway refused the connection: client ID \"DIC_2.sub.42\" rejected: AWS IoT accepts 1"
                        + " to 128 bytes (--client-id) (CONNACK return code 2)");
    }
}
