/**
 * The guide's console steps, through the AWS SDK for Java v2 {@link software.amazon.awssdk.services.iot.IotClient}:
 * register the CA, create the policy and the things, register and attach the certificates, look up the endpoint.
 * Idempotent: a run first checks what exists (and refuses, before creating anything, when an existing resource
 * belongs to someone else), then creates only what is missing. Runs on the caller's thread; the SDK client's calls
 * block it.
 */
@NullMarked
package io.thingcore.dic.provision;

import org.jspecify.annotations.NullMarked;
