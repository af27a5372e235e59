// SPDX-License-Identifier: Apache-2.0
#include "gicv3_vp/pre_its.h"

#include <optional>

#include "gicv3/checkpoint_io.h"
#include "gicv3/device_id_extension.h"
#include "gicv3_vp/msi_tag.h"

namespace gicv3_vp {

pre_its::pre_its(sc_core::sc_module_name name, uint64_t translater)
    : sc_module(name), in("in"), out("out"), translater_(translater)
{
    in.register_b_transport(this, &pre_its::b_transport);
}

void pre_its::b_transport(tlm::tlm_generic_payload &gp, sc_core::sc_time &delay)
{
    const uint64_t off = gp.get_address();
    if (!gp.is_write() || gp.get_data_length() != 4 || off % 4 || gp.get_byte_enable_ptr()) {
        gp.set_response_status(tlm::TLM_COMMAND_ERROR_RESPONSE);
        return;
    }
    // The slot is the DeviceID; the write goes on as the device's, so what
    // follows MSIs (the platform's tag) goes with it.
    tlm::tlm_generic_payload fwd;
    fwd.set_command(tlm::TLM_WRITE_COMMAND);
    fwd.set_address(translater_);
    fwd.set_data_ptr(gp.get_data_ptr());
    fwd.set_data_length(4);
    fwd.set_streaming_width(4);
    fwd.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
    {
        gicv3::device_id_scope id(fwd, uint32_t(off >> 2));
        std::optional<gicv3::extension_scope<msi_tag>> tagged;
        if (msi_tag *tag = gp.get_extension<msi_tag>())
            tagged.emplace(fwd, *tag);
        out->b_transport(fwd, delay);
    }
    forwarded_++;
    gp.set_response_status(fwd.get_response_status());
}

void pre_its::save(gicv3::ckpt_writer &w) const { w.u64(forwarded_); }

void pre_its::restore(gicv3::ckpt_reader &r)
{
    forwarded_ = r.u64();
    r.end();
}

} // namespace gicv3_vp
