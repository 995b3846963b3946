package io.thingcore.dic.simulator.ota;

/**
 * {@code AppVersion32_t} (aws/ota-for-aws-iot-embedded-sdk {@code source/include/ota_appversion32.h}): major and minor
 * in a byte each and build in 16 bits, packed as major, minor, build from the most significant end.
 */
record AppVersion(int major, int minor, int build) {
    /**
     * The version the simulated board runs until its first update: the OTA demo's {@code APP_VERSION_MAJOR 0},
     * {@code APP_VERSION_MINOR 9}, {@code APP_VERSION_BUILD 2} (aws-iot-device-sdk-embedded-C
     * {@code demos/ota/ota_demo_core_mqtt/demo_config.h}).
     */
    static final AppVersion DEMO = new AppVersion(0, 9, 2);

    static AppVersion of(long packed) {
        return new AppVersion((int) (packed >>> 24) & 0xFF, (int) (packed >>> 16) & 0xFF, (int) packed & 0xFFFF);
    }

    long packed() {
        return ((long) major << 24) | ((long) minor << 16) | build;
    }

    /** The image a successful update boots into: the simulator cannot read a version out of an opaque image. */
    AppVersion nextBuild() {
        return new AppVersion(major, minor, build + 1);
    }

    /** {@code v%u.%u.%u}, as the library writes it into a SUCCEEDED status. */
    @Override
    public String toString() {
        return "v" + major + "." + minor + "." + build;
    }
}
