package io.thingcore.registry;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Read-only questions about what a principal may do: TestAuthorization and GetEffectivePolicies. Part of one namespace's {@link Registry}; every method either applies its whole change durably or
 * throws a {@link RegistryException} and changes nothing. Blocking: call from a worker thread, never from an event
 * loop.
 */
public interface AuthorizationQueries {

    List<AuthorizationResult> testAuthorization(AuthorizationTest test);

    /** The policies that apply to {@code principal} (and, when given, the thing's groups; none yet). */
    List<PolicyRecord> getEffectivePolicies(@Nullable String principal, @Nullable String thingName);
}
