/* SPDX-License-Identifier: Apache-2.0 */
/* The checked fake memory of the fuzz targets (fz_mem.h). The legal ranges
 * are decoded here from the registers as software reads them back, with
 * their own arithmetic (not the core's), so a core that walks a table wrong
 * is caught. */
#include "fz_mem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "its/commands.h"
#include "its/regs.h"
#include "fz_check.h"

#define PAGE 4096u
#define PAGES (FZ_RAM_BYTES / PAGE)
#define MAX_RANGES 1024u

typedef struct range {
    uint64_t lo, hi; /* [lo, hi) */
} range;

typedef struct range_set {
    range r[MAX_RANGES];
    unsigned n;
    bool overflow; /* more than MAX_RANGES given: the check is relaxed to "any" */
} range_set;

struct fz_mem {
    uint8_t *ram;
    uint8_t dirty[PAGES / 8];
    uint32_t dirty_list[PAGES];
    uint32_t ndirty;
    const its_t *its;
    const redist_t *rd;
    its_host_ops rd_ops;                 /* where the ITS's redistributor effects go */
    void (*irq)(void *, bool);
    void *irq_ctx;
    range_set itt, dev_l2, coll_l2;      /* what software gave */
    fz_mem_counts counts;
};

static void add_range(range_set *s, uint64_t lo, uint64_t hi)
{
    for (unsigned i = 0; i < s->n; i++)
        if (s->r[i].lo == lo && s->r[i].hi == hi)
            return;
    if (s->n == MAX_RANGES) {
        s->overflow = true;
        return;
    }
    s->r[s->n].lo = lo;
    s->r[s->n].hi = hi;
    s->n++;
}

static bool in_set(const range_set *s, uint64_t pa, uint64_t len)
{
    if (s->overflow)
        return true;
    for (unsigned i = 0; i < s->n; i++)
        if (pa >= s->r[i].lo && pa + len <= s->r[i].hi)
            return true;
    return false;
}

fz_mem *fz_mem_create(void)
{
    fz_mem *m = calloc(1, sizeof *m);
    FZ_CHECK(m != NULL, "out of memory");
    m->ram = calloc(1, FZ_RAM_BYTES);
    FZ_CHECK(m->ram != NULL, "out of memory");
    return m;
}

void fz_mem_destroy(fz_mem *m)
{
    if (!m)
        return;
    free(m->ram);
    free(m);
}

void fz_mem_reset(fz_mem *m)
{
    for (uint32_t i = 0; i < m->ndirty; i++) {
        uint32_t p = m->dirty_list[i];
        memset(m->ram + (uint64_t)p * PAGE, 0, PAGE);
        m->dirty[p / 8] = 0;
    }
    m->ndirty = 0;
    m->its = NULL;
    m->rd = NULL;
    memset(&m->rd_ops, 0, sizeof m->rd_ops);
    m->irq = NULL;
    m->itt.n = m->dev_l2.n = m->coll_l2.n = 0;
    m->itt.overflow = m->dev_l2.overflow = m->coll_l2.overflow = false;
    memset(&m->counts, 0, sizeof m->counts);
}

static bool in_ram(uint64_t pa, uint64_t len)
{
    return pa >= FZ_RAM_BASE && len <= FZ_RAM_BYTES && pa - FZ_RAM_BASE <= FZ_RAM_BYTES - len;
}

static void mark_dirty(fz_mem *m, uint64_t off, uint64_t len)
{
    for (uint64_t p = off / PAGE; p <= (off + len - 1) / PAGE; p++) {
        if (!(m->dirty[p / 8] & (1u << (p % 8)))) {
            m->dirty[p / 8] |= (uint8_t)(1u << (p % 8));
            m->dirty_list[m->ndirty++] = (uint32_t)p;
        }
    }
}

/* Software's stores outside RAM are dropped (as on a bus with nothing there). */
void fz_mem_store(fz_mem *m, uint64_t pa, const void *buf, size_t len)
{
    if (len == 0 || !in_ram(pa, len))
        return;
    memcpy(m->ram + (pa - FZ_RAM_BASE), buf, len);
    mark_dirty(m, pa - FZ_RAM_BASE, len);
}

void fz_mem_store64(fz_mem *m, uint64_t pa, uint64_t v)
{
    uint8_t b[8];
    for (int i = 0; i < 8; i++)
        b[i] = (uint8_t)(v >> (8 * i));
    fz_mem_store(m, pa, b, sizeof b);
}

