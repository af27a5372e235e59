/* SPDX-License-Identifier: Apache-2.0 */
/*
 * LPI state of one redistributor: which LPIs are pending, the cached
 * configuration bytes, and the priority structure that finds the LPI to
 * signal.
 *
 * - State for 4096 INTIDs lives in a chunk allocated on first use: the
 *   pending bits (a leaf of `pending`) and the configuration bytes the
 *   pending LPIs are selected with.
 * - The property cache is either those bytes themselves (unbounded: a byte
 *   once read stays) or a set-associative LRU cache (pcache) in front of
 *   them: a pending LPI keeps the byte it was made pending with even when
 *   the cache drops it, until INV/INVALL reload it.
 * - When its byte says enabled, a pending LPI is also in
 *   level[priority >> 2]; a disabled one is pending only, and joins its
 *   level when a reload enables it.
 * - The best LPI is the lowest INTID of the lowest non-empty level: one
 *   find-first-set on level_mask, four in the level's bitmap.
 */
#include <stdlib.h>
#include <string.h>

#include "redist_internal.h"

#define PEND_BYTES_PER_CHUNK (LPI_LEAF_SIZE / 8u)

static inline unsigned ctz64(uint64_t x) { return (unsigned)__builtin_ctzll(x); }

static inline uint32_t chunk_of(uint32_t intid) { return intid >> LPI_LEAF_BITS; }
static inline uint32_t slot_of(uint32_t intid) { return intid & (LPI_LEAF_SIZE - 1); }

static uint64_t prop_base(const redist_t *rd)
{
    return rd->propbaser & FIELD_MASK(GICR_PROPBASER_PA);
}

static uint64_t pend_base(const redist_t *rd)
{
    return rd->pendbaser & FIELD_MASK(GICR_PENDBASER_PA);
}

/* ---- Life cycle ---------------------------------------------------------- */

static bool bounded(const redist_t *rd) { return rd->pcache.enabled; }

int redist_lpi_init(redist_t *rd)
{
    rd->nchunks = 1u << (rd->cfg.id_bits - LPI_LEAF_BITS);
    rd->chunk = calloc(rd->nchunks, sizeof *rd->chunk);
    if (!rd->chunk)
        return -1;
    if (rd->cfg.property_cache_entries) {
        its_cache_config c = {rd->cfg.property_cache_entries, rd->cfg.property_cache_ways, ITS_REPLACE_LRU};
        if (its_cache_init(&rd->pcache, &c, &rd->prop))
            return -1;
        rd->pcache.low_bits = true;
    }
    if (its_lpi_set_init(&rd->stranded, rd->nchunks, true))
        return -1;
    return its_lpi_set_init(&rd->pending, rd->nchunks, false);
}

static void free_levels(redist_t *rd)
{
    for (unsigned p = 0; p < LPI_LEVELS; p++) {
        if (rd->level[p]) {
            its_lpi_set_free(rd->level[p]);
            free(rd->level[p]);
            rd->level[p] = NULL;
        }
    }
    rd->level_mask = 0;
}

void redist_lpi_free(redist_t *rd)
{
    free_levels(rd);
    if (rd->chunk)
        for (uint32_t c = 0; c < rd->nchunks; c++)
            free(rd->chunk[c]);
    free(rd->chunk);
    rd->chunk = NULL;
    its_lpi_set_free(&rd->pending);
    its_lpi_set_free(&rd->stranded);
    its_cache_free(&rd->pcache);
}

void redist_lpi_reset(redist_t *rd)
{
    free_levels(rd);
    for (uint32_t c = 0; c < rd->nchunks; c++) {
        free(rd->chunk[c]);
        rd->chunk[c] = NULL;
        rd->pending.leaf[c] = NULL;
    }
    rd->pending.top = 0;
    memset(rd->pending.mid, 0, sizeof rd->pending.mid);
    its_lpi_set_clear(&rd->stranded);
    rd->held = 0;
    its_cache_invalidate_all(&rd->pcache);
}

static lpi_chunk *chunk_get(redist_t *rd, uint32_t intid)
{
    uint32_t c = chunk_of(intid);
    if (!rd->chunk[c]) {
        lpi_chunk *k = calloc(1, sizeof *k);
        if (!k) {
            rd->st.diag[REDIST_DIAG_NO_MEMORY]++;
            return NULL;
        }
        rd->chunk[c] = k;
        rd->pending.leaf[c] = &k->pending;
    }
    return rd->chunk[c];
}

/* ---- Configuration cache ------------------------------------------------- */

