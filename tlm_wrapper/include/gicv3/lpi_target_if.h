// SPDX-License-Identifier: Apache-2.0
// What an ITS sends to the redistributors of its GIC. A platform binds the
// ITS's `redistributors` port to an implementation that routes by target
// (the Processor_Number of a redistributor). Each call may add to `delay`
// the time the redistributor takes (e.g. reading an LPI's configuration).
#pragma once

#include <cstdint>
#include <systemc>

namespace gicv3 {

// What the redistributor did with an LPI made pending.
enum class lpi_delivery {
    pending,          // newly pending
    merged,           // already pending: coalesced
    dropped_disabled, // GICR_CTLR.EnableLPIs = 0
    dropped_range,    // INTID outside the redistributor's LPI range
    dropped_no_target // no redistributor has that Processor_Number
};

const char *to_string(lpi_delivery d);

struct lpi_target_if : virtual sc_core::sc_interface {
    virtual lpi_delivery set_pending(uint32_t target, uint32_t intid, sc_core::sc_time &delay) = 0;
    virtual void clear_pending(uint32_t target, uint32_t intid, sc_core::sc_time &delay) = 0;
    virtual void move_pending(uint32_t from, uint32_t to, uint32_t intid, sc_core::sc_time &delay) = 0;
    virtual void inv(uint32_t target, uint32_t intid, sc_core::sc_time &delay) = 0;
    virtual void invall(uint32_t target, sc_core::sc_time &delay) = 0;
    virtual void sync(uint32_t target, sc_core::sc_time &delay) = 0;
    virtual void movall(uint32_t from, uint32_t to, sc_core::sc_time &delay) = 0;
};

} // namespace gicv3
