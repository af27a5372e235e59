// SPDX-License-Identifier: Apache-2.0
// The table walker and the in-memory formats: device and collection tables,
// flat and two-level, every page size; DTE/ITE/CTE bytes; 52-bit addresses;
// collections held in the ITS (HCC); RD_base targets (PTA); and the checks
// its_config_check makes before an ITS is created.
#include <algorithm>
#include <string>
#include <vector>

#include "its_harness.h"

namespace {

constexpr uint32_t kErrMapdDeviceOor = 0x010801, kErrMapcProcnumOor = 0x010902,
                   kErrMapcCollectionOor = 0x010903, kErrMaptiCollectionOor = 0x010A03,
                   kErrMapiCollectionOor = 0x010B03, kErrMoviCollectionOor = 0x010103,
                   kErrInvallCollectionOor = 0x010D03;

uint64_t mask(unsigned width) { return width >= 64 ? ~0ull : (1ull << width) - 1; }

// n little-endian bytes of simulated memory (n <= 8)
uint64_t load(ItsHarness &h, uint64_t pa, unsigned n)
{
    uint8_t b[8] = {};
    shim_mem_read(h.mem(), pa, b, n);
    uint64_t v = 0;
    for (unsigned i = n; i-- > 0;)
        v = v << 8 | b[i];
    return v;
}

std::vector<uint8_t> bytes(ItsHarness &h, uint64_t pa, size_t n)
{
    std::vector<uint8_t> v(n);
    shim_mem_read(h.mem(), pa, v.data(), n);
    return v;
}

void fill(ItsHarness &h, uint64_t pa, size_t n, uint8_t byte)
{
    std::vector<uint8_t> v(n, byte);
    shim_mem_write(h.mem(), pa, v.data(), n);
}

// Publish one command; its E_ITS code if it failed, else 0.
uint32_t exec(ItsHarness &h, const Cmd &c)
{
    uint64_t errors = h.stats().command_errors;
    h.put(c);
    return h.stats().command_errors != errors ? h.last_error() : 0;
}

// GITS_BASER Physical_Address field for pa (64K pages: bits [15:12] carry PA[51:48]).
uint64_t baser_pa_field(uint64_t pa, unsigned psz)
{
    if (psz == 2)
        return (pa & 0xFFFFFFFF0000ull) | ((pa >> 48) & 0xF) << 12;
    return pa & 0xFFFFFFFFF000ull;
}

// ---- The walker: each table type, page size and level count ---------------------

struct WalkCase {
    its_table_type type;
    unsigned psz;
    bool indirect;
};

void PrintTo(const WalkCase &c, std::ostream *os)
{
    *os << (c.type == ITS_TABLE_DEVICE ? "device" : "collection") << " psz " << c.psz
        << (c.indirect ? " two-level" : " flat");
}

std::string walk_name(const ::testing::TestParamInfo<WalkCase> &info)
{
    static const char *const sizes[] = {"4K", "16K", "64K"};
    return std::string(info.param.type == ITS_TABLE_DEVICE ? "Device" : "Collection") +
           sizes[info.param.psz] + (info.param.indirect ? "TwoLevel" : "Flat");
}

class TableWalk : public ::testing::TestWithParam<WalkCase> {
protected:
    static its_config make()
    {
        its_config c = qemu_config(4);
        c.devid_bits = 32; // so a two-level device table can be smaller than the ID space
        return c;
    }
    WalkCase p = GetParam();
    ItsHarness h{make()};
    uint64_t page = 4096ull << (2 * p.psz), per_page = page / 8; // 8-byte entries
    uint64_t base = 0, capacity = 0;
    uint32_t serial = 0;

    bool device() const { return p.type == ITS_TABLE_DEVICE; }

    void SetUp() override
    {
        h.setup_table(device() ? ITS_TABLE_COLLECTION : ITS_TABLE_DEVICE, 2);
        base = h.setup_table(p.type, p.psz, 2, p.indirect); // two (level-1) pages
        h.setup_queue();
        h.wr(CTLR, 1, 4);
        uint64_t ids = p.indirect ? 2 * (page / 8) * per_page : 2 * per_page;
        capacity = std::min<uint64_t>(ids, device() ? 1ull << 32 : 1ull << 16);
        if (device())
            h.run(cmd::mapc(0, 1));
        else
            h.map_device(0, 15);
    }

    // Where id's entry lives, following the level-1 descriptor when two-level.
    uint64_t entry_pa(uint64_t id)
    {
        if (!p.indirect)
            return base + id * 8;
        uint64_t l1 = shim_read64(h.mem(), base + id / per_page * 8);
        return (l1 & mask(52) & ~(page - 1)) + id % per_page * 8;
    }
    void back(uint64_t id)
    {
        if (p.indirect)
            h.add_level2(p.type, base, p.psz, id);
    }