/* Read intid's byte from the property table, in cached form. A fault reads
 * as disabled with the lowest priority. */
static uint8_t cfg_load(redist_t *rd, uint32_t intid)
{
    uint8_t b;
    rd->st.prop_reads++;
    if (redist_mem_read(rd, prop_base(rd) + (intid - LPI_FIRST), &b, 1))
        b = 0xFE;
    unsigned prio = (FIELD_GET(b, GIC_LPI_PROP_PRIORITY) << 2) & rd->primask;
    return (uint8_t)(prio | LPI_CFG_CACHED | FIELD_GET(b, GIC_LPI_PROP_ENABLE));
}

/* The byte of an LPI becoming pending, through the cache: a hit, or a miss
 * that reads the table (and, when bounded, may evict another byte). It is
 * the byte the LPI is selected with while pending. */
static uint8_t cfg_get(redist_t *rd, lpi_chunk *k, uint32_t intid)
{
    uint8_t *slot = &k->cfg[slot_of(intid)];
    if (!bounded(rd)) {
        if (*slot) {
            rd->prop.hits++;
        } else {
            rd->prop.misses++;
            *slot = cfg_load(rd, intid);
        }
        return *slot;
    }
    uint64_t v;
    if (!its_cache_lookup(&rd->pcache, intid, &v)) {
        v = cfg_load(rd, intid);
        its_cache_fill(&rd->pcache, intid, v);
    }
    return *slot = (uint8_t)v;
}

/* ---- Priority levels ----------------------------------------------------- */

/* -1: out of memory, intid left out of its level. */
static int level_add(redist_t *rd, uint32_t intid, uint8_t cfg)
{
    if (!FIELD_GET(cfg, GIC_LPI_PROP_ENABLE))
        return 0;
    unsigned p = cfg >> 2;
    lpi_set *s = rd->level[p];
    if (!s) {
        s = malloc(sizeof *s);
        if (!s || its_lpi_set_init(s, rd->nchunks, true)) {
            if (s)
                its_lpi_set_free(s);
            free(s);
            return -1;
        }
        rd->level[p] = s;
    }
    if (!its_lpi_set_leaf(s, intid))
        return -1;
    its_lpi_set_add(s, intid);
    rd->level_mask |= 1ull << p;
    return 0;
}

static void select_add(redist_t *rd, uint32_t intid, uint8_t cfg)
{
    /* Out of memory: stays pending, unselected, until a reload retries. */
    if (level_add(rd, intid, cfg))
        rd->st.diag[REDIST_DIAG_NO_MEMORY]++;
}

static void select_del(redist_t *rd, uint32_t intid, uint8_t cfg)
{
    if (!FIELD_GET(cfg, GIC_LPI_PROP_ENABLE))
        return;
    unsigned p = cfg >> 2;
    lpi_set *s = rd->level[p];
    if (s && its_lpi_set_del(s, intid) && its_lpi_set_empty(s))
        rd->level_mask &= ~(1ull << p);
}

bool redist_lpi_best(const redist_t *rd, uint32_t *intid, unsigned *priority)
{
    if (!rd->level_mask)
        return false;
    unsigned p = ctz64(rd->level_mask);
    *intid = its_lpi_set_first(rd->level[p], 0);
    *priority = p << 2;
    return true;
}

/* Every held (pending, not stranded) LPI in the level of its byte. */
int redist_lpi_restored(redist_t *rd)
{
    rd->held = 0;
    for (uint32_t i = its_lpi_set_first(&rd->pending, LPI_FIRST); i != LPI_SET_NONE;
         i = its_lpi_set_first(&rd->pending, i + 1)) {
        if (its_lpi_set_test(&rd->stranded, i))
            continue;
        rd->held++;
        if (level_add(rd, i, rd->chunk[chunk_of(i)]->cfg[slot_of(i)]))
            return -1;
    }
    return 0;
}

/* ---- Pending state ------------------------------------------------------- */

/* GIC-700 erratum 2195890: an LPI arriving with every slot of the
 * redistributor's own storage taken stays in the pending table, out of
 * selection, until a look again. */
static bool strands(const redist_t *rd) { return rd->cfg.gic700_2195890 && rd->held >= rd->cfg.pending_slots; }

/* Returns false when intid was pending already. */
static bool pend(redist_t *rd, lpi_chunk *k, uint32_t intid, bool strand)
{
    if (!its_lpi_set_add(&rd->pending, intid))
        return false;
    uint8_t cfg = cfg_get(rd, k, intid);
    if (strand && its_lpi_set_leaf(&rd->stranded, intid)) {
        its_lpi_set_add(&rd->stranded, intid);
        rd->st.stranded++;
        return true;
    }
    rd->held++;
    select_add(rd, intid, cfg);
    return true;
}

