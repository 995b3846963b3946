/*
 * Test stand-in for the Matter SDK's lib/core/CHIPError.h: CHIP_ERROR is a class compared with == and !=, and
 * CHIP_NO_ERROR / CHIP_ERROR_INTERNAL are its values; enough for the generated dic_nvm_cert.cpp and the device.
 */
#ifndef THINGCORE_TEST_CHIP_ERROR_H
#define THINGCORE_TEST_CHIP_ERROR_H

#include <stdint.h>

namespace chip {

class ChipError
{
public:
    constexpr explicit ChipError(uint32_t code) : mCode(code) {}
    constexpr bool operator==(const ChipError & other) const { return mCode == other.mCode; }
    constexpr bool operator!=(const ChipError & other) const { return mCode != other.mCode; }
    constexpr uint32_t AsInteger() const { return mCode; }

private:
    uint32_t mCode;
};

} // namespace chip

using CHIP_ERROR = ::chip::ChipError;

#define CHIP_NO_ERROR CHIP_ERROR(0)
#define CHIP_ERROR_INTERNAL CHIP_ERROR(0xAC)

#endif // THINGCORE_TEST_CHIP_ERROR_H
