package io.thingcore.registry;

import java.util.List;

/**
 * Policies with their versions, and their attachments to certificate principals. Part of one namespace's {@link Registry}; every method either applies its whole change durably or
 * throws a {@link RegistryException} and changes nothing. Blocking: call from a worker thread, never from an event
 * loop.
 */
public interface PolicyStore {

    /** Creates version "1" as the default version. */
    PolicyVersionRecord createPolicy(String policyName, String policyDocument, List<Tag> tags);

    PolicyRecord getPolicy(String policyName);

    Page<PolicyRecord> listPolicies(PageRequest page);

    void deletePolicy(String policyName);

    PolicyVersionRecord createPolicyVersion(String policyName, String policyDocument, boolean setAsDefault);

    PolicyVersionRecord getPolicyVersion(String policyName, String policyVersionId);

    List<PolicyVersionRecord> listPolicyVersions(String policyName);

    void setDefaultPolicyVersion(String policyName, String policyVersionId);

    void deletePolicyVersion(String policyName, String policyVersionId);

    /** {@code target}: a certificate ARN (thing groups and Cognito identities are not supported yet). */
    void attachPolicy(String policyName, String target);

    void detachPolicy(String policyName, String target);

    Page<PolicyRecord> listAttachedPolicies(String target, boolean recursive, PageRequest page);

    Page<String> listTargetsForPolicy(String policyName, PageRequest page);
}
