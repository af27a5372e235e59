// SPDX-License-Identifier: Apache-2.0
// The traffic patterns on the platform: the times the devices really write
// their MSIs (poisson, bursty, trace), device groups (instances) with their
// names, requester IDs and seeds, a thousand devices, and the address map's
// room for the largest MSI-X table.
#include "platform_bench.h"

#include <cmath>
#include <fstream>
#include <unistd.h>

#include "gicv3_vp/params.h"

using namespace pb;

namespace {

// Every MSI each device wrote: when, and its EventID (the MSI-X data).
struct sends {
    struct msi {
        sc_time when;
        uint32_t event;
    };
    std::map<uint32_t, std::vector<msi>> by_device; // by requester ID

    void attach(gicv3_vp::platform &p)
    {
        for (unsigned i = 0; i < p.config().devices.size(); i++) {
            gicv3_vp::msi_device &d = p.device(i);
            auto inner = d.on_inject;
            d.on_inject = [this, inner](const gicv3_vp::msi_device &m, uint32_t vector, uint32_t event) {
                EXPECT_EQ(vector, event); // entry v carries data v
                by_device[m.config().requester_id].push_back({sc_core::sc_time_stamp(), event});
                return inner(m, vector, event);
            };
        }
    }
    // Intervals (ns) between one device's successive MSIs.
    std::vector<double> intervals(uint32_t rid) const
    {
        std::vector<double> v;
        const auto &s = by_device.at(rid);
        for (size_t i = 1; i < s.size(); i++)
            v.push_back((s[i].when - s[i - 1].when) / ns(1)); // exact in the time resolution
        return v;
    }
};

// The default device set-up on CPU 0, then every device started at once;
// returns when the traffic started.
sc_time run_traffic(gicv3_vp::platform &p)
{
    auto start = std::make_shared<sc_time>();
    cpu0_program(p, [start](sw &s) {
        unsigned next = 0;
        for (unsigned i = 0; i < s.p.config().devices.size(); i++)
            if (!s.setup_device(i, &next))
                return;
        *start = sc_core::sc_time_stamp();
        for (unsigned i = 0; i < s.p.config().devices.size(); i++)
            s.p.device(i).start();
        s.idle_until_traffic_over(us(90000));
    });
    p.run();
    EXPECT_TRUE(p.completed());
    EXPECT_EQ(p.failure(), "");
    expect_conservation(p);
    return *start;
}

gicv3_vp::device_spec pattern_device(const std::string &name, uint32_t rid, const std::string &pattern, uint64_t count,
                               double interval_ns, uint64_t seed = 1)
{
    gicv3_vp::device_spec d = device(name, rid, 4, count, interval_ns);
    d.msi.pattern = pattern;
    d.msi.seed = seed;
    return d;
}

double mean(const std::vector<double> &v)
{
    double s = 0;
    for (double x : v)
        s += x;
    return s / v.size();
}

// The device writes exactly when its arrival process says, whatever each
// write costs: the times are the running sums of gicv3_vp::traffic's delays.
void expect_times_follow_the_pattern(const gicv3_vp::platform &p, const sends &s, unsigned device, sc_time start)
{
    const gicv3_vp::msi_device_config &c = p.config().devices[device].msi;
    gicv3_vp::traffic t(c);
    gicv3_vp::traffic::arrival a;
    sc_time at = start;
    const auto &got = s.by_device.at(c.requester_id);
    size_t i = 0;
    for (; t.next(a); i++) {
        at += ns(a.delay_ns);
        ASSERT_LT(i, got.size());
        ASSERT_EQ(got[i].when, at) << "MSI " << i;
        ASSERT_EQ(got[i].event, a.vector) << "MSI " << i;
    }
    EXPECT_EQ(i, got.size());
}

TEST(PlatformTraffic, PoissonArrivalsAreExponential)
{
    gicv3_vp::platform_config c;
    c.devices = {pattern_device("p", 0x10, "poisson", 20000, 800, 3)};
    gicv3_vp::platform p("p", c);
    sends s;
    s.attach(p);
    sc_time start = run_traffic(p);
    EXPECT_EQ(p.ledger().delivered(), 20000u);
    std::vector<double> v = s.intervals(0x10);
    double m = mean(v), sq = 0;
    for (double x : v)
        sq += (x - m) * (x - m);
    EXPECT_NEAR(m, 800, 800 * 0.02);
    EXPECT_NEAR(std::sqrt(sq / v.size()) / m, 1, 0.03); // not periodic: sd = mean
    expect_times_follow_the_pattern(p, s, 0, start);
}

TEST(PlatformTraffic, BurstyArrivalsComeInBurstsWithGaps)
{
    gicv3_vp::platform_config c;
    gicv3_vp::device_spec d = pattern_device("b", 0x10, "bursty", 40000, 100, 4);
    d.msi.burst_mean = 6;
    d.msi.gap_ns = 3000;
    c.devices = {d};
    gicv3_vp::platform p("p", c);
    sends s;
    s.attach(p);
    sc_time start = run_traffic(p);
    EXPECT_EQ(p.ledger().delivered(), 40000u);
    // 100 ns apart: the same burst; anything else: a gap, a new burst.
    std::vector<double> gaps;
    for (double x : s.intervals(0x10))
        if (x != 100)
            gaps.push_back(x);
    double bursts = gaps.size() + 1;
    EXPECT_NEAR(40000 / bursts, 6, 6 * 0.04);
    EXPECT_NEAR(mean(gaps), 3000, 3000 * 0.04);
    expect_times_follow_the_pattern(p, s, 0, start);
}

std::string write_file(const std::string &name, const std::string &text)
{
    std::string path = ::testing::TempDir() + "its-platform-traffic-" + std::to_string(getpid()) + "-" + name;
    std::ofstream(path) << text;
    return path;
}

// Two trace devices share a file: each replays its own rows, at their times
// after the start, with their EventIDs; rows of other DeviceIDs are ignored.
TEST(PlatformTraffic, TraceDevicesReplayTheirRowsExactly)
{
    std::string file = write_file("t.csv", "time_ns,device_id,event_id\n"
                                           "0,16,3\n"
                                           "40,32,0\n"
                                           "40,16,0\n"
                                           "41,99,7\n"
                                           "1000,16,1\n"
                                           "1000,16,1\n"
                                           "250000,32,1\n");
    gicv3_vp::platform_config c;
    gicv3_vp::device_spec a = pattern_device("a", 16, "trace", 1, 1000), b = pattern_device("b", 32, "trace", 1, 1000);
    a.msi.trace_file = b.msi.trace_file = file;
    b.msi.vectors = 2;
    c.devices = {a, b, device("other", 48, 1, 5, 700)};
    gicv3_vp::platform p("p", c);
    EXPECT_EQ(p.config().devices[0].msi.count, 4u); // the rows set the count
    EXPECT_EQ(p.config().devices[1].msi.count, 2u);
    sends s;
    s.attach(p);
    sc_time start = run_traffic(p);
    std::remove(file.c_str());
    EXPECT_EQ(p.ledger().injected(), 4u + 2 + 5);
    EXPECT_EQ(p.ledger().delivered(), 4u + 2 + 5);
    struct row {
        double t;
        uint32_t event;
    };
    auto expect = [&](uint32_t rid, std::vector<row> rows) {
        const auto &got = s.by_device.at(rid);
        ASSERT_EQ(got.size(), rows.size()) << rid;
        for (size_t i = 0; i < rows.size(); i++) {
            EXPECT_EQ(got[i].when, start + ns(rows[i].t)) << rid << " row " << i;
            EXPECT_EQ(got[i].event, rows[i].event) << rid << " row " << i;
        }
    };
    expect(16, {{0, 3}, {40, 0}, {1000, 1}, {1000, 1}});
    expect(32, {{40, 0}, {250000, 1}});
    EXPECT_EQ(s.by_device.count(99), 0u);
}

// instances = 50: fifty devices n0..n49, requester IDs 0x1000 + 8k, seeds
// 7 + k, every other field shared; each sends and delivers its own MSIs.
// Round robin over more vectors than a small LRU ITE cache holds misses on
// every MSI; zipf traffic over the same vectors mostly hits (the cache
// studies the choice is for). One platform per test process.
double ite_hit_rate(const std::string &choice)
{
    gicv3_vp::platform_config c;
    c.its.preset = "gic600";
    c.its.ite_cache = "16x2";
    gicv3_vp::device_spec d = device("nic", 0x40, 64, 3000, 500);
    d.msi.vector_select = choice;
    d.msi.zipf_s = 1.5;
    c.devices = {d};
    c.teardown = false;
    gicv3_vp::platform p("p", c);
    p.run();
    EXPECT_EQ(p.ledger().delivered(), 3000u) << choice;
    const its_stats s = p.its_module().stats();
    return double(s.ite_cache.hits) / double(s.ite_cache.hits + s.ite_cache.misses);
}

TEST(PlatformTraffic, RoundRobinMissesASmallIteCache) { EXPECT_LT(ite_hit_rate("round_robin"), 0.05); }

TEST(PlatformTraffic, ZipfTrafficMostlyHitsASmallIteCache) { EXPECT_GT(ite_hit_rate("zipf"), 0.5); }

TEST(PlatformTraffic, InstancesAreDistinctDevices)
{
    gicv3_vp::platform_config c;
    gicv3_vp::device_spec g = pattern_device("n", 0x1000, "poisson", 12, 3000, 7);
    g.instances = 50;
    g.requester_id_stride = 8;
    g.msi.vectors = 3;
    c.devices = {device("solo", 0x20, 2, 9, 1000), g};
    gicv3_vp::platform p("p", c);
    const auto &devs = p.config().devices;
    ASSERT_EQ(devs.size(), 51u);
    EXPECT_EQ(devs[0].name, "solo");
    for (uint32_t k = 0; k < 50; k++) {
        const gicv3_vp::device_spec &d = devs[1 + k];
        EXPECT_EQ(d.name, "n" + std::to_string(k));
        EXPECT_EQ(d.msi.requester_id, 0x1000 + 8 * k);
        EXPECT_EQ(d.msi.seed, 7u + k);
        EXPECT_EQ(d.msi.vectors, 3u);
        EXPECT_EQ(d.msi.count, 12u);
        EXPECT_EQ(d.instances, 1u);
        EXPECT_EQ(std::string(p.device(1 + k).basename()), d.name);
    }
    sends s;
    s.attach(p);
    sc_time start = run_traffic(p);
    EXPECT_EQ(p.ledger().injected(), 9u + 50 * 12);
    EXPECT_EQ(p.ledger().delivered(), 9u + 50 * 12);
    EXPECT_EQ(s.by_device.size(), 51u);
    for (uint32_t k = 0; k < 50; k++) {
        ASSERT_EQ(s.by_device[0x1000 + 8 * k].size(), 12u) << k;
        expect_times_follow_the_pattern(p, s, 1 + k, start);
    }
    // Instances have streams of their own.
    EXPECT_NE(s.by_device[0x1000][0].when, s.by_device[0x1008][0].when);
}

// A thousand devices under the default software (MAPD, MAPTI and INV per
// vector, teardown): every MSI delivered, none dropped.
TEST(PlatformTraffic, ThousandDevicesDeliverEveryMsi)
{
    gicv3_vp::platform_config c;
    gicv3_vp::device_spec g = pattern_device("d", 0x1000, "poisson", 5, 400000, 1);
    g.instances = 1000;
    g.msi.vectors = 2;
    c.devices = {g};
    gicv3_vp::platform p("p", c);
    ASSERT_EQ(p.config().devices.size(), 1000u);
    sends s;
    s.attach(p);
    p.run();
    EXPECT_TRUE(p.completed());
    EXPECT_EQ(p.failure(), "");
    expect_conservation(p);
    EXPECT_EQ(p.ledger().injected(), 5000u);
    EXPECT_EQ(p.ledger().delivered(), 5000u);
    EXPECT_EQ(p.ledger().dropped(), 0u);
    EXPECT_EQ(s.by_device.size(), 1000u);
    for (const auto &[rid, msis] : s.by_device)
        EXPECT_EQ(msis.size(), 5u) << rid;
    its_stats st = p.its_module().stats();
    EXPECT_EQ(st.commands[ITS_CMD_MAPD], 2000u); // V=1 and V=0 for each
    EXPECT_EQ(st.command_errors, 0u);
}

// Each BAR holds the largest MSI-X table: a 2048-vector device and one after
// it, every vector of both programmed and used.
TEST(PlatformTraffic, LargestMsixTableFitsItsBar)
{
    static_assert(2048 * gicv3_vp::msi_device::kEntryBytes <= gicv3_vp::address_map::device_stride, "BAR too small");
    static_assert(gicv3_vp::address_map::device_bar(gicv3_vp::address_map::max_devices) <= gicv3_vp::address_map::ram,
                  "devices overlap RAM");
    EXPECT_EQ(gicv3_vp::address_map::max_devices, 24576u);
    gicv3_vp::platform_config c;
    c.devices = {device("big", 0x10, 2048, 2048, 50), device("next", 0x20, 4, 8, 500)};
    gicv3_vp::platform p("p", c);
    sends s;
    s.attach(p);
    run_traffic(p);
    EXPECT_EQ(p.ledger().delivered(), 2048u + 8);
    EXPECT_EQ(p.ledger().dropped(), 0u);
    const auto &big = s.by_device.at(0x10);
    ASSERT_EQ(big.size(), 2048u);
    for (uint32_t v = 0; v < 2048; v++)
        EXPECT_EQ(big[v].event, v);
}

TEST(PlatformTraffic, DeviceErrorsNameTheParameter)
{
    auto message = [](std::vector<gicv3_vp::device_spec> devices) {
        gicv3_vp::platform_config c;
        c.devices = std::move(devices);
        try {
            gicv3_vp::platform p("p", c);
        } catch (const gicv3_vp::config_error &e) {
            return std::string(e.what());
        }
        return std::string("(no error)");
    };
    gicv3_vp::device_spec g = device("d", 0x10, 1, 1);
    g.instances = 12;
    gicv3_vp::device_spec clash = device("d1", 0x100, 1, 1);
    EXPECT_EQ(message({g, clash}), "devices.1.name: 'd1' is also the name of devices.0 instance 1");
    gicv3_vp::device_spec ids = device("e", 0x15, 1, 1);
    ids.instances = 3;
    EXPECT_EQ(message({g, ids}), "devices.1.requester_id: 21 (instance 0) is also the requester ID of devices.0 "
                                 "instance 5");
    gicv3_vp::device_spec wide = device("w", 0xFFFFFFF0, 1, 1);
    wide.instances = 5;
    wide.requester_id_stride = 4;
    EXPECT_NE(message({wide}).find("devices.0.requester_id_stride: instance 4's requester ID 4294967296"),
              std::string::npos);
    gicv3_vp::device_spec many = device("m", 0x10000, 1, 1);
    many.instances = 24576;
    EXPECT_EQ(message({device("x", 1, 1, 1), many}).find("devices.1.instances: 24577 devices in all; the address "
                                                        "map holds 24576"),
              0u);
    gicv3_vp::device_spec t = pattern_device("t", 5, "trace", 1, 1);
    EXPECT_EQ(message({t}), "devices.0.trace_file: pattern trace needs a trace file");
}

} // namespace
