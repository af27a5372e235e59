// SPDX-License-Identifier: Apache-2.0
// Checkpoint pieces on their own (docs/checkpoint.md, "Platform
// checkpoint"): the state reader's bounds, the file's refusals (every
// truncation and every flipped byte of a small file), the SystemC-free
// modules' round trips, and a platform refusing sections that are not its
// own. The whole platform's round trip is its-vp's (cli/its_vp_checkpoint.cmake).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "gicv3/checkpoint_io.h"
#include "gicv3_vp/checkpoint_file.h"
#include "gicv3_vp/msi_device.h"
#include "gicv3_vp/msix_table.h"
#include "gicv3_vp/platform.h"
#include "gicv3_vp/sample_set.h"
#include "gicv3_vp/traffic.h"

namespace {

using gicv3::checkpoint_error;
using gicv3::ckpt_reader;
using gicv3::ckpt_writer;

// A small file: three sections of a few bytes each.
gicv3_vp::checkpoint small_checkpoint()
{
    gicv3_vp::checkpoint c;
    c.config_json = "{\"cpus\": 1}";
    c.time = sc_core::sc_time(1234, sc_core::SC_NS);
    c.sections = {{"platform", {1, 2, 3}}, {"driver", std::vector<uint8_t>(40, 0xA5)}, {"ram", {}}};
    return c;
}

std::string refusal(const std::vector<uint8_t> &bytes)
{
    try {
        gicv3_vp::decode(bytes, "f");
    } catch (const checkpoint_error &e) {
        return e.what();
    }
    return "";
}

TEST(CheckpointIo, FieldsRoundTripLittleEndian)
{
    ckpt_writer w;
    w.u32(0x01020304);
    w.u64(0x1122334455667788ull);
    w.f64(-0.1);
    w.time(sc_core::sc_time::from_value(987654321));
    w.str("abc");
    w.flag(true);
    const std::vector<uint8_t> &b = w.bytes();
    EXPECT_EQ(b[0], 0x04);
    EXPECT_EQ(b[3], 0x01);
    EXPECT_EQ(b[4], 0x88);
    ckpt_reader r(b, "t");
    EXPECT_EQ(r.u32(), 0x01020304u);
    EXPECT_EQ(r.u64(), 0x1122334455667788ull);
    EXPECT_EQ(r.f64(), -0.1);
    EXPECT_EQ(r.time().value(), 987654321u);
    EXPECT_EQ(r.str(), "abc");
    EXPECT_TRUE(r.flag());
    EXPECT_NO_THROW(r.end());
    EXPECT_THROW(r.u8(), checkpoint_error);
}

TEST(CheckpointIo, ReaderRefusesWhatDoesNotFit)
{
    ckpt_writer w;
    w.u64(uint64_t(1) << 60); // a count no state could hold
    w.u8(2);                  // not a flag
    {
        ckpt_reader r(w.bytes(), "t");
        EXPECT_THROW(r.count(8), checkpoint_error);
    }
    {
        ckpt_reader r(w.bytes(), "t");
        r.u64();
        EXPECT_THROW(r.flag(), checkpoint_error);
    }
    ckpt_writer s;
    s.u32(100); // a string of 100 bytes with none behind it
    ckpt_reader r(s.bytes(), "t");
    EXPECT_THROW(r.str(), checkpoint_error);
    EXPECT_STREQ(gicv3::checkpoint_crc32("123456789", 9) == 0xCBF43926u ? "ok" : "bad", "ok");
}

TEST(CheckpointFile, RoundTrip)
{
    const gicv3_vp::checkpoint c = small_checkpoint();
    const gicv3_vp::checkpoint d = gicv3_vp::decode(gicv3_vp::encode(c), "f");
    EXPECT_EQ(d.config_json, c.config_json);
    EXPECT_EQ(d.time, c.time);
    EXPECT_EQ(d.sections, c.sections);
}

TEST(CheckpointFile, EveryTruncationRefused)
{
    const std::vector<uint8_t> full = gicv3_vp::encode(small_checkpoint());
    for (size_t n = 0; n < full.size(); n++) {
        const std::string why = refusal(std::vector<uint8_t>(full.begin(), full.begin() + long(n)));
        EXPECT_NE(why, "") << "truncated to " << n << " of " << full.size() << " bytes";
    }
    std::vector<uint8_t> longer = full;
    longer.push_back(0);
    EXPECT_NE(refusal(longer).find("after the last section"), std::string::npos);
}

TEST(CheckpointFile, EveryFlippedByteRefused)
{
    const std::vector<uint8_t> full = gicv3_vp::encode(small_checkpoint());
    for (size_t i = 0; i < full.size(); i++)
        for (uint8_t mask : {0x01, 0x80, 0xFF}) {
            std::vector<uint8_t> b = full;
            b[i] ^= mask;
            EXPECT_NE(refusal(b), "") << "byte " << i << " ^ " << int(mask);
        }
}

TEST(CheckpointFile, RefusalsSayWhy)
{
    const std::vector<uint8_t> full = gicv3_vp::encode(small_checkpoint());
    std::vector<uint8_t> b = full;
    b[0] = 'X';
    EXPECT_NE(refusal(b).find("bad magic"), std::string::npos);
    b = full;
    b[8] = 2; // format version 2
    EXPECT_NE(refusal(b).find("format version 2"), std::string::npos);
    b = full;
    b[12] ^= 1; // the model's version number
    EXPECT_NE(refusal(b).find("model version"), std::string::npos);
    b = full;
    b[b.size() - 20] ^= 0x40; // the driver section's last byte (the ram section's header is 19 bytes)
    EXPECT_NE(refusal(b).find("section 'driver': CRC mismatch"), std::string::npos) << refusal(b);
    b = full;
    b[36] ^= 0x40; // inside the header: the checkpoint time (magic 8, versions 4 + 4, "0.2.0" 4 + 5, ticks 8)
    EXPECT_NE(refusal(b).find("header's CRC"), std::string::npos) << refusal(b);
}

gicv3_vp::msi_device_config random_device(const std::string &pattern, const std::string &choice)
{
    gicv3_vp::msi_device_config c;
    c.requester_id = 0x77;
    c.vectors = 7;
    c.pattern = pattern;
    c.vector_select = choice;
    c.interval_ns = 300;
    c.gap_ns = 2000;
    c.burst_mean = 4;
    c.count = 400;
    c.seed = 9;
    return c;
}

// A traffic restored half-way draws what the original draws from there.
void expect_traffic_continues(const gicv3_vp::msi_device_config &c)
{
    gicv3_vp::traffic original(c);
    gicv3_vp::traffic::arrival a{}, b{};
    for (int i = 0; i < 150; i++)
        ASSERT_TRUE(original.next(a));
    ckpt_writer w;
    original.save(w);
    gicv3_vp::traffic restored(c);
    ckpt_reader r(w.bytes(), "traffic");
    restored.restore(r);
    EXPECT_NO_THROW(r.end());
    int n = 0;
    while (original.next(a)) {
        ASSERT_TRUE(restored.next(b));
        EXPECT_EQ(a.delay_ns, b.delay_ns) << "MSI " << n;
        EXPECT_EQ(a.vector, b.vector) << "MSI " << n;
        n++;
    }
    EXPECT_FALSE(restored.next(b));
    EXPECT_EQ(n, 250);
}

TEST(CheckpointModules, TrafficPoissonZipfContinues) { expect_traffic_continues(random_device("poisson", "zipf")); }
TEST(CheckpointModules, TrafficBurstyUniformContinues) { expect_traffic_continues(random_device("bursty", "uniform")); }

TEST(CheckpointModules, TrafficOfAnotherLengthRefused)
{
    gicv3_vp::msi_device_config c = random_device("poisson", "uniform");
    gicv3_vp::traffic t(c);
    ckpt_writer w;
    t.save(w);
    c.count = 401;
    gicv3_vp::traffic other(c);
    ckpt_reader r(w.bytes(), "traffic");
    EXPECT_THROW(other.restore(r), checkpoint_error);
}

TEST(CheckpointModules, MsixTableRoundTrip)
{
    gicv3_vp::msix_table t(4);
    t.write_word(0, 0x08090040); // vector 0: the common address
    t.write_word(3, 0);          // unmasked
    t.write_word(4, 0x1000);     // vector 1: an address of its own
    t.write_word(5, 0x2);
    t.write_word(6, 77);
    ckpt_writer w;
    t.save(w);
    gicv3_vp::msix_table u(4);
    ckpt_reader r(w.bytes(), "msix");
    u.restore(r);
    for (uint64_t i = 0; i < 16; i++)
        EXPECT_EQ(u.read_word(i), t.read_word(i)) << "word " << i;
    gicv3_vp::msix_table smaller(3);
    ckpt_reader r2(w.bytes(), "msix");
    EXPECT_THROW(smaller.restore(r2), checkpoint_error);
}

TEST(CheckpointModules, SampleSetGoesOnIdentically)
{
    gicv3_vp::sample_set a;
    for (int i = 0; i < 10000; i++)
        a.add(double((i * 37) % 101));
    ckpt_writer w;
    a.save(w);
    gicv3_vp::sample_set b;
    ckpt_reader r(w.bytes(), "samples");
    b.restore(r);
    for (int i = 0; i < 5000; i++) {
        a.add(i * 0.5);
        b.add(i * 0.5);
    }
    const gicv3_vp::summary sa = a.summarize(), sb = b.summarize();
    EXPECT_EQ(sa.mean, sb.mean);
    EXPECT_EQ(sa.p50, sb.p50);
    EXPECT_EQ(sa.p99, sb.p99);
    EXPECT_EQ(sa.max, sb.max);
    EXPECT_EQ(a.size(), b.size());
}

// One elaboration per test process: a platform refusing sections that are
// not its configuration's, before anything of it changed.
TEST(CheckpointPlatform, SectionsOfAnotherConfigurationRefused)
{
    gicv3_vp::platform_config pc;
    pc.cpus = 2;
    gicv3_vp::platform vp("vp", pc);
    std::vector<std::pair<std::string, std::vector<uint8_t>>> four_cpus;
    for (const char *n : {"platform", "driver", "its", "gic", "ram", "ledger", "cpu0", "cpu1", "cpu2"})
        four_cpus.emplace_back(n, std::vector<uint8_t>{});
    try {
        vp.restore(four_cpus, sc_core::sc_time(1, sc_core::SC_US));
        FAIL() << "sections of four CPUs taken by a platform of two";
    } catch (const checkpoint_error &e) {
        EXPECT_NE(std::string(e.what()).find("'cpu2' where the configuration has 'device0'"), std::string::npos)
            << e.what();
    }
    std::vector<std::pair<std::string, std::vector<uint8_t>>> garbage;
    for (const char *n : {"platform", "driver", "its", "gic", "ram", "ledger", "cpu0", "cpu1", "device0", "device1",
                          "device2"})
        garbage.emplace_back(n, std::vector<uint8_t>(5, 0x01));
    try {
        vp.restore(garbage, sc_core::sc_time(1, sc_core::SC_US));
        FAIL() << "a platform section of five bytes taken";
    } catch (const checkpoint_error &e) {
        EXPECT_NE(std::string(e.what()).find("section 'platform'"), std::string::npos) << e.what();
    }
}

} // namespace
