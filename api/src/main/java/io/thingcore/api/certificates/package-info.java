/**
 * Device certificate operations: RegisterCertificate, RegisterCertificateWithoutCA, CreateKeysAndCertificate,
 * CreateCertificateFromCsr, Describe/List/ListByCA/Update/DeleteCertificate. Wire parsing and response shapes only;
 * every rule is the registry's. Runs on API worker threads.
 */
@NullMarked
package io.thingcore.api.certificates;

import org.jspecify.annotations.NullMarked;
