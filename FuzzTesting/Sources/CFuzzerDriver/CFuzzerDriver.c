// Declarations only (see include/CFuzzerDriver.h): libFuzzer itself comes from the
// toolchain's runtime, linked in by -sanitize=fuzzer.
#include "CFuzzerDriver.h"