void fz_mem_load(fz_mem *m, uint64_t pa, void *buf, size_t len)
{
    if (in_ram(pa, len))
        memcpy(buf, m->ram + (pa - FZ_RAM_BASE), len);
    else
        memset(buf, 0, len);
}

void fz_mem_grant_l2(fz_mem *m, its_table_type type, uint64_t pa)
{
    add_range(type == ITS_TABLE_DEVICE ? &m->dev_l2 : &m->coll_l2, pa, pa);
}

/* A level-2 page is as large as the table's pages are now: a descriptor
 * names its page by any address inside it. */
static bool in_l2(const range_set *s, uint64_t pa, uint64_t len, uint64_t page)
{
    if (s->overflow)
        return true;
    for (unsigned i = 0; i < s->n; i++) {
        uint64_t lo = s->r[i].lo & ~(page - 1);
        if (pa >= lo && pa + len <= lo + page)
            return true;
    }
    return false;
}

fz_mem_counts fz_mem_get_counts(const fz_mem *m) { return m->counts; }

/* ---- What the ITS's registers give ---------------------------------------- */

typedef struct table_view {
    bool valid, indirect;
    uint64_t base, bytes, entry, page;
} table_view;

static uint64_t reg(const its_t *its, uint64_t off)
{
    uint64_t v = 0;
    FZ_CHECK(its_peek(its, off, 8, &v) == ITS_ACCESS_OK, "peek 0x%llx", (unsigned long long)off);
    return v;
}

static table_view its_table(const its_t *its, its_table_type type)
{
    table_view t = {0};
    for (unsigned n = 0; n < GITS_BASER_COUNT; n++) {
        uint64_t b = reg(its, GITS_BASER(n));
        if (ITS_FIELD_GET(b, GITS_BASER_TYPE) != (uint64_t)type)
            continue;
        t.valid = ITS_FIELD_GET(b, GITS_BASER_VALID);
        t.indirect = ITS_FIELD_GET(b, GITS_BASER_INDIRECT);
        uint64_t psz = ITS_FIELD_GET(b, GITS_BASER_PAGE_SIZE);
        uint64_t page = psz == 0 ? 0x1000 : psz == 1 ? 0x4000 : 0x10000;
        uint64_t field = b & GITS_BASER_PA_MASK;
        t.base = psz == 2 ? ((field & 0x0000FFFFFFFF0000ull) | (((field >> 12) & 0xF) << 48)) : field;
        t.bytes = (ITS_FIELD_GET(b, GITS_BASER_SIZE) + 1) * page;
        t.page = page;
        t.entry = ITS_FIELD_GET(b, GITS_BASER_ENTRY_SIZE) + 1;
        break;
    }
    return t;
}

static bool within(uint64_t pa, uint64_t len, uint64_t lo, uint64_t bytes)
{
    return pa >= lo && len <= bytes && pa - lo <= bytes - len;
}

/* A fetched MAPD names an ITT: record it (raw, and as the core's address
 * width truncates it). Software's ITT is 2^(Size+1) entries. */
static void note_command(fz_mem *m, const uint8_t *b)
{
    uint64_t dw[4];
    for (int i = 0; i < 4; i++) {
        dw[i] = 0;
        for (int j = 0; j < 8; j++)
            dw[i] |= (uint64_t)b[8 * i + j] << (8 * j);
    }
    if ((dw[0] & 0xFF) != ITS_CMD_MAPD || !(dw[2] & ITS_CMD_VALID_MASK))
        return;
    const its_config *c = its_get_config(m->its);
    unsigned size = (unsigned)(dw[1] & ITS_CMD_SIZE_MASK);
    uint64_t itt = dw[2] & ITS_CMD_ITT_ADDR_MASK;
    uint64_t bytes = (uint64_t)c->ite_size << (size + 1);
    add_range(&m->itt, itt, itt + bytes);
    uint64_t masked = itt & ((1ull << c->pa_bits) - 1);
    if (masked != itt)
        add_range(&m->itt, masked, masked + bytes);
}