    // Map id, check the entry it left in memory, and translate through it.
    void expect_usable(uint64_t id)
    {
        SCOPED_TRACE(::testing::Message() << "id " << id);
        uint32_t intid = 8192 + ++serial, target = uint32_t(id + 1) % 4;
        its_translation t{};
        if (device()) {
            uint64_t itt = h.alloc(64, 256);
            ASSERT_EQ(exec(h, cmd::mapd(uint32_t(id), 1, itt)), 0u);
            EXPECT_EQ(shim_read64(h.mem(), entry_pa(id)), 1u | 1u << 1 | (itt >> 8) << 6);
            ASSERT_EQ(exec(h, cmd::mapti(uint32_t(id), 1, intid, 0)), 0u);
            ASSERT_EQ(h.msi(uint32_t(id), 1, &t), ITS_MSI_DELIVERED);
            target = 1;
        } else {
            ASSERT_EQ(exec(h, cmd::mapc(uint32_t(id), target)), 0u);
            EXPECT_EQ(shim_read64(h.mem(), entry_pa(id)), 1u | target << 1);
            ASSERT_EQ(exec(h, cmd::mapti(0, serial, intid, uint32_t(id))), 0u);
            ASSERT_EQ(h.msi(0, serial, &t), ITS_MSI_DELIVERED);
        }
        EXPECT_EQ(t.intid, intid);
        EXPECT_EQ(t.target, target);
    }

    // id is beyond the table (flat or two-level alike): nothing is written.
    void expect_beyond(uint64_t id)
    {
        SCOPED_TRACE(::testing::Message() << "id " << id);
        uint64_t writes = shim_mem_writes(h.mem());
        if (device()) {
            EXPECT_EQ(exec(h, cmd::mapd(uint32_t(id), 1, h.alloc(64, 256))), kErrMapdDeviceOor);
            EXPECT_EQ(h.msi(uint32_t(id), 1), ITS_MSI_DROP_DEVICE_OOR);
        } else {
            EXPECT_EQ(exec(h, cmd::mapc(uint32_t(id), 1)), kErrMapcCollectionOor);
            EXPECT_EQ(exec(h, cmd::mapti(0, ++serial, 9000, uint32_t(id))), kErrMaptiCollectionOor);
            EXPECT_EQ(h.msi(0, serial), ITS_MSI_DROP_UNMAPPED_EVENT);
        }
        EXPECT_EQ(shim_mem_writes(h.mem()), writes);
    }

