package io.thingcore.registry;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * TestAuthorization: evaluate {@code authInfos} for a principal (a certificate ARN) as if it connected with
 * {@code clientId}, with its attached policies plus {@code policyNamesToAdd} minus {@code policyNamesToSkip}.
 */
public record AuthorizationTest(
        @Nullable String principal,
        @Nullable String clientId,
        List<AuthInfo> authInfos,
        List<String> policyNamesToAdd,
        List<String> policyNamesToSkip) {
    public AuthorizationTest {
        authInfos = List.copyOf(authInfos);
        policyNamesToAdd = policyNamesToAdd == null ? List.of() : List.copyOf(policyNamesToAdd);
        policyNamesToSkip = policyNamesToSkip == null ? List.of() : List.copyOf(policyNamesToSkip);
    }

    /** One action ({@code PUBLISH|SUBSCRIBE|RECEIVE|CONNECT}) on one or more resource ARNs. */
    public record AuthInfo(String actionType, List<String> resources) {
        public AuthInfo {
            resources = List.copyOf(resources);
        }
    }
}