static void check_its_access(fz_mem *m, uint64_t pa, uint32_t len, bool write)
{
    its_mem_kind k = its_mem_kind_current(m->its);
    const char *kn = its_mem_kind_name(k);
    switch (k) {
    case ITS_MEM_COMMAND: {
        uint64_t cb = reg(m->its, GITS_CBASER);
        uint64_t qbase = cb & GITS_CBASER_PA_MASK;
        uint64_t qbytes = (ITS_FIELD_GET(cb, GITS_CBASER_SIZE) + 1) * GITS_CBASER_PAGE_BYTES;
        FZ_CHECK(!write, "the ITS wrote into its command queue at 0x%llx", (unsigned long long)pa);
        FZ_CHECK(cb & GITS_CBASER_VALID_MASK, "command fetched with CBASER invalid");
        FZ_CHECK(len == ITS_CMD_BYTES && within(pa, len, qbase, qbytes) && (pa - qbase) % ITS_CMD_BYTES == 0,
                 "command fetch 0x%llx+%u outside the queue 0x%llx+0x%llx", (unsigned long long)pa, len,
                 (unsigned long long)qbase, (unsigned long long)qbytes);
        return;
    }
    case ITS_MEM_DEVICE_L1:
    case ITS_MEM_COLLECTION_L1: {
        table_view t = its_table(m->its, k == ITS_MEM_DEVICE_L1 ? ITS_TABLE_DEVICE : ITS_TABLE_COLLECTION);
        FZ_CHECK(!write, "the ITS wrote a level-1 descriptor at 0x%llx", (unsigned long long)pa);
        FZ_CHECK(t.valid && t.indirect && len == GITS_LVL1_ENTRY_BYTES && within(pa, len, t.base, t.bytes) &&
                     (pa - t.base) % GITS_LVL1_ENTRY_BYTES == 0,
                 "%s access 0x%llx+%u outside the level-1 table 0x%llx+0x%llx", kn, (unsigned long long)pa, len,
                 (unsigned long long)t.base, (unsigned long long)t.bytes);
        return;
    }
    case ITS_MEM_DEVICE:
    case ITS_MEM_COLLECTION: {
        its_table_type type = k == ITS_MEM_DEVICE ? ITS_TABLE_DEVICE : ITS_TABLE_COLLECTION;
        table_view t = its_table(m->its, type);
        FZ_CHECK(t.valid && len == t.entry, "%s access of %u bytes (entry %llu, valid %d)", kn, len,
                 (unsigned long long)t.entry, t.valid);
        if (t.indirect)
            FZ_CHECK(in_l2(type == ITS_TABLE_DEVICE ? &m->dev_l2 : &m->coll_l2, pa, len, t.page),
                     "%s access 0x%llx+%u in no level-2 page software installed", kn, (unsigned long long)pa, len);
        else
            FZ_CHECK(within(pa, len, t.base, t.bytes) && (pa - t.base) % t.entry == 0,
                     "%s access 0x%llx+%u outside the table 0x%llx+0x%llx", kn, (unsigned long long)pa, len,
                     (unsigned long long)t.base, (unsigned long long)t.bytes);
        return;
    }
    case ITS_MEM_ITT:
        FZ_CHECK(len == its_get_config(m->its)->ite_size && in_set(&m->itt, pa, len),
                 "ITT access 0x%llx+%u in no ITT a MAPD named", (unsigned long long)pa, len);
        return;
    default:
        FZ_CHECK(0, "memory access of unknown kind %d", (int)k);
    }
}

/* ---- What a redistributor's registers give -------------------------------- */

static void check_redist_access(fz_mem *m, uint64_t pa, uint32_t len)
{
    uint64_t prop = 0, pend = 0;
    FZ_CHECK(redist_peek(m->rd, GICR_PROPBASER, 8, &prop) == ITS_ACCESS_OK, "peek PROPBASER");
    FZ_CHECK(redist_peek(m->rd, GICR_PENDBASER, 8, &pend) == ITS_ACCESS_OK, "peek PENDBASER");
    unsigned bits = (unsigned)ITS_FIELD_GET(prop, GICR_PROPBASER_IDBITS) + 1;
    unsigned cap = redist_get_config(m->rd)->id_bits;
    if (bits > cap)
        bits = cap;
    uint64_t ids = 1ull << bits;
    uint64_t prop_bytes = ids > 8192 ? ids - 8192 : 0;
    bool ok = within(pa, len, prop & GICR_PROPBASER_PA_MASK, prop_bytes) ||
              within(pa, len, pend & GICR_PENDBASER_PA_MASK, ids / 8);
    FZ_CHECK(ok, "redistributor access 0x%llx+%u outside its property table 0x%llx+0x%llx and pending table "
                 "0x%llx+0x%llx", (unsigned long long)pa, len, (unsigned long long)(prop & GICR_PROPBASER_PA_MASK),
             (unsigned long long)prop_bytes, (unsigned long long)(pend & GICR_PENDBASER_PA_MASK),
             (unsigned long long)(ids / 8));
}

