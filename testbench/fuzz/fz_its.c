/* SPDX-License-Identifier: Apache-2.0 */
/* The ITS targets' common part (fz_its.h). */
#include "fz_its.h"

#include <string.h>

#include "fz_check.h"
#include "its/commands.h"
#include "its/regs.h"

static fz_its *self(void *ctx) { return ctx; }

static void on_set_pending(void *ctx, uint32_t target, uint32_t intid)
{
    fz_its *f = self(ctx);
    FZ_CHECK(target < f->cfg.num_targets, "set_pending to target %u of %u", target, f->cfg.num_targets);
    f->set_pendings++;
    f->last_target = target;
    f->last_intid = intid;
}

static void on_target(void *ctx, uint32_t target)
{
    fz_its *f = self(ctx);
    FZ_CHECK(target < f->cfg.num_targets, "effect on target %u of %u", target, f->cfg.num_targets);
}

static void on_target_intid(void *ctx, uint32_t target, uint32_t intid)
{
    (void)intid;
    on_target(ctx, target);
}

static void on_move(void *ctx, uint32_t from, uint32_t to, uint32_t intid)
{
    (void)intid;
    on_target(ctx, from);
    on_target(ctx, to);
}

static void on_movall(void *ctx, uint32_t from, uint32_t to)
{
    on_target(ctx, from);
    on_target(ctx, to);
}

/* Two bytes: preset and behaviour (low), geometry (high). */
bool fz_its_create(fz_its *f, fz_mem *mem, uint8_t lo)
{
    memset(f, 0, sizeof *f);
    f->mem = mem;
    uint32_t targets = 1u << (lo >> 6);
    if (lo & 1)
        its_config_preset_gic600(&f->cfg, targets);
    else
        its_config_preset_qemu_virt(&f->cfg, targets);
    its_config *c = &f->cfg;
    if (lo & 2)
        c->error_policy = c->error_policy == ITS_POLICY_STALL ? ITS_POLICY_IGNORE : ITS_POLICY_STALL;
    if (lo & 4)
        c->process_on_write = !c->process_on_write;
    if (lo & 8) { /* tiny caches: evictions on every few accesses */
        its_cache_config small = {4, 2, (its_cache_policy)((lo >> 6) % 3)};
        c->device_cache = c->ite_cache = c->collection_cache = small;
    }
    if (lo & 16)
        c->hcc = 2;
    if (lo & 32)
        c->invalidate_on_disable = !c->invalidate_on_disable;
    if (its_config_check(c) != NULL)
        return false;
    its_host_ops sink = {f, NULL, NULL, on_set_pending, on_target_intid, on_move,
                         on_target_intid, on_target, on_target, on_movall};
    its_host_ops ops = fz_mem_its_ops(mem, &sink);
    f->its = its_create(c, &ops);
    FZ_CHECK(f->its != NULL, "its_create refused a configuration its_config_check accepts");
    fz_mem_attach_its(mem, f->its);
    return true;
}

void fz_its_destroy(fz_its *f)
{
    its_destroy(f->its);
    f->its = NULL;
}

static uint64_t peek_size(fz_its *f, uint64_t off, unsigned size)
{
    uint64_t v = 0;
    FZ_CHECK(its_peek(f->its, off, size, &v) == ITS_ACCESS_OK, "peek 0x%llx", (unsigned long long)off);
    return v;
}

static uint64_t peek(fz_its *f, uint64_t off) { return peek_size(f, off, 8); }

static int baser_of(const fz_its *f, its_table_type type)
{
    for (int n = 0; n < 8; n++)
        if (f->cfg.baser[n].type == type)
            return n;
    return -1;
}

bool fz_its_can_indirect(const fz_its *f, its_table_type type)
{
    int n = baser_of(f, type);
    return n >= 0 && f->cfg.baser[n].indirect;
}

