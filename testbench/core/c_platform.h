// SPDX-License-Identifier: Apache-2.0
// A whole GICv3 + ITS machine in plain C++ over the C cores, for running the
// driver kit without SystemC: the shim's memory, one ITS, one redistributor
// per CPU, a distributor that answers GICD_TYPER, and a drv_env that routes
// every access by address (QEMU virt map).
#pragma once

#include <gtest/gtest.h>

#include <cstring>
#include <functional>
#include <memory>
#include <vector>

#include "its/its.h"
#include "its/redist.h"
#include "its_driver.h"
#include "shim.h"

class CPlatform {
public:
    static constexpr uint64_t kGicd = 0x08000000, kIts = 0x08080000, kGicr = 0x080A0000;
    static constexpr uint64_t kRam = 0x40000000, kRamEnd = 0x80000000;
    // RAM above 4 GB, used first by alloc when high_ram is set (alloc32 then
    // serves from the RAM below).
    static constexpr uint64_t kHighRam = 0x100000000ull, kHighRamEnd = 0x200000000ull;

    // rd_tweak (optional) edits each redistributor's configuration before it is created.
    CPlatform(const its_config &cfg, unsigned cpus, uint8_t id_bits = 16,
              const std::function<void(redist_config &)> &rd_tweak = nullptr)
        : cpus_(cpus), id_bits_(id_bits)
    {
        mem_ = shim_create();
        its_host_ops ops = {this, mem_read, mem_write, set_pending, clear_pending, move_pending,
                            inv, invall, nullptr, movall};
        its_ = its_create(&cfg, &ops);
        for (unsigned i = 0; i < cpus; i++) {
            redist_config rc;
            redist_config_qemu_virt(&rc, i, cpus);
            rc.id_bits = id_bits;
            if (rd_tweak)
                rd_tweak(rc);
            redist_host_ops rops = {this, mem_read, mem_write, nullptr};
            rd_.push_back(redist_create(&rc, &rops));
            redist_icc_pmr_write(rd_.back(), 0xF0);
            redist_icc_igrpen1_write(rd_.back(), true);
        }
        env_ = {this, env_read, env_write, env_alloc, env_relax, [](void *) {}, [](void *) {}, env_clean,
                env_alloc32};
        layout_ = {kGicd, kGicr, REDIST_FRAMES_SIZE, kIts, cpus};
        gicd_typer = (1u << 17) | (uint32_t(id_bits_ - 1) << 19);
    }
    ~CPlatform()
    {
        drv_free(drv_);
        for (redist_t *r : rd_)
            redist_destroy(r);
        its_destroy(its_);
        shim_destroy(mem_);
    }
    CPlatform(const CPlatform &) = delete;
    CPlatform &operator=(const CPlatform &) = delete;

    its_t *its() { return its_; }
    redist_t *rd(unsigned cpu) { return rd_[cpu]; }
    shim *mem() { return mem_; }
    const drv_env *env() const { return &env_; }
    const drv_layout *layout() const { return &layout_; }
    its_driver *&driver() { return drv_; }
    uint64_t relaxes() const { return relaxes_; }
    // Run the ITS's queue when a poll finds work (for deferred-mode configs).
    bool run_queue_on_poll = false;
    // With run_queue_on_poll: at most this many commands run per ITS register read.
    unsigned run_queue_max = ~0u;
    // The allocator hands out RAM below this (lower it to run the driver out of memory).
    uint64_t ram_end = kRamEnd;
    uint64_t allocated() const { return next_ - kRam; } // bytes handed out so far (below 4 GB)
    // alloc hands out RAM above 4 GB (a machine whose memory is mostly there).
    bool high_ram = false;
    // A device's MSI write reaches the ITS with its requester ID as DeviceID
    // (false: no sideband, as on SynQuacer).
    bool sideband = true;
    // A pre-ITS window (size 0: none): a write at base + 4 * n reaches
    // GITS_TRANSLATER with DeviceID n.
    uint64_t pre_its_base = 0x0E000000, pre_its_size = 0;
    // GICD_TYPER as the distributor answers it: LPIS and IDbits.
    uint32_t gicd_typer = 0;
    // With log_mmio, every GIC register access (not RAM) in order.
    struct Access {
        bool write;
        uint64_t pa;
        unsigned size;
        uint64_t value;
    };
    bool log_mmio = false;
    std::vector<Access> mmio;
    // Every range the driver cleaned to the point of coherency (the shim's
    // memory is coherent: cleaning changes nothing).
    std::vector<std::pair<uint64_t, uint64_t>> cleaned;