static bool unpend(redist_t *rd, uint32_t intid)
{
    if (!its_lpi_set_del(&rd->pending, intid))
        return false;
    if (!its_lpi_set_del(&rd->stranded, intid)) {
        rd->held--;
        select_del(rd, intid, rd->chunk[chunk_of(intid)]->cfg[slot_of(intid)]);
    }
    return true;
}

/* The events that make a GIC-700 look at its pending table again: every
 * stranded LPI joins selection with the byte it was made pending with. */
static void rescan(redist_t *rd)
{
    if (its_lpi_set_empty(&rd->stranded))
        return;
    rd->st.rescans++;
    for (uint32_t i = its_lpi_set_first(&rd->stranded, LPI_FIRST); i != LPI_SET_NONE;
         i = its_lpi_set_first(&rd->stranded, i + 1)) {
        rd->held++;
        select_add(rd, i, rd->chunk[chunk_of(i)]->cfg[slot_of(i)]);
    }
    its_lpi_set_clear(&rd->stranded);
}

void redist_lpi_take(redist_t *rd, uint32_t intid) { unpend(rd, intid); }

redist_lpi_result redist_set_pending(redist_t *rd, uint32_t intid)
{
    redist_lpi_result r;
    lpi_chunk *k;
    if (!rd->enable_lpis)
        r = REDIST_LPI_DROP_DISABLED;
    else if (!redist_lpi_in_range(rd, intid))
        r = REDIST_LPI_DROP_OOR;
    else if (!(k = chunk_get(rd, intid)))
        r = REDIST_LPI_DROP_NO_MEMORY;
    else
        r = pend(rd, k, intid, strands(rd)) ? REDIST_LPI_PENDING : REDIST_LPI_MERGED;
    rd->st.lpi[r]++;
    if (r == REDIST_LPI_PENDING)
        redist_update_irq(rd);
    return r;
}

bool redist_clear_pending(redist_t *rd, uint32_t intid)
{
    if (!redist_lpi_in_range(rd, intid)) {
        rd->st.diag[REDIST_DIAG_INTID_OOR]++; /* no LPI: nothing to clear, but not silently */
        return false;
    }
    if (!unpend(rd, intid))
        return false;
    rd->st.cleared++;
    redist_update_irq(rd);
    return true;
}

bool redist_is_pending(const redist_t *rd, uint32_t intid)
{
    return redist_lpi_in_range(rd, intid) && its_lpi_set_test(&rd->pending, intid);
}

uint32_t redist_next_pending(const redist_t *rd, uint32_t from)
{
    if (from < LPI_FIRST)
        from = LPI_FIRST;
    if (from >= rd->limit)
        return 0;
    uint32_t i = its_lpi_set_first(&rd->pending, from);
    return i == LPI_SET_NONE ? 0 : i;
}

/* ---- INV / INVALL -------------------------------------------------------- */

/* Read a byte again; a pending LPI leaves its old level for the new one
 * (also retrying a level insertion that once ran out of memory). With a
 * bounded cache, `cached` is the byte's slot, refreshed in place; NULL is a
 * pending LPI whose byte was dropped: it is filled again, as on a miss. */
static void reload(redist_t *rd, lpi_chunk *k, uint32_t intid, its_cache_slot *cached)
{
    uint8_t v = cfg_load(rd, intid);
    if (cached)
        cached->val = v;
    else if (bounded(rd))
        its_cache_fill(&rd->pcache, intid, v);
    uint8_t *slot = &k->cfg[slot_of(intid)];
    uint8_t old = *slot;
    *slot = v;
    if (its_lpi_set_test(&rd->pending, intid)) {
        select_del(rd, intid, old);
        select_add(rd, intid, v);
    }
}

void redist_inv(redist_t *rd, uint32_t intid)
{
    rd->st.invs++;
    if (!its_lpi_set_empty(&rd->stranded)) {
        rescan(rd);
        redist_update_irq(rd);
    }
    if (!redist_lpi_in_range(rd, intid)) {
        rd->st.diag[REDIST_DIAG_INTID_OOR]++; /* no LPI: no byte to reload */
        return;
    }
    /* With LPIs off nothing needs a byte (the cache empties on enable); a
     * byte neither cached nor behind a pending LPI is read when first needed. */
    if (!rd->enable_lpis)
        return;
    lpi_chunk *k = rd->chunk[chunk_of(intid)];
    if (!k)
        return;
    its_cache_slot *cached = NULL;
    if (bounded(rd)) {
        cached = its_cache_find(&rd->pcache, intid);
        if (!cached && !its_lpi_set_test(&rd->pending, intid))
            return;
    } else if (!k->cfg[slot_of(intid)]) {
        return;
    }
    reload(rd, k, intid, cached);
    redist_update_irq(rd);
}