/* A page-aligned place for `bytes` in a zone of `zone` bytes. */
static uint64_t place(uint64_t zone_off, uint64_t zone, uint64_t bytes, uint64_t page, uint32_t r)
{
    uint64_t room = zone > bytes ? zone - bytes : 0;
    return FZ_RAM_BASE + zone_off + ((r % (room + 1)) & ~(page - 1));
}

void fz_its_program_table(fz_its *f, its_table_type type, fz_input *in)
{
    int n = baser_of(f, type);
    uint8_t shape = fz_u8(in);
    uint32_t where = fz_u32(in);
    if (n < 0)
        return;
    unsigned psz = shape % 3;
    uint64_t page = its_baser_page_bytes(psz);
    uint64_t zone = type == ITS_TABLE_DEVICE ? FZ_ZONE_COLL - FZ_ZONE_DEVICE : FZ_ZONE_DEV_L2 - FZ_ZONE_COLL;
    unsigned pages = 1u + ((shape >> 2) & 0xF) * (shape & 0x40 ? 16u : 1u); /* 1..241 */
    if (pages * page > zone)
        pages = (unsigned)(zone / page);
    bool indirect = type == ITS_TABLE_DEVICE ? f->dev_indirect : f->coll_indirect;
    uint64_t pa = place(type == ITS_TABLE_DEVICE ? FZ_ZONE_DEVICE : FZ_ZONE_COLL, zone, pages * page, page, where);
    uint64_t v = its_baser_make(peek(f, GITS_BASER(n)), pa, psz, pages, indirect);
    if (shape & 0x80)
        v &= ~GITS_BASER_VALID_MASK;
    fz_its_mmio_write(f, GITS_BASER(n), 8, v);
}

void fz_its_program_queue(fz_its *f, fz_input *in)
{
    uint8_t shape = fz_u8(in);
    uint32_t where = fz_u32(in);
    unsigned pages = 1u + (shape & 0x3F) * (shape & 0x40 ? 4u : 1u); /* 1..253 */
    uint64_t pa = place(FZ_ZONE_QUEUE, FZ_ZONE_DEVICE - FZ_ZONE_QUEUE, pages * 4096ull, 4096, where);
    uint64_t v = its_cbaser_make(pa, pages);
    if (shape & 0x80)
        v &= ~GITS_CBASER_VALID_MASK;
    fz_its_mmio_write(f, GITS_CBASER, 8, v);
    /* What took is what software works with (an enabled ITS ignores it). */
    uint64_t cb = peek(f, GITS_CBASER);
    f->queue_pa = cb & GITS_CBASER_PA_MASK;
    f->queue_bytes = (cb & GITS_CBASER_VALID_MASK) ? (ITS_FIELD_GET(cb, GITS_CBASER_SIZE) + 1) * 4096ull : 0;
    f->cwriter = peek(f, GITS_CWRITER) & GITS_CWRITER_OFFSET_MASK;
    if (f->queue_bytes && f->cwriter >= f->queue_bytes)
        f->cwriter = 0;
}

void fz_its_install_l2(fz_its *f, its_table_type type, uint32_t slot)
{
    int n = baser_of(f, type);
    if (n < 0)
        return;
    uint64_t b = peek(f, GITS_BASER(n));
    if (!ITS_FIELD_GET(b, GITS_BASER_VALID) || !ITS_FIELD_GET(b, GITS_BASER_INDIRECT))
        return;
    uint64_t page = its_baser_page_bytes((unsigned)ITS_FIELD_GET(b, GITS_BASER_PAGE_SIZE));
    uint64_t l1_slots = (ITS_FIELD_GET(b, GITS_BASER_SIZE) + 1) * page / GITS_LVL1_ENTRY_BYTES;
    slot %= (uint32_t)l1_slots;
    uint64_t zone = type == ITS_TABLE_DEVICE ? FZ_ZONE_COLL_L2 - FZ_ZONE_DEV_L2 : FZ_ZONE_ITT - FZ_ZONE_COLL_L2;
    uint64_t off = type == ITS_TABLE_DEVICE ? FZ_ZONE_DEV_L2 : FZ_ZONE_COLL_L2;
    uint64_t l2 = FZ_RAM_BASE + off + ((uint64_t)slot * page) % zone;
    fz_mem_store64(f->mem, its_baser_pa(b) + (uint64_t)slot * GITS_LVL1_ENTRY_BYTES, l2 | GITS_LVL1_VALID_MASK);
    fz_mem_grant_l2(f->mem, type, l2);
}

