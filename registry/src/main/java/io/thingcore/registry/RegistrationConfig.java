package io.thingcore.registry;

import org.jspecify.annotations.Nullable;

/** A CA's just-in-time provisioning template (stored and returned; JITP itself is not run yet). */
public record RegistrationConfig(
        @Nullable String templateBody,
        @Nullable String roleArn,
        @Nullable String templateName) {}
