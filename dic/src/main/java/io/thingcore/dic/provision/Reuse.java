package io.thingcore.dic.provision;

import io.thingcore.dic.DicException;
import java.util.List;
import software.amazon.awssdk.services.iot.model.CACertificateDescription;
import software.amazon.awssdk.services.iot.model.CertificateStatus;

/**
 * The decisions of a re-run: when an existing resource may be reused, and when it belongs to someone else, in which
 * case the run stops before it changes anything. Pure functions of what the target returned.
 */
final class Reuse {
    private Reuse() {}

    /**
     * A CA registered before is reused in the mode it has: certificates inherit their CA's mode, so asking for another
     * mode than the registered one would silently give devices different connection rules.
     */
    static void checkCa(CACertificateDescription existing, CaMode wanted) {
        String mode = existing.certificateModeAsString();
        if (mode != null && !mode.equals(wanted.name())) {
            throw new DicException("the CA " + existing.certificateId() + " is already registered in " + mode
                    + " mode (by another flow), not " + wanted + "; run again with --ca-mode "
                    + mode.toLowerCase(java.util.Locale.ROOT).replace('_', '-') + " to reuse it as it is, or"
                    + " deregister it first (update-ca-certificate --new-status INACTIVE, delete-ca-certificate)");
        }
    }

    /** An existing policy is reused only if its document is the one this run would create. */
    static void checkPolicy(String name, String existingDocument, String wantedDocument) {
        if (!PolicyDocuments.equivalent(existingDocument, wantedDocument)) {
            throw new DicException("the policy " + name + " already exists with a different document; pass"
                    + " --policy-name NAME to create another one, or --policy-file with its current document to"
                    + " reuse it");
        }
    }

    /**
     * A thing is ours when no certificate, or ours, is attached to it. A thing with another certificate is someone
     * else's device (the thing name is the MQTT client ID, and two devices with one client ID keep dropping each
     * other).
     */
    static void checkThing(String thingName, List<String> principals, String ourCertificateId) {
        List<String> others = principals.stream()
                .filter(p -> !p.endsWith("/" + ourCertificateId))
                .toList();
        if (!others.isEmpty()) {
            String other = others.get(0);
            throw new DicException("the thing name " + thingName + " is taken: it is attached to another certificate ("
                    + other.substring(other.lastIndexOf('/') + 1) + "), not to the one in this output directory;"
                    + " choose another name with --thing/--explorer-thing, or detach that certificate first");
        }
    }

    /** A certificate registered before is reused if it is ACTIVE or merely INACTIVE (then it is activated). */
    static void checkCertificate(String certificateId, CertificateStatus status) {
        if (status != CertificateStatus.ACTIVE && status != CertificateStatus.INACTIVE) {
            throw new DicException("the certificate " + certificateId + " is registered with status " + status
                    + ", which cannot be made ACTIVE again; remove its files to make a new certificate");
        }
    }
}
