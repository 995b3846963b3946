/**
 * Keys, certificates, CSRs and PEM, interoperable with openssl; certificate IDs (SHA-256 of the DER). Pure
 * computation with no threads of its own: callers run it on whatever thread they are on.
 */
@NullMarked
package io.thingcore.pki;

import org.jspecify.annotations.NullMarked;
