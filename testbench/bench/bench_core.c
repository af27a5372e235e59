/* SPDX-License-Identifier: Apache-2.0 */
/*
 * its-bench-core: what a translation costs on the host.
 *
 * For N mapped events (16 .. 1,048,576) it measures, in the same run:
 *  - hot: its_translate() over a fixed set of 16 hot (DeviceID, EventID)
 *    pairs spread over the mappings, against bare_hash_get() over the same
 *    pairs in a bare open-addressing hash holding all N translations (same
 *    answers), and its_msi() (translation, counting, delivery) for context;
 *    then the same over a wider hot set of up to 1024 pairs;
 *  - sweep: translate and hash over all N pairs in a random order (there the
 *    host's memory hierarchy dominates both).
 * It ends with the two figures docs/performance.md tracks:
 *   hot_vs_hash_ratio: worst 16-pair hot ratio over all N
 *   growth_16_to_1M_ratio: 16-pair hot translate cost at 1M events / at 16
 */
#define _POSIX_C_SOURCE 199309L /* clock_gettime */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bare_hash.h"
#include "its/commands.h"
#include "its/its.h"
#include "its/regs.h"

#define RAM_BASE 0x40000000ull
#define RAM_SIZE (32ull << 20)
#define QUEUE_BYTES (64u * 1024)
#define NUM_TARGETS 4u
#define EVENTS_PER_DEVICE_MAX 65536u
#define HOT_KEYS 16u       /* the headline hot set: the same size at every N */
#define WIDE_HOT_KEYS 1024u /* a wider hot set, for context */

typedef struct bench {
    uint8_t *ram;
    uint64_t delivered; /* over all runs, from the ITS's statistics */
    its_t *its;
    uint64_t queue, cwriter, next_free;
} bench;

typedef struct key {
    uint32_t dev, ev;
} key;

static int ram_read(void *ctx, uint64_t pa, void *buf, uint32_t len)
{
    bench *b = ctx;
    if (pa < RAM_BASE || pa + len > RAM_BASE + RAM_SIZE)
        return -1;
    memcpy(buf, b->ram + (pa - RAM_BASE), len);
    return 0;
}

static int ram_write(void *ctx, uint64_t pa, const void *buf, uint32_t len)
{
    bench *b = ctx;
    if (pa < RAM_BASE || pa + len > RAM_BASE + RAM_SIZE)
        return -1;
    memcpy(b->ram + (pa - RAM_BASE), buf, len);
    return 0;
}

/* The cheapest redistributor: the benchmark measures the ITS, and checks
 * deliveries through the ITS's own counters. */
static void set_pending(void *ctx, uint32_t target, uint32_t intid)
{
    (void)ctx;
    (void)target;
    (void)intid;
}

