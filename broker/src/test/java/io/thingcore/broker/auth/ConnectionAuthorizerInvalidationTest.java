package io.thingcore.broker.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.thingcore.broker.spi.CertificateMode;
import io.thingcore.broker.spi.CertificateStatus;
import io.thingcore.broker.spi.DeviceRecord;
import io.thingcore.broker.testing.TestDirectory;
import io.thingcore.broker.tls.PeerCertificate;
import io.thingcore.policy.PolicyRef;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Registry changes invalidate the cached authorization of the connections they concern, and only those: a connection
 * whose certificate, policies and thing did not change keeps its snapshot (it does not even read the directory).
 */
class ConnectionAuthorizerInvalidationTest {
    private static final String DENY_ALL =
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Action\":\"iot:*\",\"Resource\":\"*\"}]}";

    private final TestDirectory directory = new TestDirectory();
    private final AuthorizationGeneration generation = new AuthorizationGeneration();

    @AfterEach
    void close() {
        directory.close();
    }

    @Test
    void anInvalidatedConnectionRereadsTheDirectoryAnUnrelatedOneKeepsItsCache() {
        ConnectionAuthorizer lamp = connection("a".repeat(64), "lamp", "lamp-policy");
        ConnectionAuthorizer plug = connection("b".repeat(64), "plug", "plug-policy");
        assertThat(lamp.isAllowed(Actions.PUBLISH, "topic/x")).isTrue();
        assertThat(plug.isAllowed(Actions.PUBLISH, "topic/x")).isTrue();

        // The directory changes for both, but only the lamp's connection is told.
        attach("a".repeat(64), TestDirectory.policy("lamp-policy", DENY_ALL));
        attach("b".repeat(64), TestDirectory.policy("plug-policy", DENY_ALL));
        lamp.invalidate();

        assertThat(lamp.isAllowed(Actions.PUBLISH, "topic/x")).isFalse();
        assertThat(plug.isAllowed(Actions.PUBLISH, "topic/x"))
                .as("the plug's cached authorization is kept")
                .isTrue();

        // A broker-wide change (a reset) reaches every connection.
        generation.bump();
        assertThat(plug.isAllowed(Actions.PUBLISH, "topic/x")).isFalse();
    }

    /**
     * The publish and receive decisions kept per snapshot ({@code TopicDecisions}) agree with a fresh evaluation on
     * every topic, including ones that share a cache slot, and go with the snapshot when it is invalidated.
     */
    @Test
    void cachedTopicDecisionsAgreeWithThePolicyAndFollowAnInvalidation() {
        String onlyOwnTopics = "{\"Version\":\"2012-10-17\",\"Statement\":["
                + "{\"Effect\":\"Allow\",\"Action\":[\"iot:Publish\",\"iot:Receive\"],"
                + "\"Resource\":\"arn:aws:iot:us-east-1:123456789012:topic/lamp/*\"}]}";
        ConnectionAuthorizer lamp = connection("a".repeat(64), "lamp", "lamp-policy");
        attach("a".repeat(64), TestDirectory.policy("lamp-policy", onlyOwnTopics));
        lamp.invalidate();
        for (int round = 0; round < 2; round++) { // the second round answers from the cache
            for (int i = 0; i < 100; i++) {
                String own = "lamp/" + i;
                String other = "plug/" + i;
                assertThat(lamp.mayPublish(own)).as("publish %s", own).isTrue();
                assertThat(lamp.mayReceive(own)).as("receive %s", own).isTrue();
                assertThat(lamp.mayPublish(other)).as("publish %s", other).isFalse();
                assertThat(lamp.mayReceive(other)).as("receive %s", other).isFalse();
                assertThat(lamp.mayPublish(other)).isEqualTo(lamp.isAllowed(Actions.PUBLISH, "topic/" + other));
            }
        }
        assertThat(lamp.mayPublish("lamp/state")).isTrue();

        attach("a".repeat(64), TestDirectory.policy("lamp-policy", DENY_ALL));
        lamp.invalidate();
        assertThat(lamp.mayPublish("lamp/state"))
                .as("decided again after the invalidation")
                .isFalse();
        assertThat(lamp.mayReceive("lamp/state")).isFalse();
    }

