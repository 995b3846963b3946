/**
 * Console sessions: random 256-bit IDs kept in memory (hashed), idle and absolute expiry, the per-session CSRF
 * token, and the sign-in check (constant-time, throttled per source
 * address and per access key ID tried, in bounded tables). Thread-safe; called from API worker threads.
 */
@NullMarked
package io.thingcore.console.session;

import org.jspecify.annotations.NullMarked;
