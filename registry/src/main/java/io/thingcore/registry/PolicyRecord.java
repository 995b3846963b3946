package io.thingcore.registry;

import java.time.Instant;

/** A named policy with its default version's document, as GetPolicy returns it. */
public record PolicyRecord(
        String policyName,
        String policyArn,
        String defaultVersionId,
        String policyDocument,
        Instant creationDate,
        Instant lastModifiedDate,
        String generationId) {}