    drv_status bring_up(const drv_options *opt = nullptr)
    {
        drv_status s = drv_probe(&drv_, &env_, &layout_, opt);
        for (unsigned c = 0; s == DRV_OK && c < cpus_; c++)
            s = drv_cpu_init(drv_, &env_, c);
        return s;
    }

    // An MSI, then whatever the CPUs take: (cpu, intid) per acknowledge.
    its_msi_result msi(uint32_t dev, uint32_t ev) { return its_msi(its_, dev, ev, nullptr); }
    // A device's 32-bit MSI write of data to address, as it crosses the bus.
    its_msi_result device_msi(uint32_t requester_id, uint64_t address, uint32_t data)
    {
        its_msi_result r = ITS_MSI_DROP_NO_DEVICE_ID;
        if (pre_its_size && address >= pre_its_base && address - pre_its_base < pre_its_size) {
            uint32_t device_id = uint32_t((address - pre_its_base) >> 2);
            EXPECT_EQ(its_translater_write(its_, device_id, 4, data, &r), ITS_ACCESS_OK);
        } else if (address == kIts + ITS_TRANSLATER_OFFSET) {
            if (sideband)
                EXPECT_EQ(its_translater_write(its_, requester_id, 4, data, &r), ITS_ACCESS_OK);
            else
                EXPECT_EQ(its_write(its_, ITS_TRANSLATER_OFFSET, 4, data), ITS_ACCESS_OK);
        } else {
            ADD_FAILURE() << "MSI to 0x" << std::hex << address << ", neither GITS_TRANSLATER nor a pre-ITS slot";
        }
        return r;
    }
    std::vector<std::pair<unsigned, uint32_t>> take_all()
    {
        std::vector<std::pair<unsigned, uint32_t>> got;
        for (unsigned c = 0; c < cpus_; c++) {
            for (uint32_t id; (id = redist_icc_iar1_read(rd_[c])) != REDIST_SPURIOUS;) {
                got.push_back({c, id});
                redist_icc_eoir1_write(rd_[c], id);
            }
        }
        return got;
    }

private:
    static CPlatform *self(void *ctx) { return static_cast<CPlatform *>(ctx); }
    static bool is_ram(uint64_t pa) { return (pa >= kRam && pa < kRamEnd) || (pa >= kHighRam && pa < kHighRamEnd); }
    static int mem_read(void *ctx, uint64_t pa, void *buf, uint32_t len)
    {
        shim_mem_read(self(ctx)->mem_, pa, buf, len);
        return 0;
    }
    static int mem_write(void *ctx, uint64_t pa, const void *buf, uint32_t len)
    {
        shim_mem_write(self(ctx)->mem_, pa, buf, len);
        return 0;
    }
    static void set_pending(void *ctx, uint32_t t, uint32_t id) { redist_set_pending(self(ctx)->rd_[t], id); }
    static void clear_pending(void *ctx, uint32_t t, uint32_t id) { redist_clear_pending(self(ctx)->rd_[t], id); }
    static void move_pending(void *ctx, uint32_t f, uint32_t t, uint32_t id)
    {
        if (redist_clear_pending(self(ctx)->rd_[f], id))
            redist_set_pending(self(ctx)->rd_[t], id);
    }
    static void inv(void *ctx, uint32_t t, uint32_t id) { redist_inv(self(ctx)->rd_[t], id); }
    static void invall(void *ctx, uint32_t t) { redist_invall(self(ctx)->rd_[t]); }
    static void movall(void *ctx, uint32_t f, uint32_t t)
    {
        for (uint32_t id = redist_next_pending(self(ctx)->rd_[f], 0); id; id = redist_next_pending(self(ctx)->rd_[f], id + 1))
            move_pending(ctx, f, t, id);
    }

