package io.thingcore.broker.tls;

import java.math.BigInteger;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Map;
import javax.security.auth.x500.X500Principal;
import org.jspecify.annotations.Nullable;

/**
 * Reads a registered certificate's {@link CertificateFacts} straight from the DER of its TBSCertificate (RFC 5280
 * section 4.1), without the JDK's full parse: the serial number, the issuer and subject names, the validity, and
 * whether it has a subjectAltName extension. The full parse also decodes the public key, every extension and the
 * signature algorithm, none of which the trust decision reads for a registered certificate; on a fresh gateway's
 * connect storm it was about 12% of the event loop and some 260 methods for C1 to compile (issue 14, cold start).
 *
 * <p>Only for certificates the registry knows by their SHA-256 (the JDK parsed those very bytes when they were
 * registered, and BoringSSL has just verified the handshake's signature with them), and only for the common shape:
 * anything else (a subjectAltName extension, times not in RFC 5280's {@code Z} form, a high tag number, an indefinite
 * length, bytes that do not fit) answers null, and the caller takes the JDK's parse. The names themselves are read by
 * {@link X500Principal}, as from the JDK's certificate, so their values are the same. Stateless; any thread.
 */
final class TbsCertificateReader {
    private static final int SEQUENCE = 0x30;
    private static final int INTEGER = 0x02;
    private static final int OBJECT_IDENTIFIER = 0x06;
    private static final int UTC_TIME = 0x17;
    private static final int GENERALIZED_TIME = 0x18;
    private static final int VERSION = 0xA0; // [0] EXPLICIT
    private static final int ISSUER_UNIQUE_ID = 0x81; // [1] IMPLICIT BIT STRING
    private static final int SUBJECT_UNIQUE_ID = 0x82; // [2] IMPLICIT BIT STRING
    private static final int EXTENSIONS = 0xA3; // [3] EXPLICIT

    /** id-ce-subjectAltName, 2.5.29.17 (RFC 5280 section 4.2.1.6), as the content of its DER OBJECT IDENTIFIER. */
    private static final byte[] SUBJECT_ALT_NAME = {0x55, 0x1D, 0x11};

    private TbsCertificateReader() {}

    /** The facts of {@code der} (whose ID is {@code certificateId}), or null when the JDK's parse must read it. */
    static @Nullable CertificateFacts read(byte[] der, String certificateId) {
        try {
            return readOrThrow(der, certificateId);
        } catch (Unreadable | IllegalArgumentException | DateTimeException e) {
            // IllegalArgumentException: a name X500Principal refuses.
            return null;
        }
    }

    private static CertificateFacts readOrThrow(byte[] der, String certificateId) {
        Element certificate = Element.at(der, 0, der.length, SEQUENCE);
        if (certificate.end != der.length) {
            throw new Unreadable();
        }
        Element tbs = Element.at(der, certificate.contentStart, certificate.end, SEQUENCE);
        int end = tbs.end;
        int position = tbs.contentStart;
        if (unsigned(der, position, end) == VERSION) {
            position = Element.any(der, position, end).end;
        }
        Element serial = Element.at(der, position, end, INTEGER);
        if (serial.contentStart == serial.end) {
            throw new Unreadable();
        }
        Element signature = Element.at(der, serial.end, end, SEQUENCE);
        Element issuer = Element.at(der, signature.end, end, SEQUENCE);
        Element validity = Element.at(der, issuer.end, end, SEQUENCE);
        Element notBefore = Element.any(der, validity.contentStart, validity.end);
        Element notAfter = Element.any(der, notBefore.end, validity.end);
        if (notAfter.end != validity.end) {
            throw new Unreadable();
        }
        Element subject = Element.at(der, validity.end, end, SEQUENCE);
        Element publicKey = Element.at(der, subject.end, end, SEQUENCE);
        position = publicKey.end;
        while (position < end) {
            Element optional = Element.any(der, position, end);
            switch (optional.tag) {
                case ISSUER_UNIQUE_ID, SUBJECT_UNIQUE_ID -> {}
                case EXTENSIONS -> requireNoSubjectAltName(der, optional);
                default -> throw new Unreadable();
            }
            position = optional.end;
        }
        X500Principal issuerName = new X500Principal(Arrays.copyOfRange(der, issuer.start, issuer.end));
        X500Principal subjectName = new X500Principal(Arrays.copyOfRange(der, subject.start, subject.end));
        return new CertificateFacts(
                certificateId,
                DistinguishedNames.attributes(subjectName),
                DistinguishedNames.attributes(issuerName),
                Map.of(),
                new BigInteger(Arrays.copyOfRange(der, serial.contentStart, serial.end)).toString(),
                time(der, notBefore),
                time(der, notAfter),
                issuerName);
    }

