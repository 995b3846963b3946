/**
 * Things, thing types and thing↔principal attachments: Create/Describe/List/Update/DeleteThing, thing type
 * operations, Attach/DetachThingPrincipal, ListThingPrincipals, ListPrincipalThings. Wire parsing and response shapes
 * only; the registry owns names, versions and attachment rules. Runs on API worker threads.
 */
@NullMarked
package io.thingcore.api.things;

import org.jspecify.annotations.NullMarked;