    static uint64_t env_read(void *ctx, uint64_t pa, unsigned size)
    {
        CPlatform *p = self(ctx);
        uint64_t v = 0;
        if (pa >= kIts && pa < kIts + ITS_FRAMES_SIZE) {
            if (p->run_queue_on_poll)
                its_cmdq_run(p->its_, p->run_queue_max);
            EXPECT_EQ(its_read(p->its_, pa - kIts, size, &v), ITS_ACCESS_OK) << std::hex << pa;
        } else if (pa >= kGicr && pa < kGicr + p->cpus_ * uint64_t(REDIST_FRAMES_SIZE)) {
            uint64_t o = pa - kGicr;
            EXPECT_EQ(redist_read(p->rd_[o / REDIST_FRAMES_SIZE], o % REDIST_FRAMES_SIZE, size, &v), ITS_ACCESS_OK);
        } else if (pa >= kGicd && pa < kGicd + 0x10000) {
            if (pa - kGicd == 4) // GICD_TYPER: LPIS, IDbits
                v = p->gicd_typer;
        } else {
            shim_mem_read(p->mem_, pa, &v, size);
            return v;
        }
        if (p->log_mmio)
            p->mmio.push_back({false, pa, size, v});
        return v;
    }
    static void env_write(void *ctx, uint64_t pa, unsigned size, uint64_t v)
    {
        CPlatform *p = self(ctx);
        if (p->log_mmio && !is_ram(pa))
            p->mmio.push_back({true, pa, size, v});
        if (pa >= kIts && pa < kIts + ITS_FRAMES_SIZE) {
            EXPECT_EQ(its_write(p->its_, pa - kIts, size, v), ITS_ACCESS_OK) << std::hex << pa;
        } else if (pa >= kGicr && pa < kGicr + p->cpus_ * uint64_t(REDIST_FRAMES_SIZE)) {
            uint64_t o = pa - kGicr;
            EXPECT_EQ(redist_write(p->rd_[o / REDIST_FRAMES_SIZE], o % REDIST_FRAMES_SIZE, size, v), ITS_ACCESS_OK);
        } else if (is_ram(pa)) {
            shim_mem_write(p->mem_, pa, &v, size);
        } else {
            ADD_FAILURE() << "driver wrote outside RAM and the GIC: 0x" << std::hex << pa;
        }
    }
    static uint64_t env_alloc(void *ctx, uint64_t bytes, uint64_t align)
    {
        CPlatform *p = self(ctx);
        if (p->high_ram) {
            uint64_t pa = (p->next_high_ + align - 1) & ~(align - 1);
            if (pa + bytes > kHighRamEnd)
                return 0;
            p->next_high_ = pa + bytes;
            return pa;
        }
        return env_alloc32(ctx, bytes, align);
    }
    static uint64_t env_alloc32(void *ctx, uint64_t bytes, uint64_t align)
    {
        CPlatform *p = self(ctx);
        uint64_t pa = (p->next_ + align - 1) & ~(align - 1);
        if (pa + bytes > p->ram_end)
            return 0;
        p->next_ = pa + bytes;
        return pa;
    }
    static void env_relax(void *ctx) { self(ctx)->relaxes_++; }
    static void env_clean(void *ctx, uint64_t pa, uint64_t bytes) { self(ctx)->cleaned.push_back({pa, bytes}); }

    unsigned cpus_;
    uint8_t id_bits_;
    shim *mem_ = nullptr;
    its_t *its_ = nullptr;
    std::vector<redist_t *> rd_;
    drv_env env_;
    drv_layout layout_;
    its_driver *drv_ = nullptr;
    uint64_t next_ = kRam, next_high_ = kHighRam, relaxes_ = 0;
};
