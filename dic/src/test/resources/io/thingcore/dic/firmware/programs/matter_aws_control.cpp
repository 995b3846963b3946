/*
 * The Matter + AWS control unit's use of the configuration (SiliconLabsSoftware/matter_sdk
 * examples/platform/silabs/matter_aws/matter_aws_interface/src/MatterAwsControl.cpp @fe7426e7): the subscription
 * MatterAwsMqttSubscribe(NULL, NULL, cb, MQTT_SUBSCRIBE_TOPIC, MQTT_QOS_0), and with SL_MATTER_ENABLE_AWS_OTA_FEAT the
 * OTA task's xTaskCreate(..., AWS_OTA_TASK_STACK_SIZE, NULL, AWS_OTA_TASK_PRIORITY, ...).
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
#ifdef SL_MATTER_ENABLE_AWS_OTA_FEAT
    uint32_t ota_stack    = AWS_OTA_TASK_STACK_SIZE;
    unsigned ota_priority = AWS_OTA_TASK_PRIORITY;
    report_number("ota.stack", (long) ota_stack);
    report_number("ota.priority", (long) ota_priority);
#endif
}
