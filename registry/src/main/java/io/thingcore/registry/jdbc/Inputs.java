package io.thingcore.registry.jdbc;

import io.thingcore.pki.Pem;
import io.thingcore.pki.PkiException;
import io.thingcore.registry.ErrorType;
import io.thingcore.registry.RegistryException;
import java.security.cert.X509Certificate;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Checks of request values that several resource families share (names, certificate IDs, PEM certificates), so that
 * the same member is refused with the same message whichever operation receives it.
 */
final class Inputs {
    static final int MAX_PEM_LENGTH = 65536;

    private static final Pattern THING_NAME = Pattern.compile("[a-zA-Z0-9:_-]{1,128}");
    private static final Pattern POLICY_NAME = Pattern.compile("[\\w+=,.@-]{1,128}");
    private static final Pattern CERTIFICATE_ID = Pattern.compile("[a-fA-F0-9]{64}");

    private Inputs() {}

    /** {@code value} if it matches {@code pattern}; else InvalidRequestException quoting the pattern. */
    static String matching(Pattern pattern, String value, String member) {
        if (value == null || !pattern.matcher(value).matches()) {
            throw RegistryException.invalid(member + " must match " + pattern.pattern() + ", got: " + value);
        }
        return value;
    }

    /** Thing names and thing type names follow the same rule. */
    static String thingName(String name, String member) {
        return matching(THING_NAME, name, member);
    }

    static String policyName(String name) {
        return matching(POLICY_NAME, name, "policyName");
    }

    /** A certificate ID as the API receives it: 64 hex digits, compared in lowercase. */
    static String certificateId(String id, String member) {
        if (id == null || !CERTIFICATE_ID.matcher(id).matches()) {
            throw RegistryException.invalid(member + " must be 64 hexadecimal characters, got: " + id);
        }
        return id.toLowerCase(Locale.ROOT);
    }

    static X509Certificate readCertificate(String pem, String member) {
        if (pem == null || pem.isBlank()) {
            throw RegistryException.invalid(member + " is required");
        }
        if (pem.length() > MAX_PEM_LENGTH) {
            throw RegistryException.invalid(member + " is longer than " + MAX_PEM_LENGTH + " characters");
        }
        try {
            return Pem.readCertificate(pem);
        } catch (PkiException e) {
            throw certificateInvalid("(" + member + ") " + e.getMessage());
        }
    }

    static RegistryException certificateInvalid(String reason) {
        return new RegistryException(ErrorType.CERTIFICATE_VALIDATION, "The certificate is invalid. " + reason);
    }
}
