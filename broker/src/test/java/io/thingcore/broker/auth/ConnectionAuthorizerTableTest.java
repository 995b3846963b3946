package io.thingcore.broker.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.thingcore.broker.spi.CertificateMode;
import io.thingcore.broker.spi.CertificateStatus;
import io.thingcore.broker.spi.DeviceRecord;
import io.thingcore.broker.spi.ThingRecord;
import io.thingcore.broker.testing.TestDirectory;
import io.thingcore.broker.tls.PeerCertificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The connection authorizer ({@link ConnectionAuthorizer}) as a table: one row per case, from the operation (action
 * and its resource), the connection's identity (client ID, the thing attached to its certificate) and the policy
 * attached to the certificate, to allowed or denied.
 *
 * <p>Sources: AWS IoT Developer Guide, "AWS IoT Core policy actions" (which resource each action is checked on:
 * {@code client/<clientId>} for {@code iot:Connect}, {@code topic/<name>} for {@code iot:Publish},
 * {@code iot:RetainPublish} and {@code iot:Receive}, {@code topicfilter/<filter>} for {@code iot:Subscribe}), "Basic
 * AWS IoT Core policy variables" and "Thing policy variables" ({@code ${iot:ClientId}}, and
 * {@code ${iot:Connection.Thing.ThingName}}, set only when the thing named like the client ID is attached to the
 * certificate), "Policy variables" (a variable whose value cannot be substituted leaves its statement unmatched) and
 * "AWS IoT Core policy examples" ({@code +} and {@code #} are not wildcards in policy resources; {@code *} and
 * {@code ?} are).
 *
 * <p>Columns: {@code policy} is the attached policy's statements, separated by {@code ;}, each as
 * {@code Effect action resource} with the resource relative to {@code arn:aws:iot:us-east-1:123456789012:};
 * {@code thing} is {@code attached} (the thing named like the client ID is attached to the certificate),
 * {@code none}, or {@code other} (another thing is attached). The certificate's common name is the client ID, so
 * rows with {@code ${iot:Certificate.Subject.CommonName}} see the same value.
 */
class ConnectionAuthorizerTableTest {
    private static final String ARN_PREFIX = "arn:aws:iot:us-east-1:123456789012:";

    private final TestDirectory directory = new TestDirectory();

    @AfterEach
    void close() {
        directory.close();
    }

    @ParameterizedTest(name = "[{index}] {argumentsWithNames}")
    @CsvSource(delimiter = '|', useHeadersInDisplayName = true, textBlock = """
    action         | resource         | client id | thing    | policy                                                                    | allowed
    # Each action on its own resource type.
    connect        | dev1             | dev1      | none     | Allow iot:Connect client/dev1                                             | true
    connect        | dev2             | dev2      | none     | Allow iot:Connect client/dev1                                             | false
    publish        | sensors/dev1     | dev1      | none     | Allow iot:Publish topic/sensors/dev1                                      | true
    publish        | sensors/dev1     | dev1      | none     | Allow iot:Subscribe topicfilter/sensors/dev1                              | false
    retain publish | sensors/dev1     | dev1      | none     | Allow iot:Publish topic/sensors/dev1                                      | false
    retain publish | sensors/dev1     | dev1      | none     | Allow iot:RetainPublish topic/sensors/dev1                                | true
    subscribe      | sensors/dev1     | dev1      | none     | Allow iot:Subscribe topicfilter/sensors/dev1                              | true
    subscribe      | sensors/dev1     | dev1      | none     | Allow iot:Subscribe topic/sensors/dev1                                    | false
    receive        | sensors/dev1     | dev1      | none     | Allow iot:Receive topic/sensors/dev1                                      | true
    receive        | sensors/dev1     | dev1      | none     | Allow iot:Subscribe topicfilter/sensors/dev1                              | false
    # Nothing allowed is denied; an explicit Deny beats any Allow.
    publish        | sensors/dev1     | dev1      | none     | Allow iot:Publish topic/other                                             | false
    publish        | sensors/dev1     | dev1      | none     | Allow iot:* *; Deny iot:Publish topic/sensors/*                           | false
    publish        | alerts/dev1      | dev1      | none     | Allow iot:* *; Deny iot:Publish topic/sensors/*                           | true
    connect        | dev1             | dev1      | none     | Allow iot:Connect *; Deny iot:Connect client/dev1                         | false
    # Wildcards in actions and resources: * any run of characters, ? one character.
    subscribe      | sensors/dev1     | dev1      | none     | Allow iot:* *                                                             | true
    publish        | sensors/a/b/c    | dev1      | none     | Allow iot:Pub* topic/sensors/*                                            | true
    publish        | sensors/dev1     | dev1      | none     | Allow iot:Publish topic/sensors/dev?                                      | true
    publish        | sensors/dev10    | dev1      | none     | Allow iot:Publish topic/sensors/dev?                                      | false
    # MQTT wildcards are literal characters in a policy: topicfilter/sensors/# grants the filter sensors/# itself.
    subscribe      | sensors/#        | dev1      | none     | Allow iot:Subscribe topicfilter/sensors/#                                 | true
    subscribe      | sensors/dev1     | dev1      | none     | Allow iot:Subscribe topicfilter/sensors/#                                 | false
    subscribe      | sensors/+        | dev1      | none     | Allow iot:Subscribe topicfilter/sensors/+                                 | true
    subscribe      | sensors/dev1     | dev1      | none     | Allow iot:Subscribe topicfilter/sensors/+                                 | false
    subscribe      | sensors/+        | dev1      | none     | Allow iot:Subscribe topicfilter/sensors/dev1                              | false
    # ${iot:ClientId}: the connection's own client ID.
    connect        | dev1             | dev1      | none     | Allow iot:Connect client/${iot:ClientId}                                  | true
    connect        | dev2             | dev1      | none     | Allow iot:Connect client/${iot:ClientId}                                  | false
    publish        | dev1/state       | dev1      | none     | Allow iot:Publish topic/${iot:ClientId}/*                                 | true
    publish        | dev2/state       | dev1      | none     | Allow iot:Publish topic/${iot:ClientId}/*                                 | false
    subscribe      | dev1/commands/#  | dev1      | none     | Allow iot:Subscribe topicfilter/${iot:ClientId}/commands/#                | true
    receive        | dev1/commands/on | dev1      | none     | Allow iot:Receive topic/${iot:ClientId}/commands/*                        | true
    # ${iot:Connection.Thing.ThingName}: only when the thing named like the client ID is attached to the certificate.
    connect        | lamp             | lamp      | attached | Allow iot:Connect client/${iot:Connection.Thing.ThingName}                | true
    connect        | lamp             | lamp      | none     | Allow iot:Connect client/${iot:Connection.Thing.ThingName}                | false
    connect        | lamp             | lamp      | other    | Allow iot:Connect client/${iot:Connection.Thing.ThingName}                | false
    publish        | things/lamp/x    | lamp      | attached | Allow iot:Publish topic/things/${iot:Connection.Thing.ThingName}/*        | true
    publish        | things/lamp/x    | lamp      | none     | Allow iot:Publish topic/things/${iot:Connection.Thing.ThingName}/*        | false
    publish        | things/plug/x    | lamp      | attached | Allow iot:Publish topic/things/${iot:Connection.Thing.ThingName}/*        | false
    # Identity values are data, never patterns: a value with + # * ? is not substituted, so no grant widens.
    connect        | +                | +         | none     | Allow iot:Connect client/${iot:ClientId}                                  | false
    connect        | #                | #         | none     | Allow iot:Connect client/${iot:ClientId}                                  | false
    connect        | *                | *         | none     | Allow iot:Connect client/${iot:ClientId}                                  | false
    connect        | dev?             | dev?      | none     | Allow iot:Connect client/${iot:ClientId}                                  | false
    publish        | devices/dev1     | *         | none     | Allow iot:Publish topic/devices/${iot:ClientId}                           | false
    publish        | devices/a/b      | *         | none     | Allow iot:Publish topic/devices/${iot:ClientId}                           | false
    publish        | devices/devX     | dev?      | none     | Allow iot:Publish topic/devices/${iot:ClientId}                           | false
    subscribe      | devices/#        | #         | none     | Allow iot:Subscribe topicfilter/devices/${iot:ClientId}                   | false
    subscribe      | devices/+        | +         | none     | Allow iot:Subscribe topicfilter/devices/${iot:ClientId}                   | false
    receive        | devices/dev1     | *         | none     | Allow iot:Receive topic/devices/${iot:ClientId}                           | false
    publish        | devices/dev1     | *         | none     | Allow iot:Publish topic/devices/${iot:Certificate.Subject.CommonName}     | false
    # A Deny whose variable cannot be substituted names nothing, so it cannot deny more either; a plain Deny holds.
    publish        | devices/dev1     | *         | none     | Allow iot:Publish topic/devices/*; Deny iot:Publish topic/devices/${iot:ClientId} | true
    publish        | devices/dev1     | *         | none     | Allow iot:Publish topic/devices/*; Deny iot:Publish topic/devices/dev1   | false
    """)
    void authorizes(String action, String resource, String clientId, String thing, String policy, boolean allowed) {
        String certificateId = "c0ffee".repeat(10) + "abcd";
        List<String> things = switch (thing) {
            case "attached" -> List.of(clientId);
            case "other" -> List.of("someone-else");
            case "none" -> List.of();
            default -> throw new IllegalArgumentException(thing);
        };
        for (String name : things) {
            directory.things.put(name, new ThingRecord(name, null, Map.of()));
        }
        directory.certificates.put(
                certificateId,
                new DeviceRecord(
                        certificateId,
                        CertificateStatus.ACTIVE,
                        "ca",
                        CertificateMode.DEFAULT,
                        Instant.EPOCH,
                        Instant.MAX,
                        List.of(TestDirectory.policy("table", json(policy))),
                        things));
        PeerCertificate peer = new PeerCertificate(
                certificateId,
                Map.of("CommonName", List.of(clientId)),
                Map.of("CommonName", List.of("Table CA")),
                Map.of(),
                "1",
                null,
                "127.0.0.1");
        ConnectionAuthorizer authorizer = new ConnectionAuthorizer(
                directory, new AuthorizationGeneration(), peer, clientId, "us-east-1", "123456789012");

        String[] operation = switch (action) {
            case "connect" -> new String[] {Actions.CONNECT, "client/" + resource};
            case "publish" -> new String[] {Actions.PUBLISH, "topic/" + resource};
            case "retain publish" -> new String[] {Actions.RETAIN_PUBLISH, "topic/" + resource};
            case "subscribe" -> new String[] {Actions.SUBSCRIBE, "topicfilter/" + resource};
            case "receive" -> new String[] {Actions.RECEIVE, "topic/" + resource};
            default -> throw new IllegalArgumentException(action);
        };

        assertThat(authorizer.isAllowed(operation[0], operation[1]))
                .as(authorizer.explainDenial(operation[0], operation[1]))
                .isEqualTo(allowed);
    }

    /** {@code Allow iot:Publish topic/a; Deny iot:* *} as an IAM policy document. */
    private static String json(String statements) {
        List<String> json = new ArrayList<>();
        for (String statement : statements.split(";")) {
            String[] parts = statement.trim().split(" +");
            String resource = parts[2].equals("*") ? "*" : ARN_PREFIX + parts[2];
            json.add("{\"Effect\":\"" + parts[0] + "\",\"Action\":\"" + parts[1] + "\",\"Resource\":\"" + resource
                    + "\"}");
        }
        return "{\"Version\":\"2012-10-17\",\"Statement\":[" + String.join(",", json) + "]}";
    }
}
