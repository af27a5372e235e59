// SPDX-License-Identifier: Apache-2.0
// The DeviceID of an MSI write, carried beside the payload: the sideband an
// AXI/ACE bus, a PCIe requester ID or QEMU's requester_id carries to an ITS.
//
// A device model that writes GITS_TRANSLATER sets it on its payload:
//
//     gicv3::device_id_extension ext(requester_id);
//     payload.set_extension(&ext);      // before b_transport
//     socket->b_transport(payload, delay);
//     payload.clear_extension(&ext);    // after: the extension is on the stack
//
// An MSI without it is dropped and counted (no_device_id), unless the ITS is
// given a default DeviceID.
#pragma once

#include <cstdint>
#include <tlm>

namespace gicv3 {

class device_id_extension : public tlm::tlm_extension<device_id_extension> {
public:
    explicit device_id_extension(uint32_t id = 0) : device_id(id) {}

    tlm::tlm_extension_base *clone() const override { return new device_id_extension(device_id); }
    void copy_from(const tlm::tlm_extension_base &other) override
    {
        device_id = static_cast<const device_id_extension &>(other).device_id;
    }

    uint32_t device_id;
};

} // namespace gicv3