void fz_its_enable(fz_its *f, bool on)
{
    fz_its_mmio_write(f, GITS_CTLR, 4, on ? GITS_CTLR_ENABLED_MASK : 0);
}

void fz_its_put(fz_its *f, const uint64_t cmd_in[4], bool publish)
{
    if (!f->queue_bytes)
        return;
    uint64_t cmd[4] = {cmd_in[0], cmd_in[1], cmd_in[2], cmd_in[3]};
    if ((cmd[0] & 0xFF) == ITS_CMD_MAPD) { /* software keeps ITTs in their zone */
        uint64_t itt = FZ_RAM_BASE + FZ_ZONE_ITT + ((cmd[2] >> 8) % (FZ_RAM_BYTES - FZ_ZONE_ITT)) ;
        cmd[2] = (cmd[2] & ~ITS_CMD_ITT_ADDR_MASK) | (itt & ITS_CMD_ITT_ADDR_MASK);
    }
    uint8_t b[ITS_CMD_BYTES];
    its_cmd_store_le(b, cmd);
    fz_mem_store(f->mem, f->queue_pa + f->cwriter, b, sizeof b);
    f->cwriter = (f->cwriter + ITS_CMD_BYTES) % f->queue_bytes;
    if (publish)
        fz_its_publish(f);
}

void fz_its_publish(fz_its *f)
{
    fz_its_mmio_write(f, GITS_CWRITER, 8, f->cwriter);
}

void fz_its_mmio_write(fz_its *f, uint64_t off, unsigned size, uint64_t v)
{
    its_stats before, after;
    its_get_stats(f->its, &before);
    uint64_t sp = f->set_pendings;
    its_access a = its_write(f->its, off, size, v);
    FZ_CHECK(a == ITS_ACCESS_OK || a == ITS_ACCESS_BAD_ADDRESS || a == ITS_ACCESS_BAD_SIZE, "write answer %d", a);
    its_get_stats(f->its, &after);
    uint64_t msis = 0;
    for (int r = 0; r < ITS_MSI_RESULTS; r++)
        msis += after.msi[r] - before.msi[r];
    /* A doorbell write without a DeviceID is one MSI, dropped for it. */
    f->msis += msis;
    FZ_CHECK(msis <= 1, "one register write made %llu MSIs", (unsigned long long)msis);
    if (msis)
        FZ_CHECK(after.msi[ITS_MSI_DROP_NO_DEVICE_ID] == before.msi[ITS_MSI_DROP_NO_DEVICE_ID] + 1,
                 "a GITS_TRANSLATER write without a DeviceID was not dropped for it");
    (void)sp;
    fz_its_check_queue(f);
}

void fz_its_mmio_read(fz_its *f, uint64_t off, unsigned size)
{
    uint64_t v = 0, p = 0;
    its_access pa = its_peek(f->its, off, size, &p);
    its_access a = its_read(f->its, off, size, &v);
    FZ_CHECK(a == pa, "read and peek disagree on access 0x%llx/%u", (unsigned long long)off, size);
    if (a == ITS_ACCESS_OK) {
        FZ_CHECK(v == p, "read and peek disagree on 0x%llx", (unsigned long long)off);
        FZ_CHECK(size == 8 || (v >> (8 * size)) == 0, "a %u-byte read returned 0x%llx", size, (unsigned long long)v);
    }
    fz_its_check_queue(f);
}

