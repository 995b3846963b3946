/*
 * Stand-in for SiliconLabsSoftware/matter_sdk include/dic_nvm_cert.h @cf7a7bca: the five accessors the DIC task
 * reads its credentials, host and client ID through (the generated dic_nvm_cert.cpp defines them).
 */
#ifndef THINGCORE_TEST_DIC_NVM_CERT_H
#define THINGCORE_TEST_DIC_NVM_CERT_H

#include <stddef.h>

#include <lib/core/CHIPError.h>

CHIP_ERROR DICGetCACertificate(char * buf, size_t buf_len, size_t * bufSize);
CHIP_ERROR DICGetDeviceCertificate(char * buf, size_t buf_len, size_t * bufSize);
CHIP_ERROR DICGetDevicePrivKey(char * buf, size_t buf_len, size_t * bufSize);
CHIP_ERROR DICGetHostname(char * buf, size_t buf_len, size_t * bufSize);
CHIP_ERROR DICGetClientId(char * buf, size_t buf_len, size_t * bufSize);

#endif // THINGCORE_TEST_DIC_NVM_CERT_H
