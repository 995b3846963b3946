package io.thingcore.registry;

/** A CA's just-in-time provisioning template (stored and returned; JITP itself is not run yet). */
public record RegistrationConfig(String templateBody, String roleArn, String templateName) {}
