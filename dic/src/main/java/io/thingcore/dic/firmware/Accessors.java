package io.thingcore.dic.firmware;

/**
 * The five accessors through which the DIC task reads its credentials ({@code DICGetCACertificate} ...
 * {@code DICGetClientId} in {@code dic_nvm_cert.h}, {@code MatterAwsGet*} in {@code MatterAwsNvmCert.h}), with the
 * firmware's signature {@code CHIP_ERROR f(char * buf, size_t buf_len, size_t * bufSize)}: {@code *bufSize} is set to
 * the value's size with its NUL, and the value is copied when it fits.
 *
 * <p>The firmware's own DIC accessors check {@code buf == NULL && buf_len < *bufSize} (matter_sdk
 * {@code src/dic_nvm_cert.cpp} @cf7a7bca), which never refuses a value longer than the caller's stack buffer; these
 * refuse it ({@code ||}, as matter_sdk {@code MatterAwsNvmCert.cpp} @fe7426e7 does), and {@code dic provision} also
 * refuses such values before writing them.
 */
final class Accessors {
    private Accessors() {}

    /**
     * The definitions.
     *
     * @param prefix {@code DICGet} or {@code MatterAwsGet}
     * @param hostMacro the host macro, {@code DIC_SERVER_HOST} or {@code MATTER_AWS_SERVER_HOST}
     * @param clientIdMacro {@code DIC_CLIENT_ID} or {@code MATTER_AWS_CLIENT_ID}
     */
    static String render(String prefix, String hostMacro, String clientIdMacro) {
        return accessor(prefix + "CACertificate", "ca_certificate")
                + accessor(prefix + "DeviceCertificate", "device_certificate")
                + accessor(prefix + "DevicePrivKey", "device_key")
                + accessor(prefix + "Hostname", hostMacro)
                + accessor(prefix + "ClientId", clientIdMacro);
    }

    private static String accessor(String function, String value) {
        return "\nCHIP_ERROR " + function + "(char * buf, size_t buf_len, size_t * bufSize)\n"
                + "{\n"
                + "    *bufSize = sizeof(" + value + ");\n"
                + "    if (buf == NULL || buf_len < *bufSize)\n"
                + "    {\n"
                + "        return CHIP_ERROR_INTERNAL;\n"
                + "    }\n"
                + "    memcpy(buf, " + value + ", *bufSize);\n"
                + "    return CHIP_NO_ERROR;\n"
                + "}\n";
    }
}
