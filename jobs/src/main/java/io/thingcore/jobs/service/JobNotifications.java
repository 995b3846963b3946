package io.thingcore.jobs.service;

/**
 * Receives, after each committed change, what a thing's devices are told (developer guide, "Jobs notifications"):
 * the device-side MQTT room turns it into {@code notify} and {@code notify-next} publications. Called on the thread
 * that made the change (a worker or the timer thread), never on an event loop.
 */
@FunctionalInterface
public interface JobNotifications {
    void changed(ThingJobsChanged change);

    JobNotifications NONE = change -> {};
}
