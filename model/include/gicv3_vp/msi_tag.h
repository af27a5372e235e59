// SPDX-License-Identifier: Apache-2.0
// The platform's tag on an MSI write: which injection it is, so the
// statistics can follow it through the ITS to the CPU that takes it.
#pragma once

#include <cstdint>
#include <tlm>

namespace gicv3_vp {

class msi_tag : public tlm::tlm_extension<msi_tag> {
public:
    explicit msi_tag(uint64_t id = 0) : id(id) {}
    tlm::tlm_extension_base *clone() const override { return new msi_tag(id); }
    void copy_from(const tlm::tlm_extension_base &o) override { id = static_cast<const msi_tag &>(o).id; }
    uint64_t id;
};

} // namespace gicv3_vp
