/**
 * CA certificate operations and the registration code: RegisterCACertificate, Get/DeleteRegistrationCode,
 * Describe/List/Update/DeleteCACertificate. Wire parsing and response shapes only; every rule is the registry's.
 * Runs on API worker threads.
 */
@NullMarked
package io.thingcore.api.cacertificates;

import org.jspecify.annotations.NullMarked;
