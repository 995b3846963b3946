/**
 * Console sessions: random 256-bit IDs kept in memory (hashed), idle and absolute expiry, the per-session CSRF
 * token, and the sign-in check (constant-time, rate-limited). Thread-safe; called from API worker threads.
 */
package io.thingcore.console.session;
