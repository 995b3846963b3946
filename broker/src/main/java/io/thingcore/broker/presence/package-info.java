/**
 * What the broker remembers of each client ID between its connections: the lifecycle events' {@code versionNumber}
 * and the console's "last seen", with AWS IoT's reset of the version after about an hour away and a bound on how many
 * client IDs are kept ({@link io.thingcore.broker.presence.ClientPresence}). One instance per broker; called on the
 * event loops as connections open and end, read from any thread; nothing here blocks.
 */
@NullMarked
package io.thingcore.broker.presence;

import org.jspecify.annotations.NullMarked;
