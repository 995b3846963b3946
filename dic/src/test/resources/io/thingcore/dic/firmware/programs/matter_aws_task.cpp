/*
 * The Matter + AWS task's use of the generated files, as SiliconLabsSoftware/matter_sdk
 * examples/platform/silabs/matter_aws/matter_aws_interface/src/MatterAws.cpp @fe7426e7 uses them: each value is
 * copied by its MatterAwsGet* accessor into a stack buffer of the MATTER_AWS_*_LENGTH size, and the connection, the
 * MQTT CONNECT and the task take the rest from MatterAwsConfig.h. Linked with the generated MatterAwsNvmCert.cpp and
 * the control unit (MatterAwsControl.cpp), each of which includes MatterAwsConfig.h: a definition in the header would
 * be a duplicate symbol.
 */
#include "task_includes.h"

#include <stdio.h>
#include <string.h>

#include "report.h"

/*
 * The test's own probe: the firmware defines the arrays as plain char with external linkage in MatterAwsNvmCert.cpp. A
 * static or const definition in dic_config.h would make these declarations ill-formed.
 */
extern char ca_certificate[];
extern char device_certificate[];
extern char device_key[];

void report_control();
#ifdef THINGCORE_C_CONSUMER
extern "C" void report_c_consumer(void);
#endif

/* The fields of lwIP's mqtt_connect_client_info_t that MatterAws.cpp sets. */
struct connect_info_fields
{
    const char * client_id;
    const char * client_user;
    const char * client_pass;
    uint16_t keep_alive;
};

static int report_value(const char * name, CHIP_ERROR error, const char * buf, size_t buf_len, size_t size)
{
    char key[32];
    if (error != CHIP_NO_ERROR)
    {
        snprintf(key, sizeof key, "%s.error", name);
        report_number(key, (long) error.AsInteger());
        return 1;
    }
    if (size == 0 || size > buf_len || buf[size - 1] != '\0' || strlen(buf) != size - 1)
    {
        snprintf(key, sizeof key, "%s.bad_size", name);
        report_number(key, (long) size);
        return 1;
    }
    report_hex(name, buf, size - 1);
    snprintf(key, sizeof key, "%s.size", name);
    report_number(key, (long) size);
    return 0;
}

int main()
{
    int failures = 0;
    size_t size  = 0;

    char ca_cert_buf[MATTER_AWS_CA_CERT_LENGTH] = { 0 };
    char cert_buf[MATTER_AWS_DEV_CERT_LENGTH]   = { 0 };
    char key_buf[MATTER_AWS_DEV_KEY_LENGTH]     = { 0 };
    char hostname[MATTER_AWS_HOSTNAME_LENGTH]   = { 0 };
    char clientID[MATTER_AWS_CLIENTID_LENGTH]   = { 0 };

    // Called before report_value reads size: the order in which arguments are evaluated is unspecified.
    CHIP_ERROR error = MatterAwsGetCACertificate(ca_cert_buf, MATTER_AWS_CA_CERT_LENGTH, &size);
    failures += report_value("ca", error, ca_cert_buf, sizeof ca_cert_buf, size);
    error = MatterAwsGetDeviceCertificate(cert_buf, MATTER_AWS_DEV_CERT_LENGTH, &size);
    failures += report_value("cert", error, cert_buf, sizeof cert_buf, size);
    error = MatterAwsGetDevicePrivKey(key_buf, MATTER_AWS_DEV_KEY_LENGTH, &size);
    failures += report_value("key", error, key_buf, sizeof key_buf, size);
    error = MatterAwsGetHostname(hostname, MATTER_AWS_HOSTNAME_LENGTH, &size);
    failures += report_value("host", error, hostname, sizeof hostname, size);
    error = MatterAwsGetClientId(clientID, MATTER_AWS_CLIENTID_LENGTH, &size);
    failures += report_value("client", error, clientID, sizeof clientID, size);

    report_number("lengths.ca", MATTER_AWS_CA_CERT_LENGTH);
    report_number("lengths.cert", MATTER_AWS_DEV_CERT_LENGTH);
    report_number("lengths.key", MATTER_AWS_DEV_KEY_LENGTH);
    report_number("lengths.host", MATTER_AWS_HOSTNAME_LENGTH);
    report_number("lengths.client", MATTER_AWS_CLIENTID_LENGTH);

    connect_info_fields connect_info;
    memset(&connect_info, 0, sizeof(connect_info));
    connect_info.client_id   = clientID;
    connect_info.keep_alive  = MATTER_AWS_KEEP_ALIVE;
    connect_info.client_user = MATTER_AWS_CLIENT_USER;
    connect_info.client_pass = MATTER_AWS_CLIENT_PASS;
    report_number("keep_alive", connect_info.keep_alive);
    report_number("user_is_null", connect_info.client_user == NULL);
    report_number("pass_is_null", connect_info.client_pass == NULL);

    uint16_t port = MATTER_AWS_SERVER_PORT;
    report_number("port", port);
    const char * task_name = MATTER_AWS_TASK_NAME;
    uint32_t task_stack    = MATTER_AWS_TASK_STACK_SIZE;
    unsigned task_priority = MATTER_AWS_TASK_PRIORITY;
    report_hex("task.name", task_name, strlen(task_name));
    report_number("task.stack", (long) task_stack);
    report_number("task.priority", (long) task_priority);
    uint8_t publish_qos = MQTT_QOS_0;
    report_number("publish.qos", publish_qos);
    report_number("embed_cert", SL_MATTER_AWS_NVM_EMBED_CERT);

    report_number("arrays_shared",
                  strcmp(ca_certificate, ca_cert_buf) == 0 && strcmp(device_certificate, cert_buf) == 0 &&
                      strcmp(device_key, key_buf) == 0);

    // One byte short of the value and its NUL: refused, the size needed reported, the buffer untouched.
    char small[MATTER_AWS_HOSTNAME_LENGTH];
    memset(small, '#', sizeof small);
    size_t needed         = 0;
    size_t host_length    = strlen(hostname);
    CHIP_ERROR too_small  = MatterAwsGetHostname(small, host_length, &needed);
    report_number("refuses_small",
                  too_small != CHIP_NO_ERROR && needed == host_length + 1 && small[0] == '#' &&
                      small[host_length - 1] == '#');
    CHIP_ERROR no_buffer = MatterAwsGetCACertificate(NULL, MATTER_AWS_CA_CERT_LENGTH, &needed);
    report_number("refuses_null", no_buffer != CHIP_NO_ERROR && needed == strlen(ca_cert_buf) + 1);

    report_control();
#ifdef THINGCORE_C_CONSUMER
    report_c_consumer();
#endif
    return failures;
}