its_msi_result fz_its_msi(fz_its *f, uint32_t dev, uint32_t ev, bool doorbell)
{
    its_stats before, after;
    its_get_stats(f->its, &before);
    its_translation probe = {0}, out = {0};
    unsigned size = (ev & 0x80000000u) ? 2 : 4;
    if (doorbell && size == 2)
        ev &= 0xFFFF;
    its_msi_result expect = its_translate(f->its, dev, ev, &probe);
    uint64_t sp = f->set_pendings;
    its_msi_result r;
    if (doorbell) {
        FZ_CHECK(its_translater_write(f->its, dev, size, ev, &r) == ITS_ACCESS_OK, "doorbell write refused");
        out.intid = f->last_intid;
        out.target = f->last_target;
    } else {
        r = its_msi(f->its, dev, ev, &out);
    }
    f->msis++;
    FZ_CHECK(r >= ITS_MSI_DELIVERED && r < ITS_MSI_RESULTS, "MSI result %d is no outcome", r);
    FZ_CHECK(r == expect, "MSI (%u, %u) %s, its translation said %s", dev, ev, its_msi_result_name(r),
             its_msi_result_name(expect));
    its_get_stats(f->its, &after);
    for (int k = 0; k < ITS_MSI_RESULTS; k++)
        FZ_CHECK(after.msi[k] == before.msi[k] + (k == (int)r), "MSI counter %s moved wrong",
                 its_msi_result_name((its_msi_result)k));
    if (r == ITS_MSI_DELIVERED) {
        FZ_CHECK(f->set_pendings == sp + 1, "a delivered MSI made %llu LPIs pending",
                 (unsigned long long)(f->set_pendings - sp));
        FZ_CHECK(f->last_target == probe.target && f->last_intid == probe.intid,
                 "MSI went to (%u, %u), its translation said (%u, %u)", f->last_target, f->last_intid,
                 probe.target, probe.intid);
        FZ_CHECK(out.intid == probe.intid && out.target == probe.target, "MSI reported another translation");
        FZ_CHECK(probe.intid >= 8192 && probe.intid < (1u << f->cfg.lpi_id_bits), "delivered INTID %u is no LPI",
                 probe.intid);
    } else {
        FZ_CHECK(f->set_pendings == sp, "a dropped MSI made an LPI pending");
    }
    if (!(peek_size(f, GITS_CTLR, 4) & GITS_CTLR_ENABLED_MASK))
        FZ_CHECK(r == ITS_MSI_DROP_DISABLED, "MSI to a disabled ITS: %s", its_msi_result_name(r));
    return r;
}

void fz_its_check_queue(fz_its *f)
{
    uint64_t creadr = peek(f, GITS_CREADR), cb = peek(f, GITS_CBASER);
    FZ_CHECK((creadr & ~(GITS_CREADR_OFFSET_MASK | GITS_CREADR_STALLED_MASK)) == 0,
             "CREADR 0x%llx not 32-byte aligned", (unsigned long long)creadr);
    if (cb & GITS_CBASER_VALID_MASK) {
        uint64_t qbytes = (ITS_FIELD_GET(cb, GITS_CBASER_SIZE) + 1) * 4096ull;
        FZ_CHECK((creadr & GITS_CREADR_OFFSET_MASK) < qbytes, "CREADR 0x%llx beyond the queue of 0x%llx bytes",
                 (unsigned long long)creadr, (unsigned long long)qbytes);
    }
}