/* Bounded: the byte of every pending LPI (in place, or refilled when the
 * cache dropped it), then every other cached byte in place: each read once. */
static void invall_bounded(redist_t *rd)
{
    its_cache *c = &rd->pcache;
    for (uint32_t i = its_lpi_set_first(&rd->pending, LPI_FIRST); i != LPI_SET_NONE;
         i = its_lpi_set_first(&rd->pending, i + 1))
        reload(rd, rd->chunk[chunk_of(i)], i, its_cache_find(c, i));
    for (uint64_t i = 0; i < (uint64_t)c->sets * c->ways; i++) {
        uint32_t intid = (uint32_t)c->slots[i].key;
        if (c->slots[i].val && !its_lpi_set_test(&rd->pending, intid))
            reload(rd, rd->chunk[chunk_of(intid)], intid, &c->slots[i]);
    }
}

void redist_invall(redist_t *rd)
{
    rd->st.invalls++;
    if (!rd->enable_lpis)
        return;
    rescan(rd);
    if (bounded(rd)) {
        invall_bounded(rd);
    } else {
        for (uint32_t c = chunk_of(LPI_FIRST); c < chunk_of(rd->limit); c++) {
            lpi_chunk *k = rd->chunk[c];
            if (!k)
                continue;
            for (uint32_t i = 0; i < LPI_LEAF_SIZE; i++)
                if (k->cfg[i])
                    reload(rd, k, (c << LPI_LEAF_BITS) | i, NULL);
        }
    }
    redist_update_irq(rd);
}

/* ---- EnableLPIs ---------------------------------------------------------- */

void redist_lpi_enable(redist_t *rd)
{
    /* Bytes software wrote while LPIs were off must be seen: start cold. */
    for (uint32_t c = 0; c < rd->nchunks; c++)
        if (rd->chunk[c])
            memset(rd->chunk[c]->cfg, 0, sizeof rd->chunk[c]->cfg);
    its_cache_invalidate_all(&rd->pcache);
    if (rd->ptz || rd->limit == 0)
        return;
    /* The first 1 KB (INTIDs below 8192) is IMPLEMENTATION DEFINED: skipped. */
    rd->st.pend_scans++;
    for (uint32_t c = chunk_of(LPI_FIRST); c < chunk_of(rd->limit); c++) {
        uint8_t buf[PEND_BYTES_PER_CHUNK];
        if (redist_mem_read(rd, pend_base(rd) + (uint64_t)c * sizeof buf, buf, sizeof buf))
            continue; /* reads as nothing pending */
        for (uint32_t i = 0; i < sizeof buf; i++) {
            for (unsigned bits = buf[i]; bits; bits &= bits - 1) {
                uint32_t intid = (c << LPI_LEAF_BITS) | (i << 3) | ctz64(bits);
                lpi_chunk *k = chunk_get(rd, intid);
                if (k)
                    pend(rd, k, intid, false);
            }
        }
    }
}

void redist_lpi_disable(redist_t *rd)
{
    /* The whole table of the range is written, so afterwards it holds
     * exactly the pending state (chunks never touched hold none). */
    if (rd->limit) {
        rd->st.pend_writebacks++;
        for (uint32_t c = chunk_of(LPI_FIRST); c < chunk_of(rd->limit); c++) {
            const lpi_chunk *k = rd->chunk[c];
            uint8_t buf[PEND_BYTES_PER_CHUNK];
            for (uint32_t i = 0; i < sizeof buf; i++)
                buf[i] = k ? (uint8_t)(k->pending.w[i >> 3] >> (8 * (i & 7))) : 0;
            redist_mem_write(rd, pend_base(rd) + (uint64_t)c * sizeof buf, buf, sizeof buf);
        }
    }
    its_lpi_set_clear(&rd->pending);
    its_lpi_set_clear(&rd->stranded);
    rd->held = 0;
    for (unsigned p = 0; p < LPI_LEVELS; p++)
        if (rd->level[p])
            its_lpi_set_clear(rd->level[p]);
    rd->level_mask = 0;
}