    // id sits behind a level-1 descriptor that is not valid.
    void expect_behind_invalid_l1(uint64_t id)
    {
        SCOPED_TRACE(::testing::Message() << "id " << id);
        if (device()) {
            expect_beyond(id);
            return;
        }
        // No collection lives there, as beyond a flat table: every command
        // naming the ICID reports COLLECTION_OOR, and nothing is written.
        uint64_t writes = shim_mem_writes(h.mem());
        EXPECT_EQ(exec(h, cmd::mapc(uint32_t(id), 1)), kErrMapcCollectionOor);
        serial++;
        EXPECT_EQ(exec(h, cmd::mapti(0, serial, 9000 + serial, uint32_t(id))), kErrMaptiCollectionOor);
        EXPECT_EQ(exec(h, cmd::mapi(0, serial, uint32_t(id))), kErrMapiCollectionOor);
        EXPECT_EQ(exec(h, cmd::movi(0, serial, uint32_t(id))), kErrMoviCollectionOor);
        EXPECT_EQ(exec(h, cmd::invall(uint32_t(id))), kErrInvallCollectionOor);
        EXPECT_EQ(shim_mem_writes(h.mem()), writes);
        EXPECT_EQ(h.msi(0, serial), ITS_MSI_DROP_UNMAPPED_EVENT);
    }
};

TEST_P(TableWalk, IdsAcrossTheTableTranslate)
{
    const uint64_t ids[] = {0, per_page - 1, per_page, per_page + 1, capacity - 1};
    for (uint64_t id : ids) {
        back(id);
        expect_usable(id);
    }
    // Every mapping kept its own entry: translate them all again.
    h.clear_events();
    for (uint32_t n = 1; n <= serial; n++)
        EXPECT_EQ(device() ? h.msi(uint32_t(ids[n - 1]), 1) : h.msi(0, n), ITS_MSI_DELIVERED);
}

const WalkCase kAllWalks[] = {
    {ITS_TABLE_DEVICE, 0, false},     {ITS_TABLE_DEVICE, 1, false},     {ITS_TABLE_DEVICE, 2, false},
    {ITS_TABLE_DEVICE, 0, true},      {ITS_TABLE_DEVICE, 1, true},      {ITS_TABLE_DEVICE, 2, true},
    {ITS_TABLE_COLLECTION, 0, false}, {ITS_TABLE_COLLECTION, 1, false}, {ITS_TABLE_COLLECTION, 2, false},
    {ITS_TABLE_COLLECTION, 0, true},  {ITS_TABLE_COLLECTION, 1, true},  {ITS_TABLE_COLLECTION, 2, true},
};
INSTANTIATE_TEST_SUITE_P(Tables, TableWalk, ::testing::ValuesIn(kAllWalks), walk_name);

// Tables smaller than their ID space (a two-level collection table always covers 2^16).
class BoundedWalk : public TableWalk {};
TEST_P(BoundedWalk, IdsBeyondCapacityAreOutOfRange)
{
    back(capacity - 1);
    expect_usable(capacity - 1);
    expect_beyond(capacity);
    expect_beyond(capacity + per_page);
    if (device())
        expect_beyond(uint64_t(capacity) * 2);
}
INSTANTIATE_TEST_SUITE_P(Tables, BoundedWalk,
                         ::testing::Values(kAllWalks[0], kAllWalks[1], kAllWalks[2], kAllWalks[3],
                                           kAllWalks[4], kAllWalks[5], kAllWalks[6], kAllWalks[7],
                                           kAllWalks[8]),
                         walk_name);

class TwoLevelWalk : public TableWalk {};
TEST_P(TwoLevelWalk, InvalidLevel1IsOutOfRangeUntilAPageIsAdded)
{
    uint64_t id = 3 * per_page + 5, slot = base + 3 * 8;
    expect_behind_invalid_l1(id);
    shim_write64(h.mem(), slot, h.alloc(page, page)); // an address, but Valid clear
    expect_behind_invalid_l1(id);
    h.add_level2(p.type, base, p.psz, id); // software adds the page later
    expect_usable(id);
    expect_usable(3 * per_page); // same level-2 page
    expect_behind_invalid_l1(4 * per_page);
    EXPECT_EQ(entry_pa(id) - entry_pa(3 * per_page), 5u * 8);
}
INSTANTIATE_TEST_SUITE_P(Tables, TwoLevelWalk,
                         ::testing::Values(kAllWalks[3], kAllWalks[4], kAllWalks[5], kAllWalks[9],
                                           kAllWalks[10], kAllWalks[11]),
                         walk_name);

// ---- Entry formats (its_internal.h: dte_make, ite_make, cte_make) ------------------

struct LayoutCase {
    const char *name;
    its_config (*make)();
};
void PrintTo(const LayoutCase &c, std::ostream *os) { *os << c.name; }
class EntryLayout : public ::testing::TestWithParam<LayoutCase> {
protected:
    its_config c = GetParam().make();
    ItsHarness h{c};
    unsigned des = c.baser[h.baser_of(ITS_TABLE_DEVICE)].entry_size;
    unsigned ces = c.baser[h.baser_of(ITS_TABLE_COLLECTION)].entry_size;
    uint64_t dt = 0, ct = 0;

