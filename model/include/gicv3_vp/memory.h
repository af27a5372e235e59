// SPDX-License-Identifier: Apache-2.0
// A sparse memory: a window of the 64-bit address space whose pages are
// allocated on first write (reads of untouched bytes are zero), with read and
// write latencies annotated on b_transport and DMI for fast initiators.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <systemc>
#include <tlm>
#include <tlm_utils/simple_target_socket.h>
#include <unordered_map>

namespace gicv3 {
class ckpt_writer;
class ckpt_reader;
} // namespace gicv3

namespace gicv3_vp {

class memory : public sc_core::sc_module {
public:
    tlm_utils::simple_target_socket<memory, 64> in;

    sc_core::sc_time read_latency = sc_core::SC_ZERO_TIME;  // added to a read's delay, and DMI's
    sc_core::sc_time write_latency = sc_core::SC_ZERO_TIME; // added to a write's delay, and DMI's
    bool dmi_enabled = true;                                // grant DMI (read and write)
    // Port bandwidth in bytes per ns (0: no limit). Transfers on the port
    // serialise: each occupies it for bytes / bytes_per_ns from when it is
    // free, and its delay grows by the wait and the transfer (docs/timing.md).
    // A limit turns DMI off: an access through a pointer cannot take its
    // turn at the port.
    double bytes_per_ns = 0;

    // Addresses base .. base + size - 1 on `in` (the default covers the whole
    // space but its last byte). page_bits sets the allocation (and DMI) grain.
    explicit memory(sc_core::sc_module_name name, uint64_t size = UINT64_MAX, uint64_t base = 0,
                    unsigned page_bits = 16);

    // Power-on state: every page freed (all bytes read zero again), the
    // port idle, and DMI pointers granted revoked (invalidate_direct_mem_ptr
    // over the whole window). Kept: the window, latencies, dmi_enabled,
    // bytes_per_ns, and the counters reads(), writes(), port_wait(),
    // port_busy() (statistics keep counting across resets).
    void reset();

    uint64_t base() const { return base_; }
    uint64_t size() const { return size_; }
    uint64_t page_size() const { return uint64_t(1) << page_bits_; }
    size_t pages() const { return pages_.size(); } // allocated so far

    // Back door for tests and platforms (addresses as on `in`): no latency,
    // not counted. Throws std::out_of_range outside the window.
    void load(uint64_t addr, const void *data, size_t len);
    void peek(uint64_t addr, void *data, size_t len) const;
    void write64(uint64_t addr, uint64_t value); // little-endian
    uint64_t read64(uint64_t addr) const;

    // b_transport calls served (debug and DMI accesses are not counted).
    uint64_t reads() const { return reads_; }
    uint64_t writes() const { return writes_; }
    sc_core::sc_time port_wait() const { return port_wait_; } // total time transfers waited for the port
    sc_core::sc_time port_busy() const { return port_busy_; } // total time the port transferred

    // Checkpoint (docs/checkpoint.md): the allocated pages with their
    // numbers (ascending), the counters and the port's times. restore()
    // takes a memory of the same window and page size, before simulation.
    void save(gicv3::ckpt_writer &w) const;
    void restore(gicv3::ckpt_reader &r);
    // FNV-1a (64 bits) over the address and bytes of every page holding a
    // non-zero byte, ascending: equal for memories with equal content.
    uint64_t digest() const;

private:
    void b_transport(tlm::tlm_generic_payload &gp, sc_core::sc_time &delay);
    bool get_direct_mem_ptr(tlm::tlm_generic_payload &gp, tlm::tlm_dmi &dmi);
    unsigned transport_dbg(tlm::tlm_generic_payload &gp);

    // Offset of [addr, addr + len) in the window, if it fits.
    bool offset_of(uint64_t addr, uint64_t len, uint64_t &offset) const;
    bool dmi_granted() const { return dmi_enabled && bytes_per_ns <= 0; }
    unsigned char *page(uint64_t offset);             // allocates
    const unsigned char *find_page(uint64_t offset) const; // nullptr: untouched
    void copy_in(uint64_t offset, const unsigned char *src, size_t len);
    void copy_out(uint64_t offset, unsigned char *dst, size_t len) const;

    uint64_t size_, base_;
    unsigned page_bits_;
    std::unordered_map<uint64_t, std::unique_ptr<unsigned char[]>> pages_; // by page number
    uint64_t reads_ = 0, writes_ = 0;
    sc_core::sc_time port_free_, port_wait_, port_busy_;
    void occupy_port(unsigned bytes, sc_core::sc_time &delay);
};

} // namespace gicv3_vp
