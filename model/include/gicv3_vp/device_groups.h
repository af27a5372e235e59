// SPDX-License-Identifier: Apache-2.0
// From the configuration's device entries to the devices the platform
// builds: entries with instances > 1 expanded, every name and requester ID
// checked unique, the address map's limit kept, and each trace device given
// its rows of its trace file.
#pragma once

#include <string>
#include <vector>

#include "gicv3_vp/platform.h"

namespace gicv3_vp {

// One device_spec per device (instances = 1 each). Throws config_error
// naming the parameter (and file:line for a bad trace file). Requester IDs
// must be below 2^device_id_bits (the DeviceIDs the driver can map; `why`
// says where the width comes from, appended to the message).
std::vector<device_spec> expand_devices(const std::vector<device_spec> &entries, unsigned device_id_bits = 32,
                                        const std::string &why = "");

} // namespace gicv3_vp
