/*
 * A C translation unit of the AWS OTA library as SiliconLabsSoftware/matter_sdk builds it for DIC (@48d2038e): it
 * reads dic_config.h through demo_config.h, takes CLIENT_IDENTIFIER from DIC_CLIENT_ID and, with ENABLE_AWS_OTA_FEAT,
 * sees the AWS_OTA_TASK_* settings.
 */
#include "demo_config.h"

#include <string.h>

#include "report.h"

void report_c_consumer(void);

void report_c_consumer(void)
{
    const char * client_identifier = CLIENT_IDENTIFIER;
    report_hex("c.client", client_identifier, strlen(client_identifier));
#ifdef ENABLE_AWS_OTA_FEAT
    report_number("c.ota.stack", AWS_OTA_TASK_STACK_SIZE);
    report_number("c.ota.priority", AWS_OTA_TASK_PRIORITY);
#endif
}
