/**
 * The CONNECT stage (docs/architecture.md, a device's path): validates CONNECT (protocol level, client ID, will, QoS
 * 2), authorizes {@code iot:Connect} (and the will's {@code iot:Publish}), takes over an older connection with the same
 * client ID, binds the session, answers CONNACK, installs the keep-alive timer and removes itself. Runs on the
 * channel's event loop; reads only in-memory state.
 */
@NullMarked
package io.thingcore.broker.connect;

import org.jspecify.annotations.NullMarked;
