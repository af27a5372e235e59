/* SPDX-License-Identifier: Apache-2.0 */
#include "shim.h"

#include <stdlib.h>
#include <string.h>

#define PAGE_BITS 12
#define PAGE_SIZE (1u << PAGE_BITS)
#define MAX_FAULTS 16

typedef struct page {
    uint64_t number;
    uint8_t *data; /* NULL: empty slot */
} page;

struct shim {
    page *pages; /* open addressing on the page number */
    size_t slots, used;
    struct { uint64_t lo, hi; } faults[MAX_FAULTS];
    int nfaults;
    uint64_t reads, writes;
    shim_event *events;
    size_t nevents, cap;
};

static size_t home(const shim *s, uint64_t number)
{
    return (size_t)((number * 0x9E3779B97F4A7C15ull) >> 20) & (s->slots - 1);
}

static page *find(shim *s, uint64_t number, int create);

static void grow(shim *s)
{
    page *old = s->pages;
    size_t n = s->slots;
    s->slots = n ? n * 2 : 256;
    s->pages = calloc(s->slots, sizeof *s->pages);
    s->used = 0;
    for (size_t i = 0; i < n; i++)
        if (old[i].data)
            *find(s, old[i].number, 1) = old[i];
    free(old);
}

static page *find(shim *s, uint64_t number, int create)
{
    if (create && (s->used + 1) * 2 > s->slots)
        grow(s);
    if (!s->slots)
        return NULL;
    for (size_t i = home(s, number);; i = (i + 1) & (s->slots - 1)) {
        if (s->pages[i].data && s->pages[i].number == number)
            return &s->pages[i];
        if (!s->pages[i].data) {
            if (!create)
                return NULL;
            s->pages[i].number = number;
            s->used++;
            return &s->pages[i];
        }
    }
}

static uint8_t *page_data(shim *s, uint64_t number, int create)
{
    page *p = find(s, number, create);
    if (!p)
        return NULL;
    if (!p->data)
        p->data = calloc(1, PAGE_SIZE);
    return p->data;
}

shim *shim_create(void) { return calloc(1, sizeof(shim)); }

void shim_destroy(shim *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->slots; i++)
        free(s->pages[i].data);
    free(s->pages);
    free(s->events);
    free(s);
}

void shim_mem_write(shim *s, uint64_t pa, const void *buf, size_t len)
{
    const uint8_t *src = buf;
    while (len) {
        size_t off = pa & (PAGE_SIZE - 1), n = PAGE_SIZE - off;
        if (n > len)
            n = len;
        memcpy(page_data(s, pa >> PAGE_BITS, 1) + off, src, n);
        pa += n, src += n, len -= n;
    }
}

void shim_mem_read(shim *s, uint64_t pa, void *buf, size_t len)
{
    uint8_t *dst = buf;
    while (len) {
        size_t off = pa & (PAGE_SIZE - 1), n = PAGE_SIZE - off;
        if (n > len)
            n = len;
        uint8_t *p = page_data(s, pa >> PAGE_BITS, 0);
        if (p)
            memcpy(dst, p + off, n);
        else
            memset(dst, 0, n);
        pa += n, dst += n, len -= n;
    }
}

void shim_write64(shim *s, uint64_t pa, uint64_t v)
{
    uint8_t b[8];
    for (int i = 0; i < 8; i++)
        b[i] = (uint8_t)(v >> (8 * i));
    shim_mem_write(s, pa, b, 8);
}

uint64_t shim_read64(shim *s, uint64_t pa)
{
    uint8_t b[8];
    uint64_t v = 0;
    shim_mem_read(s, pa, b, 8);
    for (int i = 7; i >= 0; i--)
        v = (v << 8) | b[i];
    return v;
}

void shim_mem_copy(shim *dst, shim *src)
{
    for (size_t i = 0; i < src->slots; i++)
        if (src->pages[i].data)
            shim_mem_write(dst, src->pages[i].number << PAGE_BITS, src->pages[i].data, PAGE_SIZE);
}

/* Every page of a reads the same in b (a page b lacks reads as zeros). */
static int pages_in(shim *a, shim *b)
{
    static const uint8_t zero[PAGE_SIZE];
    for (size_t i = 0; i < a->slots; i++) {
        if (!a->pages[i].data)
            continue;
        const uint8_t *other = page_data(b, a->pages[i].number, 0);
        if (memcmp(a->pages[i].data, other ? other : zero, PAGE_SIZE) != 0)
            return 0;
    }
    return 1;
}

int shim_mem_equal(shim *a, shim *b) { return pages_in(a, b) && pages_in(b, a); }

void shim_add_fault(shim *s, uint64_t lo, uint64_t hi)
{
    if (s->nfaults < MAX_FAULTS) {
        s->faults[s->nfaults].lo = lo;
        s->faults[s->nfaults].hi = hi;
        s->nfaults++;
    }
}

void shim_clear_faults(shim *s) { s->nfaults = 0; }
uint64_t shim_mem_reads(const shim *s) { return s->reads; }
uint64_t shim_mem_writes(const shim *s) { return s->writes; }

static int faults(const shim *s, uint64_t pa, uint32_t len)
{
    for (int i = 0; i < s->nfaults; i++)
        if (pa < s->faults[i].hi && pa + len > s->faults[i].lo)
            return 1;
    return 0;
}

static int op_read(void *ctx, uint64_t pa, void *buf, uint32_t len)
{
    shim *s = ctx;
    s->reads++;
    if (faults(s, pa, len))
        return -1;
    shim_mem_read(s, pa, buf, len);
    return 0;
}

static int op_write(void *ctx, uint64_t pa, const void *buf, uint32_t len)
{
    shim *s = ctx;
    s->writes++;
    if (faults(s, pa, len))
        return -1;
    shim_mem_write(s, pa, buf, len);
    return 0;
}

static void record(shim *s, shim_event_kind kind, uint32_t target, uint32_t to, uint32_t intid)
{
    if (s->nevents == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 64;
        s->events = realloc(s->events, s->cap * sizeof *s->events);
    }
    s->events[s->nevents++] = (shim_event){kind, target, to, intid};
}

static void op_set(void *c, uint32_t t, uint32_t i) { record(c, SHIM_SET_PENDING, t, 0, i); }
static void op_clear(void *c, uint32_t t, uint32_t i) { record(c, SHIM_CLEAR_PENDING, t, 0, i); }
static void op_move(void *c, uint32_t f, uint32_t t, uint32_t i) { record(c, SHIM_MOVE_PENDING, f, t, i); }
static void op_inv(void *c, uint32_t t, uint32_t i) { record(c, SHIM_INV, t, 0, i); }
static void op_invall(void *c, uint32_t t) { record(c, SHIM_INVALL, t, 0, 0); }
static void op_sync(void *c, uint32_t t) { record(c, SHIM_SYNC, t, 0, 0); }
static void op_movall(void *c, uint32_t f, uint32_t t) { record(c, SHIM_MOVALL, f, t, 0); }

its_host_ops shim_ops(shim *s)
{
    its_host_ops ops = {s, op_read, op_write, op_set, op_clear, op_move,
                        op_inv, op_invall, op_sync, op_movall};
    return ops;
}

size_t shim_event_count(const shim *s) { return s->nevents; }
shim_event shim_event_at(const shim *s, size_t i) { return s->events[i]; }
void shim_clear_events(shim *s) { s->nevents = 0; }