static bool one_step(fz_its *f)
{
    uint64_t r0 = peek(f, GITS_CREADR) & GITS_CREADR_OFFSET_MASK;
    uint64_t cb = peek(f, GITS_CBASER);
    uint64_t qbytes = (ITS_FIELD_GET(cb, GITS_CBASER_SIZE) + 1) * 4096ull;
    its_cmd_report rep;
    its_step s = its_cmdq_step(f->its, &rep);
    uint64_t creadr = peek(f, GITS_CREADR);
    fz_its_check_queue(f);
    switch (s) {
    case ITS_STEP_IDLE:
        FZ_CHECK((creadr & GITS_CREADR_OFFSET_MASK) == r0, "an idle step moved CREADR");
        return false;
    case ITS_STEP_DONE:
    case ITS_STEP_SKIPPED:
        FZ_CHECK((creadr & GITS_CREADR_OFFSET_MASK) == (r0 + ITS_CMD_BYTES) % qbytes,
                 "a command step moved CREADR 0x%llx -> 0x%llx", (unsigned long long)r0,
                 (unsigned long long)creadr);
        FZ_CHECK((s == ITS_STEP_DONE) == (rep.error == 0), "step %d with error 0x%x", s, rep.error);
        FZ_CHECK(rep.index == r0 / ITS_CMD_BYTES, "report names slot %u, CREADR was 0x%llx", rep.index,
                 (unsigned long long)r0);
        return true;
    case ITS_STEP_STALLED:
        FZ_CHECK(creadr & GITS_CREADR_STALLED_MASK, "a stall without CREADR.Stalled");
        FZ_CHECK((creadr & GITS_CREADR_OFFSET_MASK) == r0, "a stall moved CREADR");
        FZ_CHECK(rep.error != 0, "a stall without an error");
        return false;
    default:
        FZ_CHECK(0, "step answer %d", s);
    }
    return false;
}

void fz_its_steps(fz_its *f, unsigned n)
{
    for (unsigned i = 0; i < n && one_step(f); i++)
        ;
}

void fz_its_check_drain(fz_its *f)
{
    uint64_t cb = peek(f, GITS_CBASER);
    uint64_t slots = (cb & GITS_CBASER_VALID_MASK) ? (ITS_FIELD_GET(cb, GITS_CBASER_SIZE) + 1) * 4096ull / 32 : 0;
    uint64_t steps = 0;
    while (one_step(f)) {
        steps++;
        FZ_CHECK(steps < slots, "the queue did not drain in %llu steps", (unsigned long long)slots);
    }
    FZ_CHECK(!its_cmdq_ready(f->its), "the queue stopped with commands ready");
}

void fz_its_check_stats(fz_its *f)
{
    its_stats s;
    its_get_stats(f->its, &s);
    its_mem_stats sum = {0};
    for (int k = 0; k < ITS_MEM_KINDS; k++) {
        sum.reads += s.mem[k].reads;
        sum.read_bytes += s.mem[k].read_bytes;
        sum.writes += s.mem[k].writes;
        sum.write_bytes += s.mem[k].write_bytes;
        sum.faults += s.mem[k].faults;
    }
    FZ_CHECK(sum.reads == s.mem_reads && sum.read_bytes == s.mem_read_bytes && sum.writes == s.mem_writes &&
                 sum.write_bytes == s.mem_write_bytes && sum.faults == s.mem_faults,
             "memory counters by kind do not add up to the totals");
    fz_mem_counts m = fz_mem_get_counts(f->mem);
    FZ_CHECK(m.reads == s.mem_reads && m.writes == s.mem_writes,
             "the ITS counted %llu reads and %llu writes, the memory saw %llu and %llu",
             (unsigned long long)s.mem_reads, (unsigned long long)s.mem_writes, (unsigned long long)m.reads,
             (unsigned long long)m.writes);
    FZ_CHECK(m.refused == s.mem_faults, "faults: ITS %llu, memory %llu", (unsigned long long)s.mem_faults,
             (unsigned long long)m.refused);
    uint64_t cmds = s.commands_unknown;
    for (int i = 0; i < 16; i++)
        cmds += s.commands[i];
    FZ_CHECK(cmds == m.command_reads_ok, "%llu commands counted, %llu fetched", (unsigned long long)cmds,
             (unsigned long long)m.command_reads_ok);
    FZ_CHECK(s.stalls <= s.command_errors, "more stalls than command errors");
    its_error_record e;
    its_last_error(f->its, &e);
    FZ_CHECK(e.count == s.command_errors, "error record counts %llu, statistics %llu",
             (unsigned long long)e.count, (unsigned long long)s.command_errors);
    uint64_t msis = 0;
    for (int r = 0; r < ITS_MSI_RESULTS; r++)
        msis += s.msi[r];
    FZ_CHECK(msis == f->msis, "%llu MSIs counted, %llu sent", (unsigned long long)msis, (unsigned long long)f->msis);
}