/* ---- Callbacks ------------------------------------------------------------ */

static int do_read(fz_mem *m, uint64_t pa, void *buf, uint32_t len)
{
    m->counts.reads++;
    if (!in_ram(pa, len)) {
        m->counts.refused++;
        return 1;
    }
    memcpy(buf, m->ram + (pa - FZ_RAM_BASE), len);
    return 0;
}

static int do_write(fz_mem *m, uint64_t pa, const void *buf, uint32_t len)
{
    m->counts.writes++;
    if (!in_ram(pa, len)) {
        m->counts.refused++;
        return 1;
    }
    memcpy(m->ram + (pa - FZ_RAM_BASE), buf, len);
    mark_dirty(m, pa - FZ_RAM_BASE, len);
    return 0;
}

static int its_read_cb(void *ctx, uint64_t pa, void *buf, uint32_t len)
{
    fz_mem *m = ctx;
    FZ_CHECK(m->its != NULL, "ITS memory read before attach");
    check_its_access(m, pa, len, false);
    int r = do_read(m, pa, buf, len);
    if (r == 0 && its_mem_kind_current(m->its) == ITS_MEM_COMMAND) {
        m->counts.command_reads_ok++;
        note_command(m, buf);
    }
    return r;
}

static int its_write_cb(void *ctx, uint64_t pa, const void *buf, uint32_t len)
{
    fz_mem *m = ctx;
    FZ_CHECK(m->its != NULL, "ITS memory write before attach");
    check_its_access(m, pa, len, true);
    return do_write(m, pa, buf, len);
}

#define FORWARD(name, params, args)                                                                  \
    static void name params                                                                          \
    {                                                                                                \
        fz_mem *m = ctx;                                                                             \
        if (m->rd_ops.name)                                                                          \
            m->rd_ops.name args;                                                                     \
    }
FORWARD(set_pending, (void *ctx, uint32_t t, uint32_t id), (m->rd_ops.ctx, t, id))
FORWARD(clear_pending, (void *ctx, uint32_t t, uint32_t id), (m->rd_ops.ctx, t, id))
FORWARD(move_pending, (void *ctx, uint32_t f, uint32_t t, uint32_t id), (m->rd_ops.ctx, f, t, id))
FORWARD(inv, (void *ctx, uint32_t t, uint32_t id), (m->rd_ops.ctx, t, id))
FORWARD(invall, (void *ctx, uint32_t t), (m->rd_ops.ctx, t))
FORWARD(sync, (void *ctx, uint32_t t), (m->rd_ops.ctx, t))
FORWARD(movall, (void *ctx, uint32_t f, uint32_t t), (m->rd_ops.ctx, f, t))

its_host_ops fz_mem_its_ops(fz_mem *m, const its_host_ops *rd_ops)
{
    if (rd_ops)
        m->rd_ops = *rd_ops;
    its_host_ops o = {m, its_read_cb, its_write_cb, set_pending, clear_pending, move_pending,
                      inv, invall, sync, movall};
    return o;
}

void fz_mem_attach_its(fz_mem *m, const its_t *its) { m->its = its; }

static int rd_read_cb(void *ctx, uint64_t pa, void *buf, uint32_t len)
{
    fz_mem *m = ctx;
    FZ_CHECK(m->rd != NULL, "redistributor memory read before attach");
    check_redist_access(m, pa, len);
    return do_read(m, pa, buf, len);
}

static int rd_write_cb(void *ctx, uint64_t pa, const void *buf, uint32_t len)
{
    fz_mem *m = ctx;
    FZ_CHECK(m->rd != NULL, "redistributor memory write before attach");
    check_redist_access(m, pa, len);
    return do_write(m, pa, buf, len);
}

static void irq_cb(void *ctx, bool level)
{
    fz_mem *m = ctx;
    if (m->irq)
        m->irq(m->irq_ctx, level);
}

redist_host_ops fz_mem_redist_ops(fz_mem *m, void (*irq)(void *, bool), void *irq_ctx)
{
    m->irq = irq;
    m->irq_ctx = irq_ctx;
    redist_host_ops o = {m, rd_read_cb, rd_write_cb, irq_cb};
    return o;
}

void fz_mem_attach_redist(fz_mem *m, const redist_t *rd) { m->rd = rd; }

fz_mem *fz_mem_for_input(void)
{
    static fz_mem *mem;
    if (!mem)
        mem = fz_mem_create();
    fz_mem_reset(mem);
    return mem;
}