    /** Extensions ::= SEQUENCE OF Extension; Extension ::= SEQUENCE { extnID, critical DEFAULT FALSE, extnValue }. */
    private static void requireNoSubjectAltName(byte[] der, Element explicit) {
        Element extensions = Element.at(der, explicit.contentStart, explicit.end, SEQUENCE);
        if (extensions.end != explicit.end) {
            throw new Unreadable();
        }
        for (int position = extensions.contentStart; position < extensions.end; ) {
            Element extension = Element.at(der, position, extensions.end, SEQUENCE);
            Element id = Element.at(der, extension.contentStart, extension.end, OBJECT_IDENTIFIER);
            if (Arrays.equals(der, id.contentStart, id.end, SUBJECT_ALT_NAME, 0, SUBJECT_ALT_NAME.length)) {
                throw new Unreadable(); // the JDK reads the names in it (DistinguishedNames.subjectAlternativeNames)
            }
            position = extension.end;
        }
    }

    /**
     * A Time (RFC 5280 section 4.1.2.5): UTCTime {@code YYMMDDHHMMSSZ}, years 50-99 meaning 19xx, or GeneralizedTime
     * {@code YYYYMMDDHHMMSSZ}; the section's "MUST" forms only.
     */
    private static Instant time(byte[] der, Element time) {
        int length = time.end - time.contentStart;
        int p = time.contentStart;
        int year;
        if (time.tag == UTC_TIME && length == 13) {
            int yy = digits(der, p, 2);
            year = yy >= 50 ? 1900 + yy : 2000 + yy;
            p += 2;
        } else if (time.tag == GENERALIZED_TIME && length == 15) {
            year = digits(der, p, 4);
            p += 4;
        } else {
            throw new Unreadable();
        }
        if (der[time.end - 1] != 'Z') {
            throw new Unreadable();
        }
        return LocalDateTime.of(
                        year,
                        digits(der, p, 2),
                        digits(der, p + 2, 2),
                        digits(der, p + 4, 2),
                        digits(der, p + 6, 2),
                        digits(der, p + 8, 2))
                .toInstant(ZoneOffset.UTC);
    }

    private static int digits(byte[] der, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            int digit = der[i] - '0';
            if (digit < 0 || digit > 9) {
                throw new Unreadable();
            }
            value = value * 10 + digit;
        }
        return value;
    }

    /** The byte at {@code position} as 0-255, if it lies before {@code end}. */
    private static int unsigned(byte[] der, int position, int end) {
        if (position >= end) {
            throw new Unreadable();
        }
        return der[position] & 0xFF;
    }

    /**
     * One DER element (X.690 section 8.1): its first byte, where its content begins, where it ends. Low tag numbers
     * and definite lengths of up to four bytes only, as DER certificates use.
     */
    private record Element(int tag, int start, int contentStart, int end) {
        static Element at(byte[] der, int position, int limit, int expectedTag) {
            Element element = any(der, position, limit);
            if (element.tag != expectedTag) {
                throw new Unreadable();
            }
            return element;
        }

        static Element any(byte[] der, int position, int limit) {
            int tag = unsigned(der, position, limit);
            if ((tag & 0x1F) == 0x1F) {
                throw new Unreadable();
            }
            int p = position + 1;
            int first = unsigned(der, p, limit);
            p++;
            long length;
            if (first < 0x80) {
                length = first;
            } else {
                int count = first & 0x7F;
                if (count == 0 || count > 4) {
                    throw new Unreadable();
                }
                length = 0;
                for (int i = 0; i < count; i++) {
                    length = (length << 8) | unsigned(der, p, limit);
                    p++;
                }
            }
            if (length > limit - p) {
                throw new Unreadable();
            }
            return new Element(tag, position, p, p + (int) length);
        }
    }

    /** Not the common shape: the caller takes the JDK's parse. Carries no stack trace; it is an answer, not a fault. */
    private static final class Unreadable extends RuntimeException {
        Unreadable() {
            super(null, null, false, false);
        }
    }
}
