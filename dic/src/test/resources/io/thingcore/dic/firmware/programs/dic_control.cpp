/*
 * The DIC control unit's use of the configuration (connectedhomeip examples/platform/silabs/DIC/matter_abs_interface/
 * src/dic_control.cpp @242e2263, SiliconLabsSoftware/matter_sdk src/dic_control.cpp @48d2038e): the subscription
 * dic_mqtt_subscribe(NULL, NULL, cb, MQTT_SUBSCRIBE_TOPIC, MQTT_QOS_0), and with ENABLE_AWS_OTA_FEAT the OTA task's
 * xTaskCreate(..., AWS_OTA_TASK_STACK_SIZE, NULL, AWS_OTA_TASK_PRIORITY, ...).
 */
#include "control_includes.h"

#include <string.h>

#include "report.h"

void report_control()
{
    const char * topic = MQTT_SUBSCRIBE_TOPIC;
    uint8_t qos        = MQTT_QOS_0;
    report_hex("subscribe.topic", topic, strlen(topic));
    report_number("subscribe.qos", qos);
#ifdef ENABLE_AWS_OTA_FEAT
    uint32_t ota_stack    = AWS_OTA_TASK_STACK_SIZE;
    unsigned ota_priority = AWS_OTA_TASK_PRIORITY;
    report_number("ota.stack", (long) ota_stack);
    report_number("ota.priority", (long) ota_priority);
#endif
}
