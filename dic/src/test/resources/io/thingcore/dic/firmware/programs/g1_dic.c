/*
 * The first DIC generation's use of dic_config.h, as connectedhomeip
 * examples/platform/silabs/DIC/matter_abs_interface/src/dic.c @4e114a30 uses it (dic_task_fn, DIC_Init): the
 * credentials through DIC_SERVER_CA_CERT / DIC_DEVICE_KEY / DIC_DEVICE_CERT with their strlen + 1 as the length
 * (what mbedTLS's PEM parser needs), host and port for the connection, client ID, keep-alive, user and password for
 * the MQTT CONNECT, and task name and stack size for xTaskCreate. Compiled as C (dic.c is C) and as C++.
 */
#include "task_includes.h"

#include <stdio.h>

#include "report.h"

/*
 * The test's own probe: the firmware declares the arrays as plain, modifiable char with external linkage. A
 * definition that were static or const would make these declarations ill-formed.
 */
extern char ca_certificate[];
extern char device_certificate[];
extern char device_key[];

/* The fields of lwIP's mqtt_connect_client_info_t that dic.c sets. */
struct connect_info_fields
{
    const char * client_id;
    const char * client_user;
    const char * client_pass;
    uint16_t keep_alive;
};

static void report_pem(const char * name, const unsigned char * pem, size_t length_with_nul, size_t array_size)
{
    char key[32];
    report_hex(name, (const char *) pem, length_with_nul - 1);
    snprintf(key, sizeof key, "%s.size", name);
    report_number(key, (long) length_with_nul);
    snprintf(key, sizeof key, "%s.sizeof", name);
    report_number(key, (long) array_size);
}

int main(void)
{
    struct connect_info_fields connect_info;
    const char * host = DIC_SERVER_HOST;
    uint16_t port = DIC_SERVER_PORT;
    const char * task_name = DIC_TASK_NAME;
    uint32_t task_stack = DIC_TASK_STACK_SIZE;
    unsigned task_priority = DIC_TASK_PRIORITY;

    report_pem("ca", (const unsigned char *) DIC_SERVER_CA_CERT, strlen(DIC_SERVER_CA_CERT) + 1,
               sizeof(ca_certificate));
    report_pem("cert", (const unsigned char *) DIC_DEVICE_CERT, strlen(DIC_DEVICE_CERT) + 1,
               sizeof(device_certificate));
    report_pem("key", (const unsigned char *) DIC_DEVICE_KEY, strlen(DIC_DEVICE_KEY) + 1, sizeof(device_key));

    memset(&connect_info, 0, sizeof(connect_info));
    connect_info.client_id = DIC_CLIENT_ID;
    connect_info.keep_alive = DIC_KEEP_ALIVE;
    connect_info.client_user = DIC_CLIENT_USER;
    connect_info.client_pass = DIC_CLIENT_PASS;

    report_hex("host", host, strlen(host));
    report_number("port", port);
    report_hex("client", connect_info.client_id, strlen(connect_info.client_id));
    report_number("keep_alive", connect_info.keep_alive);
    report_number("user_is_null", connect_info.client_user == NULL);
    report_number("pass_is_null", connect_info.client_pass == NULL);
    report_hex("task.name", task_name, strlen(task_name));
    report_number("task.stack", (long) task_stack);
    report_number("task.priority", (long) task_priority);
    report_number("use_aws", USE_AWS);
    report_number("use_mosquitto", USE_MOSQUITTO);
    return 0;
}
