/**
 * The guide's openssl steps as files on disk: a CA ({@code CA.key}, {@code CA.crt}) and leaf certificates
 * ({@code NAME.key}, {@code NAME.csr}, {@code NAME.crt}, X.509 v1 like {@code openssl x509 -req}), written the way
 * openssl writes them, private keys created with mode 0600 and never overwritten unless asked. Also reads such files
 * back, whether thingcore or openssl made them. Runs on the caller's thread.
 */
@NullMarked
package io.thingcore.dic.certs;

import org.jspecify.annotations.NullMarked;
