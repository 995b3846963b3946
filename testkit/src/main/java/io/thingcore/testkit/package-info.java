/**
 * Test helpers that need the whole gateway: {@link io.thingcore.testkit.InProcessGateway} (the gateway started
 * in-process), {@link io.thingcore.testkit.GatewayProcess} (started as a real process with the {@code thingcore}
 * command), the AWS SDK clients pointed at either, TLS for MQTT clients, and the rule for external tools (fail loudly
 * in CI, skip with a message elsewhere). The pieces that need no thingcore module (the test PKI, the raw MQTT client,
 * the SigV4 signer) are in thingcore-testkit-base, which this module brings along. Runs on the test's thread.
 */
@NullMarked
package io.thingcore.testkit;

import org.jspecify.annotations.NullMarked;