static const uint8_t opcodes[] = {ITS_CMD_MAPD, ITS_CMD_MAPC, ITS_CMD_MAPTI, ITS_CMD_MAPI,
                                  ITS_CMD_MOVI, ITS_CMD_DISCARD, ITS_CMD_INV, ITS_CMD_INT,
                                  ITS_CMD_CLEAR, ITS_CMD_INVALL, ITS_CMD_SYNC, ITS_CMD_MOVALL};

void fz_its_well_formed(fz_its *f, fz_input *in)
{
    uint8_t op = opcodes[fz_u8(in) % sizeof opcodes];
    /* Small ranges, so that commands and MSIs meet. */
    uint32_t dev = fz_u8(in) % 32, ev = fz_u8(in) % 64, icid = fz_u8(in) % 8;
    uint32_t intid = 8192u + fz_u16(in) % 1024u;
    uint32_t target = fz_u8(in) % 8, size = fz_u8(in) % 12;
    uint64_t rd = f->cfg.pta ? f->cfg.rd_base + target * f->cfg.rd_stride : target;
    uint64_t c[4];
    switch (op) {
    case ITS_CMD_MAPD: its_cmd_mapd(c, dev, size, 0, !(size & 8)); break;
    case ITS_CMD_MAPC: its_cmd_mapc(c, icid, rd, !(size & 8)); break;
    case ITS_CMD_MAPTI: its_cmd_mapti(c, dev, ev, intid, icid); break;
    case ITS_CMD_MAPI: its_cmd_mapi(c, dev, ev, icid); break;
    case ITS_CMD_MOVI: its_cmd_movi(c, dev, ev, icid); break;
    case ITS_CMD_DISCARD: its_cmd_discard(c, dev, ev); break;
    case ITS_CMD_INV: its_cmd_inv(c, dev, ev); break;
    case ITS_CMD_INT: its_cmd_int(c, dev, ev); break;
    case ITS_CMD_CLEAR: its_cmd_clear(c, dev, ev); break;
    case ITS_CMD_INVALL: its_cmd_invall(c, icid); break;
    case ITS_CMD_SYNC: its_cmd_sync(c, rd); break;
    default: its_cmd_movall(c, rd, f->cfg.pta ? f->cfg.rd_base + (size % 8) * f->cfg.rd_stride : size % 8); break;
    }
    /* MAPD's ITT: fz_its_put places it from these bits. */
    if (op == ITS_CMD_MAPD)
        c[2] |= ((uint64_t)fz_u16(in) << 16) & ITS_CMD_ITT_ADDR_MASK;
    fz_its_put(f, c, true);
}


void fz_its_bring_up(fz_its *f, uint8_t shape)
{
    f->dev_indirect = (shape & 1) && fz_its_can_indirect(f, ITS_TABLE_DEVICE);
    f->coll_indirect = (shape & 2) && fz_its_can_indirect(f, ITS_TABLE_COLLECTION);
    fz_input none = {NULL, 0};
    fz_its_program_table(f, ITS_TABLE_DEVICE, &none);
    fz_its_program_table(f, ITS_TABLE_COLLECTION, &none);
    for (uint32_t s = 0; s < 4; s++) {
        fz_its_install_l2(f, ITS_TABLE_DEVICE, s);
        fz_its_install_l2(f, ITS_TABLE_COLLECTION, s);
    }
    fz_its_program_queue(f, &none);
    fz_its_enable(f, true);
}
