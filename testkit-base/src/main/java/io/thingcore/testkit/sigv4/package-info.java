/**
 * The one SigV4 signer of the tests: requests signed by the AWS SDK for Java v2's own signer
 * ({@code AwsV4HttpSigner}), as the SDK's clients sign them, so that the gateway's verifier is checked against AWS's
 * implementation rather than against a second copy of its own. Runs on the test's thread.
 */
@NullMarked
package io.thingcore.testkit.sigv4;

import org.jspecify.annotations.NullMarked;
