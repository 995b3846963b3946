package io.thingcore.registry;

import java.util.List;
import java.util.function.Consumer;

/**
 * The AWS IoT registry of one account: every control-plane operation the gateway serves, with AWS's validation,
 * status and deletion rules. This is the one implementation of each rule: the HTTP API and the web console both call
 * it. Every method either applies its whole change durably (committed to disk before it returns) or throws a
 * {@link RegistryException} and changes nothing. Blocking: call from a worker thread, never from an event loop.
 */
public interface Registry extends AutoCloseable {

    Account account();

    // ---- CA certificates --------------------------------------------------------------------------------------

    /** The account's registration code: 64 hex characters, the same on every call until deleted. */
    String getRegistrationCode();

    void deleteRegistrationCode();

    CaCertificateRecord registerCaCertificate(RegisterCaCertificateRequest request);

    CaCertificateRecord describeCaCertificate(String caCertificateId);

    /** {@code templateName} (nullable) keeps only CAs whose registration config names that JITP template. */
    Page<CaCertificateRecord> listCaCertificates(PageRequest page, String templateName);

    void updateCaCertificate(UpdateCaCertificateRequest request);

    /** Only an INACTIVE CA can be deleted (CertificateStateException otherwise). */
    void deleteCaCertificate(String caCertificateId);

    // ---- device certificates ----------------------------------------------------------------------------------

    /**
     * RegisterCertificate: the certificate must be signed by a registered ACTIVE CA ({@code caCertificatePem} picks
     * it when given). {@code status} (nullable) wins over {@code setAsActive}; the default is INACTIVE.
     */
    CertificateRecord registerCertificate(
            String certificatePem, String caCertificatePem, CertificateStatus status, boolean setAsActive);

    /**
     * Just-in-time registration, for the broker: registers a certificate a device presented as PENDING_ACTIVATION
     * under {@code caCertificateId}, which must be ACTIVE with auto-registration ENABLE and must have signed it. An
     * already registered certificate is returned unchanged. Not an AWS API operation.
     */
    CertificateRecord registerPendingActivation(String certificatePem, String caCertificateId);

    /** RegisterCertificateWithoutCA: any issuer; the certificate becomes SNI_ONLY. Default status INACTIVE. */
    CertificateRecord registerCertificateWithoutCa(String certificatePem, CertificateStatus status);

    /** CreateKeysAndCertificate: a new key pair and a certificate signed by the gateway's device CA. */
    CreatedCertificate createKeysAndCertificate(boolean setAsActive);

    /** CreateCertificateFromCsr: a certificate for the CSR's key, signed by the gateway's device CA. */
    CreatedCertificate createCertificateFromCsr(String certificateSigningRequestPem, boolean setAsActive);

    CertificateRecord describeCertificate(String certificateId);

    Page<CertificateRecord> listCertificates(PageRequest page);

    Page<CertificateRecord> listCertificatesByCa(String caCertificateId, PageRequest page);

    /** Client-settable: ACTIVE, INACTIVE, REVOKED; REVOKED is terminal. Idempotent. */
    void updateCertificate(String certificateId, CertificateStatus newStatus);

    void deleteCertificate(String certificateId, boolean forceDelete);

    // ---- policies ---------------------------------------------------------------------------------------------

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

    // ---- things and thing types -------------------------------------------------------------------------------

    /** Idempotent for the same name and configuration; ResourceAlreadyExistsException for a different one. */
    ThingRecord createThing(CreateThingRequest request);

    ThingRecord describeThing(String thingName);

    Page<ThingRecord> listThings(ListThingsRequest filter, PageRequest page);

    void updateThing(UpdateThingRequest request);

    /** Succeeds for a thing that does not exist (AWS does); fails while principals are attached. */
    void deleteThing(String thingName, Long expectedVersion);

    ThingTypeRecord createThingType(CreateThingTypeRequest request);

    ThingTypeRecord describeThingType(String thingTypeName);

    Page<ThingTypeRecord> listThingTypes(String thingTypeName, PageRequest page);

    void deprecateThingType(String thingTypeName, boolean undoDeprecate);

    void deleteThingType(String thingTypeName);

    /** {@code type} null means NON_EXCLUSIVE_THING. */
    void attachThingPrincipal(String thingName, String principal, ThingPrincipalType type);

    void detachThingPrincipal(String thingName, String principal);

    Page<String> listThingPrincipals(String thingName, PageRequest page);

    Page<String> listPrincipalThings(String principal, PageRequest page);

    // ---- authorization ----------------------------------------------------------------------------------------

    List<AuthorizationResult> testAuthorization(AuthorizationTest test);

    /** The policies that apply to {@code principal} (and, when given, the thing's groups; none yet). */
    List<PolicyRecord> getEffectivePolicies(String principal, String thingName);

    // ---- lifecycle --------------------------------------------------------------------------------------------

    /** Registers a listener for committed changes; see {@link RegistryEvent}. */
    void addListener(Consumer<RegistryEvent> listener);

    /** Deletes every resource of the account (the admin reset endpoint, off unless enabled). */
    void reset();

    @Override
    void close();
}
