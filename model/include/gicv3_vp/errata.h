// SPDX-License-Identifier: Apache-2.0
// The errata switches of the platform (its.errata.*, gic.errata.*; docs/errata.md):
// what each makes of the ITS, the GIC and the firmware's description the
// driver kit reads.
#pragma once

#include "its/its_config.h"
#include "its_driver.h"
#include "gicv3/gic.h"
#include "gicv3_vp/platform.h"

namespace gicv3_vp {

// The part's identity and behaviour on top of the preset. Throws
// config_error when the switches name parts with different IIDRs.
void apply_its_errata(const platform_config &pc, its_config &c);
void apply_gic_errata(const platform_config &pc, gicv3::gic_config &g);

// The driver kit's options: Linux's defaults, the workarounds on or off
// (driver.workarounds) and what the device tree says about the machine.
drv_options driver_options(const platform_config &pc);

} // namespace gicv3_vp
