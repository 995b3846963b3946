package io.thingcore.jobs.service;

/**
 * Which things exist, as the registry knows them: a job may target only existing things (AWS IoT API Reference,
 * {@code CreateJob}: ResourceNotFoundException). Called on worker threads; may block.
 */
@FunctionalInterface
public interface ThingDirectory {
    boolean thingExists(String thingName);
}
