/*
 * Test stand-in for the Matter SDK's platform/silabs/SilabsConfig.h, which connectedhomeip
 * examples/platform/silabs/DIC/matter_abs_interface/include/dic_nvm_cert.h @242e2263 includes. Only the namespace
 * the DIC sources name is declared.
 */
#ifndef THINGCORE_TEST_SILABS_CONFIG_H
#define THINGCORE_TEST_SILABS_CONFIG_H

namespace chip {
namespace DeviceLayer {
namespace Internal {
class SilabsConfig;
} // namespace Internal
} // namespace DeviceLayer
} // namespace chip

#endif // THINGCORE_TEST_SILABS_CONFIG_H