    /**
     * A subscription filter's receive proof ({@code FilterProofs}) holds where the policy allows every topic of the
     * filter, not elsewhere, and goes with the snapshot: a policy that no longer allows the topics withdraws it.
     */
    @Test
    void receiveProofsFollowThePolicyAndAnInvalidation() {
        String onlyOwnTopics = "{\"Version\":\"2012-10-17\",\"Statement\":["
                + "{\"Effect\":\"Allow\",\"Action\":\"iot:Receive\","
                + "\"Resource\":\"arn:aws:iot:us-east-1:123456789012:topic/lamp/*\"}]}";
        ConnectionAuthorizer lamp = connection("a".repeat(64), "lamp", "lamp-policy");
        attach("a".repeat(64), TestDirectory.policy("lamp-policy", onlyOwnTopics));
        lamp.invalidate();
        for (int round = 0; round < 2; round++) { // the second round answers from the kept proofs
            assertThat(lamp.receivesEveryTopicOf("lamp/+")).isTrue();
            assertThat(lamp.receivesEveryTopicOf("lamp/+/level/#")).isTrue();
            assertThat(lamp.receivesEveryTopicOf("+/state")).isFalse();
            assertThat(lamp.receivesEveryTopicOf("lamp/#"))
                    .as("lamp/# stands for lamp too")
                    .isFalse();
        }
        for (int i = 0; i < 2 * ConnectionAuthorizer.RECEIVE_PROOFS_KEPT; i++) {
            assertThat(lamp.receivesEveryTopicOf("lamp/" + i + "/+")).isTrue();
            assertThat(lamp.receivesEveryTopicOf("plug/" + i + "/+")).isFalse();
        }

        attach("a".repeat(64), TestDirectory.policy("lamp-policy", DENY_ALL));
        lamp.invalidate();
        assertThat(lamp.receivesEveryTopicOf("lamp/+"))
                .as("proven again after the invalidation")
                .isFalse();
    }

    @Test
    void aConnectionDependsOnThePoliciesAttachedToItsCertificateAndOnTheThingNamedLikeItsClientId() {
        ConnectionAuthorizer lamp = connection("a".repeat(64), "lamp", "lamp-policy");
        assertThat(lamp.dependsOnPolicy("lamp-policy"))
                .as("nothing cached yet: any policy may be read by a snapshot being built")
                .isTrue();
        lamp.isAllowed(Actions.CONNECT, "client/lamp");
        assertThat(lamp.dependsOnPolicy("lamp-policy")).isTrue();
        assertThat(lamp.dependsOnPolicy("plug-policy")).isFalse();
        assertThat(lamp.dependsOnThing("lamp")).isTrue();
        assertThat(lamp.dependsOnThing("plug")).isFalse();
    }

    private ConnectionAuthorizer connection(String certificateId, String clientId, String policyName) {
        directory.certificates.put(
                certificateId,
                new DeviceRecord(
                        certificateId,
                        CertificateStatus.ACTIVE,
                        "ca",
                        CertificateMode.DEFAULT,
                        Instant.EPOCH,
                        Instant.MAX,
                        List.of(TestDirectory.policy(policyName, TestDirectory.ALLOW_ALL)),
                        List.of()));
        PeerCertificate peer = new PeerCertificate(
                certificateId,
                Map.of("CommonName", List.of(clientId)),
                Map.of("CommonName", List.of("Test CA")),
                Map.of(),
                "1",
                null,
                "127.0.0.1");
        return new ConnectionAuthorizer(directory, generation, peer, clientId, "us-east-1", "123456789012");
    }

    private void attach(String certificateId, PolicyRef policy) {
        directory.setPolicies(certificateId, List.of(policy));
    }
}
