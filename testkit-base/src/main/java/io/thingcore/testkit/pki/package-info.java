/**
 * The one test PKI: certificate authorities, device and server certificates, CSRs and client TLS contexts made at
 * test time (no private key is ever committed), and the catalogue of certificates a gateway must refuse or treat
 * specially ({@link io.thingcore.testkit.pki.CertificateCase}). Built with Bouncy Castle directly, not with the pki
 * module, so that pki's own tests can use it and so that a fault in pki's issuing does not reappear in the fixtures
 * that test it. Runs on the test's thread; every method is thread-safe.
 */
@NullMarked
package io.thingcore.testkit.pki;

import org.jspecify.annotations.NullMarked;
