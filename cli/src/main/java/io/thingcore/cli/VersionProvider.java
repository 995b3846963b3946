package io.thingcore.cli;

import picocli.CommandLine;

/** Reads the version Maven wrote into the jar's manifest ("development" when run from classes). */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = ThingcoreCommand.class.getPackage().getImplementationVersion();
        return new String[] {"thingcore " + (version != null ? version : "development")};
    }
}
