// SPDX-License-Identifier: Apache-2.0
#include "gicv3/lpi_target_if.h"

namespace gicv3 {

const char *to_string(lpi_delivery d)
{
    switch (d) {
    case lpi_delivery::pending: return "pending";
    case lpi_delivery::merged: return "merged";
    case lpi_delivery::dropped_disabled: return "dropped_disabled";
    case lpi_delivery::dropped_range: return "dropped_range";
    case lpi_delivery::dropped_no_target: return "dropped_no_target";
    }
    return "invalid";
}

} // namespace gicv3
