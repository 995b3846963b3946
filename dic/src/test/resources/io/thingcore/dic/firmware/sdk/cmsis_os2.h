/*
 * Test stand-in for CMSIS-RTOS2's cmsis_os2.h, which SiliconLabsSoftware/matter_sdk
 * examples/platform/silabs/matter_aws/matter_aws_interface/include/MatterAwsConfig.h @fe7426e7 includes for
 * MATTER_AWS_TASK_PRIORITY (osPriorityAboveNormal). Plain C, as the real header is; the values are CMSIS-RTOS2's.
 */
#ifndef THINGCORE_TEST_CMSIS_OS2_H
#define THINGCORE_TEST_CMSIS_OS2_H

typedef enum
{
    osPriorityNone = 0,
    osPriorityIdle = 1,
    osPriorityLow = 8,
    osPriorityBelowNormal = 16,
    osPriorityNormal = 24,
    osPriorityAboveNormal = 32,
    osPriorityHigh = 40,
    osPriorityRealtime = 48,
    osPriorityISR = 56,
    osPriorityError = -1
} osPriority_t;

#endif /* THINGCORE_TEST_CMSIS_OS2_H */
