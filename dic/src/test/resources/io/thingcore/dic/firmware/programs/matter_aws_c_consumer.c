/*
 * MatterAwsConfig.h from a C translation unit: the header and the cmsis_os2.h it includes are plain C, so C code
 * (such as the AWS OTA library's) can read it. The test's own requirement, not a firmware fact.
 */
#include "MatterAwsConfig.h"

#include <string.h>

#include "report.h"

void report_c_consumer(void);

void report_c_consumer(void)
{
    const char * client_identifier = MATTER_AWS_CLIENT_ID;
    osPriority_t priority          = MATTER_AWS_TASK_PRIORITY;
    report_hex("c.client", client_identifier, strlen(client_identifier));
    report_number("c.task.priority", (long) priority);
#ifdef SL_MATTER_ENABLE_AWS_OTA_FEAT
    report_number("c.ota.stack", AWS_OTA_TASK_STACK_SIZE);
    report_number("c.ota.priority", AWS_OTA_TASK_PRIORITY);
#endif
}
