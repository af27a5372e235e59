// SPDX-License-Identifier: Apache-2.0
// The DeviceID of an MSI write, carried beside the payload: the sideband an
// AXI/ACE bus, a PCIe requester ID or QEMU's requester_id carries to an ITS.
//
// A device model that writes GITS_TRANSLATER sets it on its payload for the
// call with a scope:
//
//     tlm::tlm_generic_payload payload;                  // first: outlives the scope
//     ...
//     gicv3::device_id_scope scope(payload, requester_id); // sets the extension
//     socket->b_transport(payload, delay);
//     // the scope's end clears it, also when b_transport throws
//
// The extension lives in the scope (on the stack), so it must be off the
// payload before the payload is destroyed or reused with a memory manager:
// a payload deletes the extensions still set on it. A manual set_extension
// ... clear_extension pair leaves it set when b_transport throws (an
// sc_report of severity SC_ERROR, for example), and the payload's
// destructor then frees a stack object. extension_scope does the same for
// any extension the caller owns (e.g. a platform's own tag).
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

// Sets `ext` (owned by the caller, alive for the scope) on `payload` for the
// scope's life. On destruction, normal or by an exception unwinding, it
// puts back the extension of that type the payload had before (usually
// none: it is cleared).
template <class Ext>
class extension_scope {
public:
    extension_scope(tlm::tlm_generic_payload &payload, Ext &ext)
        : payload_(payload), ext_(ext), previous_(payload.set_extension(&ext))
    {
    }
    ~extension_scope()
    {
        if (previous_)
            payload_.set_extension(previous_);
        else
            payload_.clear_extension(&ext_);
    }
    extension_scope(const extension_scope &) = delete;
    extension_scope &operator=(const extension_scope &) = delete;

private:
    tlm::tlm_generic_payload &payload_;
    Ext &ext_;
    Ext *previous_;
};

// The DeviceID of one MSI write: a device_id_extension of its own, set on
// `payload` for the scope's life (see the example above).
class device_id_scope {
public:
    device_id_scope(tlm::tlm_generic_payload &payload, uint32_t device_id) : ext_(device_id), scope_(payload, ext_) {}

    const device_id_extension &extension() const { return ext_; }

private:
    device_id_extension ext_; // before scope_: set after it, cleared before it goes
    extension_scope<device_id_extension> scope_;
};

} // namespace gicv3