static double now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static uint64_t rng_state = 0x853C49E6748FEA9Bull;
static uint64_t rng(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

static uint64_t take(bench *b, uint64_t bytes, uint64_t align)
{
    b->next_free = (b->next_free + align - 1) & ~(align - 1);
    uint64_t pa = b->next_free;
    b->next_free += bytes;
    return pa;
}

static void command(bench *b, const uint64_t c[4])
{
    its_cmd_store_le(b->ram + (b->queue - RAM_BASE) + b->cwriter, c);
    b->cwriter = (b->cwriter + ITS_CMD_BYTES) % QUEUE_BYTES;
    its_write(b->its, GITS_CWRITER, 8, b->cwriter);
}

static unsigned log2u(uint64_t v)
{
    unsigned n = 0;
    while ((1ull << n) < v)
        n++;
    return n;
}

static uint32_t device_of(uint32_t d) { return 0x100 + 7 * d; }

/* A fresh ITS with n events mapped through the command queue. */
static int setup(bench *b, const its_config *cfg, uint64_t n)
{
    memset(b->ram, 0, RAM_SIZE);
    b->next_free = RAM_BASE;
    b->cwriter = 0;
    its_host_ops ops = {.ctx = b, .mem_read = ram_read, .mem_write = ram_write, .set_pending = set_pending};
    b->its = its_create(cfg, &ops);
    if (!b->its)
        return -1;
    uint64_t dev_table = take(b, 0x10000, 0x10000), coll_table = take(b, 0x10000, 0x10000);
    b->queue = take(b, QUEUE_BYTES, 0x10000);
    uint64_t v, c[4];
    its_read(b->its, GITS_BASER(0), 8, &v);
    its_write(b->its, GITS_BASER(0), 8, its_baser_make(v, dev_table, GITS_BASER_PAGE_SIZE_64K, 1, false));
    its_read(b->its, GITS_BASER(1), 8, &v);
    its_write(b->its, GITS_BASER(1), 8, its_baser_make(v, coll_table, GITS_BASER_PAGE_SIZE_64K, 1, false));
    its_write(b->its, GITS_CBASER, 8, its_cbaser_make(b->queue, QUEUE_BYTES / GITS_CBASER_PAGE_BYTES));
    its_write(b->its, GITS_CTLR, 4, GITS_CTLR_ENABLED_MASK);
    for (uint32_t t = 0; t < NUM_TARGETS; t++) {
        its_cmd_mapc(c, t, t, true);
        command(b, c);
    }
    uint64_t per_dev = n < EVENTS_PER_DEVICE_MAX ? n : EVENTS_PER_DEVICE_MAX;
    for (uint32_t d = 0; d < n / per_dev; d++) {
        uint64_t itt = take(b, per_dev * cfg->ite_size, 256);
        its_cmd_mapd(c, device_of(d), log2u(per_dev) - 1, itt, true);
        command(b, c);
        for (uint64_t e = 0; e < per_dev; e++) {
            uint32_t intid = (uint32_t)(GIC_LPI_FIRST_INTID + (d * per_dev + e) % 32768);
            its_cmd_mapti(c, device_of(d), (uint32_t)e, intid, (uint32_t)(e % NUM_TARGETS));
            command(b, c);
        }
    }
    return b->next_free <= RAM_BASE + RAM_SIZE ? 0 : -1;
}

static key key_at(uint64_t i, uint64_t n)
{
    uint64_t per_dev = n < EVENTS_PER_DEVICE_MAX ? n : EVENTS_PER_DEVICE_MAX;
    return (key){device_of((uint32_t)(i / per_dev)), (uint32_t)(i % per_dev)};
}

static uint64_t pack(key k) { return ((uint64_t)k.dev << 32) | k.ev; }

typedef struct timing {
    double translate_ns, hash_ns, ratio, msi_ns; /* medians over the runs */
} timing;

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

#define MAX_REPS 15

/* `reps` runs of `iters` calls over seq (length a power of two). Each run
 * times both back to back, so the ratio of a run shares its machine state. */
static timing measure(bench *b, const bare_hash *h, const key *seq, uint64_t len, uint64_t iters,
                      int reps)
{
    double xl[MAX_REPS], hs[MAX_REPS], ratio[MAX_REPS], msi[MAX_REPS];
    volatile uint64_t sink = 0;
    for (int r = 0; r < reps; r++) {
        uint64_t sum = 0;
        its_translation t;
        bare_translation bt;
        double t0 = now_ns();
        for (uint64_t i = 0; i < iters; i++) {
            const key *k = &seq[i & (len - 1)];
            its_translate(b->its, k->dev, k->ev, &t);
            sum += t.intid;
        }
        double t1 = now_ns();
        for (uint64_t i = 0; i < iters; i++) {
            bare_hash_get(h, pack(seq[i & (len - 1)]), &bt);
            sum += bt.intid;
        }
        double t2 = now_ns();
        for (uint64_t i = 0; i < iters; i++) {
            const key *k = &seq[i & (len - 1)];
            its_msi(b->its, k->dev, k->ev, &t);
            sum += t.intid;
        }
        double t3 = now_ns();
        sink += sum;
        msi[r] = (t3 - t2) / (double)iters;
        xl[r] = (t1 - t0) / (double)iters;
        hs[r] = (t2 - t1) / (double)iters;
        ratio[r] = xl[r] / hs[r];
    }
    (void)sink;
    return (timing){median(xl, reps), median(hs, reps), median(ratio, reps), median(msi, reps)};
}

int main(int argc, char **argv)
{
    uint64_t iters = 2000000;
    int reps = 11;
    its_config cfg;
    its_config_preset_qemu_virt(&cfg, NUM_TARGETS);
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--quick")) {
            iters = 100000;
            reps = 3;
        } else if (!strcmp(argv[i], "--preset") && i + 1 < argc && !strcmp(argv[i + 1], "gic600")) {
            its_config_preset_gic600(&cfg, NUM_TARGETS);
            cfg.devid_bits = 16; /* keep a flat 64K device table */
            i++;
        } else {
            fprintf(stderr, "usage: its-bench-core [--quick] [--preset gic600]\n");
            return 2;
        }
    }
    bench b = {.ram = malloc(RAM_SIZE)};
    if (!b.ram) {
        fprintf(stderr, "its-bench-core: out of memory\n");
        return 1;
    }
    printf("its-bench-core: ns per call, median of %d runs of %" PRIu64 " calls\n", reps, iters);
    printf("%9s | %-34s | %-28s | %s\n", "", "hot: 16 pairs", "hot: up to 1024 pairs", "sweep: all pairs");
    printf("%9s | %8s %8s %6s %8s | %5s %8s %6s %6s | %8s %8s %6s\n", "events", "xlate_ns", "hash_ns", "ratio",
           "msi_ns", "pairs", "xlate_ns", "hash", "ratio", "xlate_ns", "hash_ns", "ratio");
    double worst_hot = 0, worst_wide = 0, hot16 = 0, hot1m = 0;
    for (uint64_t n = 16; n <= (1u << 20); n *= 16) {
        if (setup(&b, &cfg, n) != 0) {
            fprintf(stderr, "its-bench-core: set-up failed for %" PRIu64 " events\n", n);
            return 1;
        }
        bare_hash h;
        if (bare_hash_init(&h, n) != 0)
            return 1;
        key *all = malloc(n * sizeof *all);
        for (uint64_t i = 0; i < n; i++) {
            all[i] = key_at(i, n);
            uint32_t ev = all[i].ev;
            bare_hash_put(&h, pack(all[i]), bare_hash_value(8192 + i % 32768, ev % NUM_TARGETS, ev % NUM_TARGETS));
        }
        for (uint64_t i = n - 1; i > 0; i--) { /* shuffle: the sweep order */
            uint64_t j = rng() % (i + 1);
            key k = all[i];
            all[i] = all[j];
            all[j] = k;
        }
        uint64_t wide = n < WIDE_HOT_KEYS ? n : WIDE_HOT_KEYS;
        its_translation t;
        bare_translation bt;
        if (its_translate(b.its, all[0].dev, all[0].ev, &t) != ITS_MSI_DELIVERED ||
            bare_hash_get(&h, pack(all[0]), &bt) != 0 || t.intid != bt.intid ||
            t.target != bt.target || t.icid != bt.icid) {
            fprintf(stderr, "its-bench-core: translation check failed\n");
            return 1;
        }
        timing th = measure(&b, &h, all, HOT_KEYS, iters, reps);
        timing tw = wide == HOT_KEYS ? th : measure(&b, &h, all, wide, iters, reps);
        timing ts = measure(&b, &h, all, n, iters, reps);
        printf("%9" PRIu64 " | %8.2f %8.2f %6.2f %8.2f | %5" PRIu64 " %8.2f %6.2f %6.2f | %8.2f %8.2f %6.2f\n", n,
               th.translate_ns, th.hash_ns, th.ratio, th.msi_ns, wide, tw.translate_ns, tw.hash_ns, tw.ratio,
               ts.translate_ns, ts.hash_ns, ts.ratio);
        if (th.ratio > worst_hot)
            worst_hot = th.ratio;
        if (tw.ratio > worst_wide)
            worst_wide = tw.ratio;
        if (n == 16)
            hot16 = th.translate_ns;
        hot1m = th.translate_ns;
        its_stats st;
        its_get_stats(b.its, &st);
        b.delivered += st.msi[ITS_MSI_DELIVERED];
        free(all);
        bare_hash_free(&h);
        its_destroy(b.its);
    }
    printf("MSIs delivered during the run: %" PRIu64 "\n", b.delivered);
    printf("wide hot set (up to 1024 pairs), worst ratio to the hash: %.2f\n", worst_wide);
    printf("hot_vs_hash_ratio: %.2f\n", worst_hot);
    printf("growth_16_to_1M_ratio: %.2f\n", hot1m / hot16);
    free(b.ram);
    return 0;
}
