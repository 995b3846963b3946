package io.thingcore.dic.ota;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iot.model.CreateOtaUpdateRequest;
import software.amazon.awssdk.services.iot.model.JobExecutionStatus;
import software.amazon.awssdk.services.iot.model.OTAUpdateFile;
import software.amazon.awssdk.services.iot.model.Protocol;

/**
 * The request {@code dic ota} sends, the same for the gateway and for AWS (AWS API model {@code iot}
 * {@code CreateOTAUpdate}: required {@code otaUpdateId}, {@code targets}, {@code files}, {@code roleArn}), and the
 * progress it prints from the OTA library's {@code receive} status detail.
 */
class OtaUpdatePlanTest {
    @Test
    void theRequestCarriesTheUsersBucketRoleAndSignatureOverMqttOnly() {
        OtaUpdatePlan plan = new OtaUpdatePlan(
                "v2",
                "arn:aws:iot:eu-west-1:123456789012:thing/DIC_2",
                "my-firmware",
                "dic/app.gbl",
                "3HL4kqtJlcpXroDTDmJ",
                "app.gbl",
                new byte[] {0x30, 0x45, 0x02},
                "codesign.crt",
                "arn:aws:iam::123456789012:role/ota");
        CreateOtaUpdateRequest request = plan.request();
        assertThat(request.otaUpdateId()).isEqualTo("v2");
        assertThat(plan.jobId()).isEqualTo("AFR_OTA-v2");
        assertThat(request.targets()).containsExactly("arn:aws:iot:eu-west-1:123456789012:thing/DIC_2");
        assertThat(request.protocols()).containsExactly(Protocol.MQTT);
        assertThat(request.roleArn()).isEqualTo("arn:aws:iam::123456789012:role/ota");
        OTAUpdateFile file = request.files().getFirst();
        assertThat(file.fileName()).isEqualTo("app.gbl");
        assertThat(file.fileType()).isZero();
        assertThat(file.fileLocation().s3Location().bucket()).isEqualTo("my-firmware");
        assertThat(file.fileLocation().s3Location().key()).isEqualTo("dic/app.gbl");
        assertThat(file.fileLocation().s3Location().version()).isEqualTo("3HL4kqtJlcpXroDTDmJ");
        var signing = file.codeSigning().customCodeSigning();
        assertThat(signing.signature().inlineDocument().asByteArray()).containsExactly(0x30, 0x45, 0x02);
        assertThat(signing.certificateChain().certificateName()).isEqualTo("codesign.crt");
        assertThat(signing.hashAlgorithm()).isEqualTo("SHA256");
        assertThat(signing.signatureAlgorithm()).isEqualTo("ECDSA");
        assertThat(file.codeSigning().awsSignerJobId()).isNull();
    }

    @Test
    void progressComesFromTheReceiveDetail() {
        assertThat(JobFollower.line(JobExecutionStatus.IN_PROGRESS, Map.of("receive", "256/1024")))
                .isEqualTo("IN_PROGRESS [#######                       ] 25% (256/1024 blocks)");
        assertThat(JobFollower.percent(Map.of("receive", "1024/1024"))).isEqualTo(100);
        assertThat(JobFollower.percent(Map.of("self_test", "ready"))).isNull();
        assertThat(JobFollower.line(JobExecutionStatus.FAILED, Map.of("reason", "0x000000e3: 0x00000000")))
                .isEqualTo("FAILED {reason=0x000000e3: 0x00000000}");
        assertThat(JobFollower.line(
                        JobExecutionStatus.SUCCEEDED, Map.of("updatedBy", "  v0.9.2", "reason", "accepted  v0.9.3")))
                .as("in key order, whatever the map's")
                .isEqualTo("SUCCEEDED {reason=accepted  v0.9.3, updatedBy=  v0.9.2}");
        assertThat(JobFollower.terminal(JobExecutionStatus.IN_PROGRESS)).isFalse();
        assertThat(JobFollower.terminal(JobExecutionStatus.TIMED_OUT)).isTrue();
    }
}