    void SetUp() override
    {
        dt = h.setup_table(ITS_TABLE_DEVICE, 0);
        ct = h.setup_table(ITS_TABLE_COLLECTION, 0);
        h.setup_queue();
        h.wr(CTLR, 1, 4);
        fill(h, dt, 4096, 0xA5);
        fill(h, ct, 4096, 0xA5);
    }
    uint64_t dte(uint32_t size, uint64_t itt) const
    {
        return 1u | uint64_t(size) << 1 | ((itt >> 8) & mask(c.pa_bits - 8)) << 6;
    }
    uint64_t ite(uint32_t intid, uint32_t icid) const
    {
        return 1u | uint64_t(intid) << 1 | uint64_t(icid) << (1 + c.lpi_id_bits);
    }
    // An entry of n bytes at pa holds v (zero above it) and its neighbours kept 0xA5.
    void expect_entry(uint64_t pa, unsigned n, uint64_t v, bool neighbours = true)
    {
        std::vector<uint8_t> want(n, 0);
        for (unsigned i = 0; i < n && i < 8; i++)
            want[i] = uint8_t(v >> (8 * i));
        EXPECT_EQ(bytes(h, pa, n), want) << std::hex << "entry at 0x" << pa;
        if (neighbours) {
            EXPECT_EQ(bytes(h, pa - 1, 1)[0], 0xA5) << "byte before the entry";
            EXPECT_EQ(bytes(h, pa + n, 1)[0], 0xA5) << "byte after the entry";
        }
    }
};

TEST_P(EntryLayout, CommandsWriteEntriesAsDocumented)
{
    const uint64_t itt = (1ull << (c.pa_bits - 1)) | 0x12345600ull; // top PA bit set
    fill(h, itt, 16 * c.ite_size, 0xA5);
    const uint32_t intid = 8192 + 0x155;
    ASSERT_EQ(exec(h, cmd::mapd(3, 4, itt)), 0u);
    expect_entry(dt + 3 * des, des, dte(4, itt));
    ASSERT_EQ(exec(h, cmd::mapc(5, 2)), 0u);
    expect_entry(ct + 5 * ces, ces, 1u | 2u << 1);
    ASSERT_EQ(exec(h, cmd::mapti(3, 7, intid, 5)), 0u);
    expect_entry(itt + 7 * c.ite_size, c.ite_size, ite(intid, 5));
    its_translation t{};
    ASSERT_EQ(h.msi(3, 7, &t), ITS_MSI_DELIVERED);
    EXPECT_EQ(t.intid, intid);
    EXPECT_EQ(t.target, 2u);

    // Unmapping leaves all entry_size bytes zero.
    ASSERT_EQ(exec(h, cmd::discard(3, 7)), 0u);
    expect_entry(itt + 7 * c.ite_size, c.ite_size, 0);
    ASSERT_EQ(exec(h, cmd::mapd(3, 4, itt, false)), 0u);
    expect_entry(dt + 3 * des, des, 0);
    EXPECT_EQ(h.msi(3, 7), ITS_MSI_DROP_UNMAPPED_DEVICE);
    ASSERT_EQ(exec(h, cmd::mapc(5, 0, false)), 0u);
    expect_entry(ct + 5 * ces, ces, 0);
}

// Entries software (or a saved image) put in memory decode the same way.
TEST_P(EntryLayout, HandWrittenEntriesTranslate)
{
    const uint64_t itt = h.alloc(8 * c.ite_size, 256);
    auto put = [&](uint64_t pa, unsigned n, uint64_t v) {
        std::vector<uint8_t> b(n, 0);
        for (unsigned i = 0; i < n && i < 8; i++)
            b[i] = uint8_t(v >> (8 * i));
        shim_mem_write(h.mem(), pa, b.data(), n);
    };
    put(dt + 9 * des, des, dte(2, itt)); // 8 events
    put(itt + 1 * c.ite_size, c.ite_size, ite(8192 + 9, 6));
    put(itt + 7 * c.ite_size, c.ite_size, ite(8192 + 10, 6));
    put(ct + 6 * ces, ces, 1u | 3u << 1);
    its_translation t{};
    ASSERT_EQ(h.msi(9, 1, &t), ITS_MSI_DELIVERED);
    EXPECT_EQ(t.intid, 8192u + 9);
    EXPECT_EQ(t.icid, 6u);
    EXPECT_EQ(t.target, 3u);
    ASSERT_EQ(h.msi(9, 7, &t), ITS_MSI_DELIVERED);
    EXPECT_EQ(t.intid, 8192u + 10);
    EXPECT_EQ(h.msi(9, 8), ITS_MSI_DROP_EVENT_OOR); // Size 2: EventIDs 0..7
    EXPECT_EQ(h.msi(9, 2), ITS_MSI_DROP_UNMAPPED_EVENT);
}

its_config odd_sizes()
{
    its_config c = qemu_config(4);
    c.baser[0].entry_size = 16; // DTE in 16 bytes
    c.baser[1].entry_size = 3;  // CTE in 3 bytes
    c.ite_size = 5;             // 1 + 16 + 16 bits fit in 40
    return c;
}
const LayoutCase kLayouts[] = {
    {"qemu", [] { return qemu_config(4); }},
    {"gic600", [] { return gic600_config(4); }},
    {"odd_sizes", odd_sizes},
};
std::string layout_name(const ::testing::TestParamInfo<LayoutCase> &info) { return info.param.name; }
INSTANTIATE_TEST_SUITE_P(Tables, EntryLayout, ::testing::ValuesIn(kLayouts), layout_name);

// Two-level tables with entries that do not divide the page: level-2 pages
// hold floor(page / entry_size) entries, entry_size bytes apart.
TEST(TablesOddSizes, TwoLevelEntriesAreEntrySizeApart)
{
    ItsHarness h(odd_sizes());
    uint64_t dl1 = h.setup_table(ITS_TABLE_DEVICE, 0, 1, true);  // 256 DTEs per 4K page
    uint64_t cl1 = h.setup_table(ITS_TABLE_COLLECTION, 0, 1, true); // 1365 CTEs per 4K page
    h.setup_queue();
    h.wr(CTLR, 1, 4);
    uint64_t d0 = h.add_level2(ITS_TABLE_DEVICE, dl1, 0, 0), d1 = h.add_level2(ITS_TABLE_DEVICE, dl1, 0, 256);
    uint64_t c0 = h.add_level2(ITS_TABLE_COLLECTION, cl1, 0, 0);
    uint64_t c1 = h.add_level2(ITS_TABLE_COLLECTION, cl1, 0, 1365);
    ASSERT_EQ(exec(h, cmd::mapd(255, 0, 0x50000000)), 0u);
    ASSERT_EQ(exec(h, cmd::mapd(256 + 3, 0, 0x50001000)), 0u);
    ASSERT_EQ(exec(h, cmd::mapc(1364, 1)), 0u);
    ASSERT_EQ(exec(h, cmd::mapc(1365 + 2, 2)), 0u);
    EXPECT_EQ(load(h, d0 + 255 * 16, 8), 1u | (0x50000000ull >> 8) << 6);
    EXPECT_EQ(load(h, d1 + 3 * 16, 8), 1u | (0x50001000ull >> 8) << 6);
    EXPECT_EQ(load(h, c0 + 1364 * 3, 3), 1u | 1u << 1);
    EXPECT_EQ(load(h, c1 + 2 * 3, 3), 1u | 2u << 1);
    ASSERT_EQ(exec(h, cmd::mapti(259, 1, 8192, 1367)), 0u);
    its_translation t{};
    ASSERT_EQ(h.msi(259, 1, &t), ITS_MSI_DELIVERED);
    EXPECT_EQ(t.target, 2u);
}

// ---- 52-bit physical addresses --------------------------------------------------------

TEST(TablesPa52, SixtyFourKBaserCarriesPa51To48)
{
    ItsHarness h(qemu_config(4)); // pa_bits 52
    const uint64_t dt = 0x000A000040010000ull, ct = 0x0005000070020000ull;
    for (auto [off, pa] : {std::pair{uint64_t(BASER0), dt}, std::pair{uint64_t(BASER0 + 8), ct}}) {
        uint64_t v = (h.rd(off) & ~(0xFFFFFFFFFull << 12)) | (1ull << 63) | baser_pa_field(pa, 2) | 2u << 8;
        h.wr(off, v);
        ASSERT_EQ(h.rd(off), v) << "Physical_Address[15:12] must stick with pa_bits 52";
    }
    h.setup_queue();
    h.wr(CTLR, 1, 4);
    const uint64_t itt = 0x000B000000000100ull;
    ASSERT_EQ(exec(h, cmd::mapd(4, 1, itt)), 0u);
    ASSERT_EQ(exec(h, cmd::mapc(2, 1)), 0u);
    ASSERT_EQ(exec(h, cmd::mapti(4, 0, 8300, 2)), 0u);
    EXPECT_EQ(shim_read64(h.mem(), dt + 4 * 8), 1u | 1u << 1 | (itt >> 8) << 6);
    EXPECT_EQ(shim_read64(h.mem(), ct + 2 * 8), 1u | 1u << 1);
    EXPECT_EQ(load(h, itt, 8), 1u | 8300u << 1 | 2ull << 17); // the ITE, above 2^48 too
    // Not at the 48-bit truncation, nor with [15:12] taken as PA[15:12].
    for (uint64_t alias : {dt & mask(48), (dt & mask(48)) | 0xA000})
        EXPECT_EQ(shim_read64(h.mem(), alias + 4 * 8), 0u) << std::hex << alias;
    its_translation t{};
    ASSERT_EQ(h.msi(4, 0, &t), ITS_MSI_DELIVERED);
    EXPECT_EQ(t.intid, 8300u);
    EXPECT_EQ(t.target, 1u);
}

TEST(TablesPa52, LevelTwoPagesAbove48Bits)
{
    ItsHarness h(qemu_config(4));
    uint64_t l1 = h.setup_table(ITS_TABLE_DEVICE, 2, 1, true);
    h.setup_table(ITS_TABLE_COLLECTION, 2);
    h.setup_queue();
    h.wr(CTLR, 1, 4);
    const uint64_t l2 = 0x0003000000000000ull;
    shim_write64(h.mem(), l1, l2 | 1ull << 63);
    ASSERT_EQ(exec(h, cmd::mapd(5, 0, 0x50000000)), 0u);
    EXPECT_EQ(shim_read64(h.mem(), l2 + 5 * 8), 1u | (0x50000000ull >> 8) << 6);
}

TEST(TablesPa48, SixtyFourKBaserIgnoresBits15To12)
{
    ItsHarness h(gic600_config(4)); // pa_bits 48
    const uint64_t dt = 0x0000800040010000ull;
    uint64_t v = h.rd(BASER0) | (1ull << 63) | dt | 0xA000 | 2u << 8;
    h.wr(BASER0, v);
    EXPECT_EQ(h.rd(BASER0), v & ~0xF000ull);
    h.setup_table(ITS_TABLE_COLLECTION, 0);
    h.setup_queue();
    h.wr(CTLR, 1, 4);
    ASSERT_EQ(exec(h, cmd::mapd(4, 1, 0x50000000)), 0u);
    EXPECT_EQ(shim_read64(h.mem(), dt + 4 * 8), 1u | 1u << 1 | (0x50000000ull >> 8) << 6);
}

// ---- Collections held in the ITS (GITS_TYPER.HCC) ---------------------------------

its_config hcc_config(uint8_t hcc)
{
    its_config c = qemu_config(4);
    c.hcc = hcc;
    return c;
}

TEST(TablesHcc, TyperReportsHccAndCumulativeTables)
{
    uint64_t t = ItsHarness(hcc_config(4)).rd(TYPER);
    EXPECT_EQ((t >> 24) & 0xFF, 4u);
    EXPECT_EQ((t >> 2) & 1, 1u);
    t = ItsHarness(hcc_config(0)).rd(TYPER);
    EXPECT_EQ((t >> 24) & 0xFF, 0u);
    EXPECT_EQ((t >> 2) & 1, 0u);
}

TEST(TablesHcc, HeldCollectionsNeedNoMemory)
{
    ItsHarness h(hcc_config(4));
    h.setup_table(ITS_TABLE_DEVICE, 2); // no collection table
    h.setup_queue();
    h.wr(CTLR, 1, 4);
    h.map_device(1, 3);
    uint64_t writes = shim_mem_writes(h.mem());
    for (uint32_t icid = 0; icid < 4; icid++)
        ASSERT_EQ(exec(h, cmd::mapc(icid, 3 - icid)), 0u);
    EXPECT_EQ(shim_mem_writes(h.mem()), writes);
    for (uint32_t icid = 0; icid < 4; icid++) {
        ASSERT_EQ(exec(h, cmd::mapti(1, icid, 8192 + icid, icid)), 0u);
        its_translation t{};
        ASSERT_EQ(h.msi(1, icid, &t), ITS_MSI_DELIVERED);
        EXPECT_EQ(t.target, 3 - icid);
    }
    EXPECT_EQ(exec(h, cmd::mapc(4, 0)), kErrMapcCollectionOor); // needs the memory table
}

TEST(TablesHcc, IcidsFromHccIndexTheMemoryTableFromZero)
{
    ItsHarness h(hcc_config(4));
    h.setup_table(ITS_TABLE_DEVICE, 2);
    uint64_t ct = h.setup_table(ITS_TABLE_COLLECTION, 0); // 4K: 512 entries
    h.setup_queue();
    h.wr(CTLR, 1, 4);
    h.map_device(1, 3);
    ASSERT_EQ(exec(h, cmd::mapc(4, 1)), 0u);
    ASSERT_EQ(exec(h, cmd::mapc(7, 2)), 0u);
    ASSERT_EQ(exec(h, cmd::mapc(4 + 511, 3)), 0u);
    EXPECT_EQ(shim_read64(h.mem(), ct + 0 * 8), 1u | 1u << 1);
    EXPECT_EQ(shim_read64(h.mem(), ct + 3 * 8), 1u | 2u << 1);
    EXPECT_EQ(shim_read64(h.mem(), ct + 511 * 8), 1u | 3u << 1);
    uint64_t writes = shim_mem_writes(h.mem());
    ASSERT_EQ(exec(h, cmd::mapc(2, 0)), 0u); // held: not in the table
    EXPECT_EQ(shim_mem_writes(h.mem()), writes);
    EXPECT_EQ(exec(h, cmd::mapc(4 + 512, 0)), kErrMapcCollectionOor);
    const uint32_t icids[] = {2, 4, 7, 4 + 511}, targets[] = {0, 1, 2, 3};
    for (unsigned i = 0; i < 4; i++) {
        ASSERT_EQ(exec(h, cmd::mapti(1, i, 8192 + i, icids[i])), 0u);
        its_translation t{};
        ASSERT_EQ(h.msi(1, i, &t), ITS_MSI_DELIVERED);
        EXPECT_EQ(t.target, targets[i]) << "ICID " << icids[i];
    }
}

TEST(TablesHcc, ResetUnmapsHeldCollectionsOnly)
{
    ItsHarness h(hcc_config(4));
    h.bring_up();
    h.map_device(1, 3);
    ASSERT_EQ(exec(h, cmd::mapc(1, 2)), 0u); // held
    ASSERT_EQ(exec(h, cmd::mapc(5, 3)), 0u); // in memory
    ASSERT_EQ(exec(h, cmd::mapti(1, 0, 8192, 1)), 0u);
    ASSERT_EQ(exec(h, cmd::mapti(1, 1, 8193, 5)), 0u);
    uint64_t b0 = h.rd(BASER0), b1 = h.rd(BASER0 + 8);
    its_reset(h.its());
    h.wr(BASER0, b0); // the same tables again, straight from memory
    h.wr(BASER0 + 8, b1);
    h.wr(CTLR, 1, 4);
    EXPECT_EQ(h.msi(1, 0), ITS_MSI_DROP_UNMAPPED_COLLECTION);
    EXPECT_EQ(h.msi(1, 1), ITS_MSI_DELIVERED);
}

TEST(TablesHcc, HccCoveringEveryIcidNeedsNoCollectionTable)
{
    its_config c = qemu_config(4);
    c.icid_bits = 4;
    c.hcc = 16;
    c.baser[1] = its_baser_config{};
    ItsHarness h(c);
    h.bring_up();
    EXPECT_EQ(h.stats().diag[ITS_DIAG_ENABLED_WITHOUT_TABLES], 0u);
    h.map_device(1, 3);
    ASSERT_EQ(exec(h, cmd::mapc(15, 3)), 0u);
    EXPECT_EQ(exec(h, cmd::mapc(16, 3)), kErrMapcCollectionOor);
    ASSERT_EQ(exec(h, cmd::mapti(1, 0, 8192, 15)), 0u);
    its_translation t{};
    ASSERT_EQ(h.msi(1, 0, &t), ITS_MSI_DELIVERED);
    EXPECT_EQ(t.target, 3u);
}

// ---- Targets as RD_base addresses (GITS_TYPER.PTA) ---------------------------------

TEST(TablesPta, RdBaseAddressesResolveToTargets)
{
    its_config c = qemu_config(4);
    c.pta = true;
    c.rd_base = 0x080A0000;
    c.rd_stride = 0x20000;
    ItsHarness h(c);
    EXPECT_EQ((h.rd(TYPER) >> 19) & 1, 1u);
    h.bring_up();
    h.map_device(0, 3);
    for (uint32_t t = 0; t < 4; t++) {
        ASSERT_EQ(exec(h, cmd::mapc(10 + t, (c.rd_base + (3 - t) * c.rd_stride) >> 16)), 0u);
        ASSERT_EQ(exec(h, cmd::mapti(0, t, 8192 + t, 10 + t)), 0u);
    }
    const uint64_t bad[] = {c.rd_base + c.rd_stride / 2, c.rd_base + 4 * c.rd_stride,
                            c.rd_base - 0x10000, 1ull << 16 /* Processor_Number 1 */};
    for (uint64_t pa : bad)
        EXPECT_EQ(exec(h, cmd::mapc(10, pa >> 16)), kErrMapcProcnumOor) << std::hex << pa;
    for (uint32_t t = 0; t < 4; t++) {
        its_translation out{};
        ASSERT_EQ(h.msi(0, t, &out), ITS_MSI_DELIVERED);
        EXPECT_EQ(out.target, 3 - t) << "ICID " << 10 + t;
    }
}

TEST(TablesPta, ProcessorNumbersWithoutPta)
{
    ItsHarness h(qemu_config(4));
    EXPECT_EQ((h.rd(TYPER) >> 19) & 1, 0u);
    h.bring_up();
    EXPECT_EQ(exec(h, cmd::mapc(1, 4)), kErrMapcProcnumOor);
    EXPECT_EQ(exec(h, cmd::mapc(1, 0x080A0000 >> 16)), kErrMapcProcnumOor);
    EXPECT_EQ(exec(h, cmd::mapc(1, 3)), 0u);
}

// ---- its_config_check ---------------------------------------------------------------

struct BadConfig {
    const char *why;
    void (*mutate)(its_config &);
};
#define BAD(why, body) BadConfig{why, [](its_config &c) { body; }}
const BadConfig kBadConfigs[] = {
    BAD("devid_bits must be 1..32", c.devid_bits = 0),
    BAD("devid_bits must be 1..32", c.devid_bits = 33),
    BAD("eventid_bits must be 1..32", c.eventid_bits = 0),
    BAD("eventid_bits must be 1..32", c.eventid_bits = 33),
    BAD("icid_bits must be 1..16", c.icid_bits = 0),
    BAD("icid_bits must be 1..16", c.icid_bits = 17),
    BAD("icid_bits must be 16 when cil is false", (c.cil = false, c.icid_bits = 15)),
    BAD("ite_size must be 1..16 bytes", c.ite_size = 0),
    BAD("ite_size must be 1..16 bytes", c.ite_size = 17),
    BAD("lpi_id_bits must be 14..24", c.lpi_id_bits = 13),
    BAD("lpi_id_bits must be 14..24", c.lpi_id_bits = 25),
    BAD("pa_bits must be 32..52", c.pa_bits = 31),
    BAD("pa_bits must be 32..52", c.pa_bits = 53),
    BAD("num_targets must be 1..65536", c.num_targets = 0),
    BAD("num_targets must be 1..65536", c.num_targets = 65537),
    BAD("with pta, rd_base and rd_stride must be 64 KB aligned and rd_stride non-zero",
        (c.pta = true, c.rd_stride = 0)),
    BAD("with pta, rd_base and rd_stride must be 64 KB aligned and rd_stride non-zero",
        (c.pta = true, c.rd_base = 0x080A1000)),
    BAD("with pta, rd_base and rd_stride must be 64 KB aligned and rd_stride non-zero",
        (c.pta = true, c.rd_stride = 0x18000)),
    BAD("page_sizes must be a non-empty set of 4K/16K/64K", c.page_sizes = 0),
    BAD("page_sizes must be a non-empty set of 4K/16K/64K", c.page_sizes = 0xF),
    BAD("ite_size is too small to hold Valid, an LPI INTID and an ICID", c.ite_size = 4),
    BAD("error_policy must be ignore or stall", c.error_policy = its_error_policy(2)),
    BAD("baser type must be none, device or collection", c.baser[2].type = its_table_type(2)),
    BAD("baser entry_size must be 1..32 bytes", c.baser[0].entry_size = 0),
    BAD("baser entry_size must be 1..32 bytes", c.baser[1].entry_size = 33),
    BAD("baser reset_page_size must be one of the supported page_sizes", c.baser[1].reset_page_size = 3),
    BAD("baser reset_page_size must be one of the supported page_sizes", c.page_sizes = ITS_PAGE_4K),
    BAD("device table entry_size is too small for Valid, Size and an ITT address",
        c.baser[0].entry_size = 6),
    BAD("collection table entry_size is too small for Valid and a target",
        (c.baser[1].entry_size = 1, c.num_targets = 129)),
    BAD("exactly one baser must have type device", c.baser[0].type = ITS_TABLE_NONE),
    BAD("exactly one baser must have type device", (c.baser[2] = c.baser[0])),
    BAD("at most one baser may have type collection", (c.baser[5] = c.baser[1])),
    BAD("hcc must not exceed the number of ICIDs", (c.icid_bits = 4, c.hcc = 17)),
    BAD("without a collection table, hcc must cover every ICID", (c.baser[1].type = ITS_TABLE_NONE)),
    BAD("without a collection table, hcc must cover every ICID",
        (c.icid_bits = 4, c.hcc = 15, c.baser[1].type = ITS_TABLE_NONE)),
    BAD("cache policy must be lru, fifo or random", c.ite_cache.policy = its_cache_policy(3)),
    BAD("cache entries must be a non-zero multiple of ways", (c.device_cache = {10, 3, ITS_REPLACE_LRU})),
    BAD("cache entries must be a non-zero multiple of ways", (c.ite_cache = {4, 0, ITS_REPLACE_FIFO})),
    BAD("cache entries must be a non-zero multiple of ways",
        (c.collection_cache = {4, 8, ITS_REPLACE_RANDOM})),
};

void PrintTo(const BadConfig &b, std::ostream *os) { *os << (b.why ? b.why : "valid"); }
class ConfigCheck : public ::testing::TestWithParam<BadConfig> {};
TEST_P(ConfigCheck, RejectedWithItsReasonAndNotCreated)
{
    its_config c = qemu_config(4);
    ASSERT_EQ(its_config_check(&c), nullptr);
    GetParam().mutate(c);
    const char *why = its_config_check(&c);
    ASSERT_NE(why, nullptr);
    EXPECT_STREQ(why, GetParam().why);
    shim *s = shim_create();
    its_host_ops ops = shim_ops(s);
    EXPECT_EQ(its_create(&c, &ops), nullptr);
    shim_destroy(s);
}
INSTANTIATE_TEST_SUITE_P(Tables, ConfigCheck, ::testing::ValuesIn(kBadConfigs));

// The limits themselves are accepted.
const BadConfig kGoodConfigs[] = {
    BAD(nullptr, c.devid_bits = 32),
    BAD(nullptr, (c.devid_bits = 1, c.eventid_bits = 1, c.icid_bits = 1)),
    BAD(nullptr, c.eventid_bits = 32),
    BAD(nullptr, (c.cil = false, c.icid_bits = 16)),
    BAD(nullptr, c.ite_size = 16),
    BAD(nullptr, (c.ite_size = 5, c.lpi_id_bits = 14, c.icid_bits = 16)),
    BAD(nullptr, c.lpi_id_bits = 24),
    BAD(nullptr, (c.pa_bits = 32, c.baser[0].entry_size = 4)),
    BAD(nullptr, (c.num_targets = 65536)),
    BAD(nullptr, (c.baser[1].entry_size = 1, c.num_targets = 128)),
    BAD(nullptr, (c.pta = true, c.rd_base = 0x10000, c.rd_stride = 0x10000)),
    BAD(nullptr, (c.icid_bits = 4, c.hcc = 16, c.baser[1].type = ITS_TABLE_NONE)),
    BAD(nullptr, (c.baser[7] = c.baser[1], c.baser[1] = its_baser_config{})),
    BAD(nullptr, (c.device_cache = {0, 0, ITS_REPLACE_LRU}, c.ite_cache = {8, 8, ITS_REPLACE_FIFO})),
    BAD(nullptr, (c.page_sizes = ITS_PAGE_64K)),
    BAD(nullptr, its_config_preset_gic600(&c, 1)),
};
#undef BAD

TEST(ConfigCheckLimits, AcceptedAndCreated)
{
    for (const BadConfig &g : kGoodConfigs) {
        its_config c = qemu_config(4);
        g.mutate(c);
        SCOPED_TRACE(&g - kGoodConfigs);
        EXPECT_EQ(its_config_check(&c), nullptr);
        its_t *its = its_create(&c, nullptr);
        EXPECT_NE(its, nullptr);
        its_destroy(its);
    }
}

} // namespace
