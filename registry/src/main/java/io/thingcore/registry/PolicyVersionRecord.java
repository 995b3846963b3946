package io.thingcore.registry;

import java.time.Instant;

/** One version of a policy; version IDs are decimal strings starting at "1". */
public record PolicyVersionRecord(
        String policyName,
        String policyArn,
        String versionId,
        String policyDocument,
        boolean defaultVersion,
        Instant creationDate,
        Instant lastModifiedDate,
        String generationId) {}
