package io.thingcore.dic.provision;

import static org.assertj.core.api.Assertions.assertThat;

import io.thingcore.dic.output.MqttExplorerBundle;
import io.thingcore.policy.AuthorizationContext;
import io.thingcore.policy.PolicyDocument;
import io.thingcore.policy.PolicyEvaluator;
import io.thingcore.policy.PolicyRef;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The {@code --least-privilege} template against every topic the DIC firmware uses, evaluated by the gateway's own
 * policy engine. A topic it forgot would disconnect a real 3.1.1 device on its first publish, and the firmware never
 * reconnects.
 */
class LeastPrivilegePolicyTest {
    private static final String ARN = "arn:aws:iot:us-east-1:123456789012:";
    private static final List<PolicyRef> POLICY = List.of(new PolicyRef(
            "DIC_LEAST", ARN + "policy/DIC_LEAST", PolicyDocument.parse(PolicyDocuments.leastPrivilege())));
    private static final AuthorizationContext DEVICE = AuthorizationContext.builder()
            .clientId("DIC_2")
            .thingName("DIC_2")
            .thingAttached(true)
            .certificateSubject(java.util.Map.of("CommonName", List.of("DIC_2")))
            .build();

    private static boolean allowed(String action, String resource) {
        return PolicyEvaluator.isAllowed(POLICY, action, ARN + resource, DEVICE);
    }

    /** Every topic a DIC app publishes (connectedhomeip and SiliconLabs/matter_extension sources, see the bundle). */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "light/state",
                "lock/state",
                "LocalTemperature/Temp",
                "OccupiedCoolingSetpoint/coolingTemp",
                "OccupiedHeatingSetpoint/heatingTemp",
                "thermostat/systemMode",
                "thermostat/currentTemp",
                "lift/position set",
                "tilt/position set",
                "command"
            })
    void theDeviceMayPublishAndReceiveEveryFirmwareTopic(String topic) {
        assertThat(allowed("iot:Publish", "topic/" + topic)).isTrue();
        assertThat(allowed("iot:Receive", "topic/" + topic)).isTrue();
    }

    @Test
    void theDeviceMaySubscribeToCommandAndEveryFilterOfTheExplorerBundle() {
        assertThat(allowed("iot:Subscribe", "topicfilter/command")).isTrue();
        for (String filter : MqttExplorerBundle.TOPICS) {
            assertThat(allowed("iot:Subscribe", "topicfilter/" + filter))
                    .as(filter)
                    .isTrue();
        }
    }

    /** The OTA agent's topics (aws/ota-for-aws-iot-embedded-sdk v3.4.0 source/ota_mqtt.c), for its own thing only. */
    @Test
    void theOtaAgentMayUseItsOwnThingsJobsAndStreamsTopicsOnly() {
        assertThat(allowed("iot:Subscribe", "topicfilter/$aws/things/DIC_2/jobs/notify-next"))
                .isTrue();
        assertThat(allowed("iot:Publish", "topic/$aws/things/DIC_2/jobs/$next/get"))
                .isTrue();
        assertThat(allowed("iot:Receive", "topic/$aws/things/DIC_2/jobs/$next/get/accepted"))
                .isTrue();
        assertThat(allowed("iot:Publish", "topic/$aws/things/DIC_2/jobs/job-1/update"))
                .isTrue();
        assertThat(allowed("iot:Subscribe", "topicfilter/$aws/things/DIC_2/streams/s-1/data/cbor"))
                .isTrue();
        assertThat(allowed("iot:Publish", "topic/$aws/things/DIC_2/streams/s-1/get/cbor"))
                .isTrue();

        assertThat(allowed("iot:Publish", "topic/$aws/things/OTHER/jobs/$next/get"))
                .isFalse();
        assertThat(allowed("iot:Subscribe", "topicfilter/$aws/things/OTHER/streams/s-1/data/cbor"))
                .isFalse();
        assertThat(allowed("iot:Publish", "topic/$aws/things/DIC_2/shadow/update"))
                .isFalse();
    }

    @Test
    void nothingElseIsAllowed() {
        assertThat(allowed("iot:Connect", "client/DIC_2")).isTrue();
        assertThat(allowed("iot:Connect", "client/DIC_3")).isFalse();
        assertThat(allowed("iot:Connect", "client/DIC_2.sub.4242")).isTrue();
        assertThat(allowed("iot:Connect", "client/DIC_2_OTHER")).isFalse();
        assertThat(allowed("iot:Connect", "client/DIC_3.sub.4242")).isFalse();
        assertThat(allowed("iot:Publish", "topic/other/topic")).isFalse();
        assertThat(allowed("iot:Subscribe", "topicfilter/#")).isFalse();
        assertThat(allowed("iot:RetainPublish", "topic/light/state")).isFalse();
    }
}
