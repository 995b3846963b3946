/**
 * Policy operations: Create/Get/List/DeletePolicy, policy versions, Attach/DetachPolicy, ListAttachedPolicies,
 * ListTargetsForPolicy and the deprecated principal-policy operations. Wire parsing and response shapes only; the
 * registry validates documents and enforces version and deletion rules. Runs on API worker threads.
 */
@NullMarked
package io.thingcore.api.policies;

import org.jspecify.annotations.NullMarked;
