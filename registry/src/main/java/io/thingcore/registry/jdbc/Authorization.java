package io.thingcore.registry.jdbc;

import io.thingcore.pki.Pem;
import io.thingcore.policy.AuthorizationContext;
import io.thingcore.policy.AuthorizationRequest;
import io.thingcore.policy.Decision;
import io.thingcore.policy.PolicyEvaluator;
import io.thingcore.policy.PolicyRef;
import io.thingcore.registry.AuthorizationQueries;
import io.thingcore.registry.AuthorizationResult;
import io.thingcore.registry.AuthorizationTest;
import io.thingcore.registry.PolicyRecord;
import io.thingcore.registry.RegistryException;
import io.thingcore.registry.ThingRecord;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * TestAuthorization and GetEffectivePolicies: what a certificate principal's policies grant, evaluated with the
 * context the broker builds on connect. Reads only.
 */
final class Authorization implements AuthorizationQueries {
    static final int MAX_AUTH_INFOS = 10;

    private static final Map<String, String> ACTIONS = Map.of(
            "CONNECT", "iot:Connect",
            "PUBLISH", "iot:Publish",
            "SUBSCRIBE", "iot:Subscribe",
            "RECEIVE", "iot:Receive");

    private final Transactions transactions;
    private final Certificates certificates;
    private final Policies policies;
    private final Things things;

    Authorization(Transactions transactions, Certificates certificates, Policies policies, Things things) {
        this.transactions = transactions;
        this.certificates = certificates;
        this.policies = policies;
        this.things = things;
    }

    /** The policies and context one TestAuthorization evaluates, read in one transaction. */
    private record Subject(List<PolicyRef> policies, AuthorizationContext context) {}

    /**
     * Evaluates each AuthInfo with the principal's attached policies, plus {@code policyNamesToAdd} (which must
     * exist), minus {@code policyNamesToSkip}. The context is the one the broker builds on connect: the client ID, the
     * certificate's subject and issuer fields and serial number, and the thing named by the client ID when it is
     * attached to the principal. An AuthInfo is ALLOWED only if every resource is allowed, EXPLICIT_DENY if any
     * resource is explicitly denied, IMPLICIT_DENY otherwise.
     */
    @Override
    public List<AuthorizationResult> testAuthorization(AuthorizationTest test) {
        validate(test);
        Subject subject = transactions.read(sql -> {
            String certId = certificates.existing(sql, test.principal(), "principal");
            LinkedHashMap<String, PolicyRef> refs = new LinkedHashMap<>();
            for (PolicyRecord policy : policies.attachedTo(sql, certId)) {
                refs.put(policy.policyName(), Policies.ref(policy));
            }
            for (String name : test.policyNamesToAdd()) {
                refs.putIfAbsent(name, Policies.ref(policies.require(sql, name)));
            }
            test.policyNamesToSkip().forEach(refs::remove);
            X509Certificate certificate = Pem.readCertificate(
                    certificates.find(sql, certId).orElseThrow().certificatePem());
            AuthorizationContext.Builder context = AuthorizationContext.builder()
                    .clientId(test.clientId())
                    .certificateSubject(CertificateFields.subject(certificate))
                    .certificateIssuer(CertificateFields.issuer(certificate))
                    .certificateSerialNumber(certificate.getSerialNumber().toString());
            if (test.clientId() != null && things.isAttached(sql, test.clientId(), certId)) {
                ThingRecord thing = things.find(sql, test.clientId()).orElseThrow();
                context.thing(thing.thingName(), thing.thingTypeName(), thing.attributes());
            } else {
                context.thingAttached(false);
            }
            return new Subject(List.copyOf(refs.values()), context.build());
        });
        List<AuthorizationResult> results = new ArrayList<>();
        for (AuthorizationTest.AuthInfo info : test.authInfos()) {
            // Every action type was checked against ACTIONS before the transaction.
            String action = Objects.requireNonNull(ACTIONS.get(info.actionType()));
            List<Decision> decisions = new ArrayList<>();
            for (String resource : info.resources()) {
                decisions.add(PolicyEvaluator.evaluate(
                        subject.policies(), new AuthorizationRequest(action, resource), subject.context()));
            }
            results.add(new AuthorizationResult(info, combine(decisions)));
        }
        return results;
    }

    private static void validate(AuthorizationTest test) {
        if (test == null) {
            throw RegistryException.invalid("authInfos is required");
        }
        if (test.authInfos().isEmpty() || test.authInfos().size() > MAX_AUTH_INFOS) {
            throw RegistryException.invalid("authInfos must have 1 to " + MAX_AUTH_INFOS + " items, got "
                    + test.authInfos().size());
        }
        for (AuthorizationTest.AuthInfo info : test.authInfos()) {
            if (info == null || info.actionType() == null || !ACTIONS.containsKey(info.actionType())) {
                throw RegistryException.invalid("authInfos actionType must be one of PUBLISH, SUBSCRIBE, RECEIVE,"
                        + " CONNECT, got: " + (info == null ? null : info.actionType()));
            }
            if (info.resources().isEmpty()) {
                throw RegistryException.invalid("authInfos resources must not be empty");
            }
            for (String resource : info.resources()) {
                if (resource == null || resource.length() > 2048) {
                    throw RegistryException.invalid("authInfos resources must be ARNs of at most 2048 characters");
                }
            }
        }
        test.policyNamesToAdd().forEach(Inputs::policyName);
        test.policyNamesToSkip().forEach(Inputs::policyName);
    }

    /** One decision for several resources: any explicit deny wins, then any implicit deny, else allowed. */
    private static Decision combine(List<Decision> decisions) {
        if (decisions.size() == 1) {
            return decisions.get(0);
        }
        Decision deciding = decisions.stream()
                .filter(d -> d.outcome() == Decision.Outcome.EXPLICIT_DENY)
                .findFirst()
                .or(() -> decisions.stream()
                        .filter(d -> d.outcome() == Decision.Outcome.IMPLICIT_DENY)
                        .findFirst())
                .orElse(decisions.get(0));
        Map<String, PolicyRef> allowed = new LinkedHashMap<>();
        Map<String, PolicyRef> explicit = new LinkedHashMap<>();
        Map<String, PolicyRef> implicit = new LinkedHashMap<>();
        Set<String> missing = new LinkedHashSet<>();
        for (Decision decision : decisions) {
            decision.allowedBy().forEach(p -> allowed.putIfAbsent(p.name(), p));
            decision.explicitlyDeniedBy().forEach(p -> explicit.putIfAbsent(p.name(), p));
            decision.implicitlyDeniedBy().forEach(p -> implicit.putIfAbsent(p.name(), p));
            missing.addAll(decision.missingContextValues());
        }
        return new Decision(
                deciding.outcome(),
                List.copyOf(allowed.values()),
                List.copyOf(explicit.values()),
                List.copyOf(implicit.values()),
                deciding.reason(),
                missing,
                deciding.decidingStatement());
    }

    /** The policies attached to the certificate principal; a given {@code thingName} must exist (no groups yet). */
    @Override
    public List<PolicyRecord> getEffectivePolicies(@Nullable String principal, @Nullable String thingName) {
        String name = thingName == null ? null : Inputs.thingName(thingName, "thingName");
        return transactions.read(sql -> {
            String certId = certificates.existing(sql, principal, "principal");
            if (name != null) {
                things.require(sql, name);
            }
            return policies.attachedTo(sql, certId);
        });
    }
}
