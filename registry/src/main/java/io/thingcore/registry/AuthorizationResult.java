package io.thingcore.registry;

import io.thingcore.policy.Decision;

/** The policy engine's decision for one {@link AuthorizationTest.AuthInfo}, in the shape of AWS's AuthResult. */
public record AuthorizationResult(AuthorizationTest.AuthInfo authInfo, Decision decision) {}
