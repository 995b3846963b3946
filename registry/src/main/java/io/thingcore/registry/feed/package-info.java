/**
 * The registry's change feed, a transactional outbox (docs/adr/0009-change-feed.md): {@link
 * io.thingcore.registry.feed.ChangeFeed} owns the {@code change_feed} table (one row per change, written by the
 * write operation's own transaction, so a row exists exactly when its change committed), {@link
 * io.thingcore.registry.feed.Gaps} decides which rows a node has still to apply when ids are not committed in order,
 * and {@link io.thingcore.registry.feed.FeedApplier} is the node's one applier: it tails the table in id order and
 * hands new rows to its target (the read model and the registry's listeners), woken after every local commit, by
 * PostgreSQL {@code LISTEN}/{@code NOTIFY} for commits of other nodes, and by polling as a backstop.
 *
 * <p>Writers call {@code ChangeFeed.append} inside their transaction, on their own thread; everything else runs on
 * the applier's thread, {@code thingcore-change-feed}, outside any transaction of a writer and any lock.
 */
@NullMarked
package io.thingcore.registry.feed;

import org.jspecify.annotations.NullMarked;
