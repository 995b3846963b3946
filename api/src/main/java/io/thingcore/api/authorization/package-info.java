/**
 * TestAuthorization and GetEffectivePolicies: parses AuthInfos, asks the registry (which evaluates with the policy
 * engine) and renders each {@code Decision} as AWS's AuthResult. Runs on API worker threads.
 */
@NullMarked
package io.thingcore.api.authorization;

import org.jspecify.annotations.NullMarked;
