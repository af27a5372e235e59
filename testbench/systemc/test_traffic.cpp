// SPDX-License-Identifier: Apache-2.0
// The arrival processes on their own (gicv3_vp::traffic: periodic, poisson,
// bursty, trace) and the traffic-trace CSV reader. No elaboration: large
// samples, tight tolerances, fixed seeds.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <random>
#include <unistd.h>
#include <vector>

#include "gicv3_vp/msi_device.h"
#include "gicv3_vp/params.h"
#include "gicv3_vp/traffic_trace.h"

namespace {

gicv3_vp::msi_device_config config(const std::string &pattern, uint64_t count, uint64_t seed = 1)
{
    gicv3_vp::msi_device_config c;
    c.requester_id = 0x42;
    c.vectors = 3;
    c.pattern = pattern;
    c.interval_ns = 100;
    c.count = count;
    c.seed = seed;
    c.burst_mean = 8;
    c.gap_ns = 5000;
    return c;
}

std::vector<gicv3_vp::traffic::arrival> all(const gicv3_vp::msi_device_config &c)
{
    gicv3_vp::traffic t(c);
    std::vector<gicv3_vp::traffic::arrival> v;
    gicv3_vp::traffic::arrival a;
    while (t.next(a))
        v.push_back(a);
    EXPECT_EQ(v.size(), t.total());
    return v;
}

bool same(const std::vector<gicv3_vp::traffic::arrival> &a, const std::vector<gicv3_vp::traffic::arrival> &b)
{
    if (a.size() != b.size())
        return false;
    for (size_t i = 0; i < a.size(); i++)
        if (a[i].delay_ns != b[i].delay_ns || a[i].vector != b[i].vector)
            return false;
    return true;
}

std::string message_of(const std::function<void()> &f)
{
    try {
        f();
    } catch (const gicv3_vp::config_error &e) {
        return e.what();
    }
    return "(no error)";
}

// A file under the test's temporary directory, unique to this process.
std::string write_file(const std::string &name, const std::string &text)
{
    std::string path = ::testing::TempDir() + "its-traffic-" + std::to_string(getpid()) + "-" + name;
    std::ofstream(path) << text;
    return path;
}

TEST(Traffic, PeriodicIsEvenlySpacedRoundRobin)
{
    auto v = all(config("periodic", 7));
    ASSERT_EQ(v.size(), 7u);
    for (size_t i = 0; i < v.size(); i++) {
        EXPECT_EQ(v[i].delay_ns, 100.0);
        EXPECT_EQ(v[i].vector, i % 3);
    }
}

// The poisson stream is the one the device has always drawn: existing
// results (the default workload's blk device) do not move.
TEST(Traffic, PoissonStreamIsTheEstablishedOne)
{
    gicv3_vp::msi_device_config c = config("poisson", 500, 2);
    c.requester_id = 0x200;
    c.interval_ns = 1500;
    std::mt19937_64 rng(2 ^ (uint64_t(0x200) << 32));
    std::exponential_distribution<double> e(1.0 / 1500);
    auto v = all(c);
    ASSERT_EQ(v.size(), 500u);
    for (size_t i = 0; i < v.size(); i++) {
        ASSERT_EQ(v[i].delay_ns, e(rng)) << i;
        EXPECT_EQ(v[i].vector, i % 3);
    }
}

TEST(Traffic, PoissonIntervalsAreExponential)
{
    auto v = all(config("poisson", 200000, 11));
    double sum = 0, sq = 0, below = 0;
    for (const auto &a : v) {
        sum += a.delay_ns;
        sq += a.delay_ns * a.delay_ns;
        below += a.delay_ns < 100;
    }
    double mean = sum / v.size(), sd = std::sqrt(sq / v.size() - mean * mean);
    EXPECT_NEAR(mean, 100, 1);                              // 1 %
    EXPECT_NEAR(sd / mean, 1, 0.02);                        // exponential: sd = mean
    EXPECT_NEAR(below / v.size(), 1 - std::exp(-1), 0.005); // P(X < mean)
}

// Inside a burst the MSIs are exactly interval_ns apart; any other delay is
// the gap before a burst.
struct bursts {
    std::vector<uint64_t> lengths;
    std::vector<double> gaps;
    explicit bursts(const std::vector<gicv3_vp::traffic::arrival> &v, double interval)
    {
        for (const auto &a : v) {
            if (a.delay_ns == interval && !lengths.empty()) {
                lengths.back()++;
            } else {
                lengths.push_back(1);
                gaps.push_back(a.delay_ns);
            }
        }
    }
    double mean_length() const
    {
        uint64_t n = 0;
        for (uint64_t l : lengths)
            n += l;
        return double(n) / lengths.size();
    }
    double share(uint64_t length) const
    {
        size_t n = 0;
        for (uint64_t l : lengths)
            n += l == length;
        return double(n) / lengths.size();
    }
    double mean_gap() const
    {
        double s = 0;
        for (double g : gaps)
            s += g;
        return s / gaps.size();
    }
};

TEST(Traffic, BurstyHasGeometricBurstsAndExponentialGaps)
{
    auto v = all(config("bursty", 400000, 5));
    ASSERT_EQ(v.size(), 400000u);
    bursts b(v, 100);
    ASSERT_GT(b.lengths.size(), 40000u);
    EXPECT_NEAR(b.mean_length(), 8, 0.16);           // 2 %
    EXPECT_NEAR(b.share(1), 1.0 / 8, 0.005);         // geometric: P(1) = p
    EXPECT_NEAR(b.share(2), 7.0 / 64, 0.005);        // P(2) = p (1 - p)
    EXPECT_NEAR(b.mean_gap(), 5000, 100);            // 2 %
    for (size_t i = 0; i < v.size(); i++)
        ASSERT_EQ(v[i].vector, i % 3) << i;          // round-robin across bursts
}

// The offered load the statistics report is the rate the pattern really has:
// MSIs over the time they take, over a long sample.
TEST(Traffic, OfferedLoadIsThePatternsRate)
{
    for (const char *pattern : {"periodic", "poisson", "bursty"}) {
        gicv3_vp::msi_device_config c = config(pattern, 400000, 9);
        double span = 0;
        for (const auto &a : all(c))
            span += a.delay_ns;
        EXPECT_NEAR(gicv3_vp::offered_per_ns(c), 400000 / span, 0.02 * 400000 / span) << pattern;
    }
    gicv3_vp::msi_device_config c = config("bursty", 10);
    c.burst_mean = 1;
    EXPECT_DOUBLE_EQ(gicv3_vp::offered_per_ns(c), 1.0 / 5000); // one MSI per gap
    c.count = 0;
    EXPECT_EQ(gicv3_vp::offered_per_ns(c), 0);
    c.pattern = "trace";
    c.trace = std::make_shared<std::vector<gicv3_vp::trace_event>>(
        std::vector<gicv3_vp::trace_event>{{100, 0}, {300, 1}, {400, 2}, {1000, 0}});
    EXPECT_DOUBLE_EQ(gicv3_vp::offered_per_ns(c), 4.0 / 1000);
}

TEST(Traffic, BurstMeanOneSendsSingleMsis)
{
    gicv3_vp::msi_device_config c = config("bursty", 1000);
    c.burst_mean = 1;
    bursts b(all(c), 100);
    EXPECT_EQ(b.lengths.size(), 1000u);
    EXPECT_NEAR(b.mean_gap(), 5000, 400);
}

TEST(Traffic, SameSeedSameArrivalsOtherSeedOthers)
{
    for (const char *pattern : {"poisson", "bursty"}) {
        EXPECT_TRUE(same(all(config(pattern, 2000, 9)), all(config(pattern, 2000, 9)))) << pattern;
        EXPECT_FALSE(same(all(config(pattern, 2000, 9)), all(config(pattern, 2000, 10)))) << pattern;
        // The requester ID is part of the stream: instances differ even with one seed.
        gicv3_vp::msi_device_config other = config(pattern, 2000, 9);
        other.requester_id++;
        EXPECT_FALSE(same(all(config(pattern, 2000, 9)), all(other))) << pattern;
    }
}

// ---- Vector choice -------------------------------------------------------

std::vector<uint64_t> vector_counts(const gicv3_vp::msi_device_config &c)
{
    std::vector<uint64_t> n(c.vectors);
    for (const auto &a : all(c))
        n.at(a.vector)++;
    return n;
}

TEST(TrafficVectors, UniformUsesEveryVectorEquallyOften)
{
    gicv3_vp::msi_device_config c = config("periodic", 80000);
    c.vectors = 8;
    c.vector_select = "uniform";
    const std::vector<uint64_t> n = vector_counts(c);
    for (uint32_t k = 0; k < 8; k++) // expected 10,000, sigma 94
        EXPECT_NEAR(double(n[k]), 10000.0, 470.0) << k;
}

// Vector k with weight 1 / (k + 1)^s: each frequency within five sigma of it.
TEST(TrafficVectors, ZipfFollowsItsWeights)
{
    for (double s_exp : {0.8, 1.2, 2.0}) {
        gicv3_vp::msi_device_config c = config("periodic", 200000);
        c.vectors = 64;
        c.vector_select = "zipf";
        c.zipf_s = s_exp;
        const std::vector<uint64_t> n = vector_counts(c);
        double sum = 0;
        for (uint32_t k = 0; k < 64; k++)
            sum += std::pow(k + 1.0, -s_exp);
        for (uint32_t k = 0; k < 64; k++) {
            const double p = std::pow(k + 1.0, -s_exp) / sum, mean = 200000 * p;
            EXPECT_NEAR(double(n[k]), mean, 5 * std::sqrt(mean * (1 - p)) + 1) << "s " << s_exp << " vector " << k;
        }
        EXPECT_GT(n[0], n[1]);
        EXPECT_GT(n[1], n[7]);
    }
}

// The choice draws from a stream of its own: a poisson device's arrival
// times are the same whichever way it picks its vectors.
TEST(TrafficVectors, ChoiceLeavesArrivalTimesAlone)
{
    gicv3_vp::msi_device_config rr = config("poisson", 2000, 5);
    gicv3_vp::msi_device_config z = rr;
    z.vector_select = "zipf";
    const auto a = all(rr), b = all(z);
    ASSERT_EQ(a.size(), b.size());
    bool moved = false;
    for (size_t i = 0; i < a.size(); i++) {
        ASSERT_EQ(a[i].delay_ns, b[i].delay_ns) << i;
        moved |= a[i].vector != b[i].vector;
    }
    EXPECT_TRUE(moved);
}

TEST(TrafficVectors, SameSeedSameVectorsOtherSeedOthers)
{
    gicv3_vp::msi_device_config c = config("periodic", 500, 3);
    c.vectors = 16;
    c.vector_select = "uniform";
    gicv3_vp::msi_device_config other = c;
    other.seed = 4;
    EXPECT_TRUE(same(all(c), all(c)));
    EXPECT_FALSE(same(all(c), all(other)));
}

TEST(TrafficVectors, RejectsWhatItCannotChoose)
{
    gicv3_vp::msi_device_config c = config("periodic", 10);
    c.vector_select = "random";
    EXPECT_NE(message_of([&] { gicv3_vp::traffic t(c); }).find("vector_select: 'random'"), std::string::npos);
    c.vector_select = "zipf";
    c.zipf_s = 0;
    EXPECT_NE(message_of([&] { gicv3_vp::traffic t(c); }).find("zipf_s"), std::string::npos);
    c.zipf_s = std::nan("");
    EXPECT_NE(message_of([&] { gicv3_vp::traffic t(c); }).find("zipf_s"), std::string::npos);
    c = config("trace", 0);
    c.trace = std::make_shared<std::vector<gicv3_vp::trace_event>>(std::vector<gicv3_vp::trace_event>{{10, 0}});
    c.vector_select = "uniform";
    EXPECT_NE(message_of([&] { gicv3_vp::traffic t(c); }).find("rows name the vectors"), std::string::npos);
}

TEST(Traffic, TraceGivesItsTimesAndEvents)
{
    gicv3_vp::msi_device_config c = config("trace", 999);
    c.trace = std::make_shared<std::vector<gicv3_vp::trace_event>>(
        std::vector<gicv3_vp::trace_event>{{0, 2}, {150, 0}, {150, 1}, {4000, 2}});
    auto v = all(c);
    ASSERT_EQ(v.size(), 4u); // the rows, not count
    const double delays[] = {0, 150, 0, 3850};
    const uint32_t vectors[] = {2, 0, 1, 2};
    for (size_t i = 0; i < 4; i++) {
        EXPECT_EQ(v[i].delay_ns, delays[i]) << i;
        EXPECT_EQ(v[i].vector, vectors[i]) << i;
    }
}

TEST(Traffic, RejectsWhatItCannotSend)
{
    EXPECT_NE(message_of([] { gicv3_vp::traffic t(config("fancy", 1)); }).find("pattern: 'fancy'"), std::string::npos);
    gicv3_vp::msi_device_config c = config("trace", 1);
    EXPECT_NE(message_of([&] { gicv3_vp::traffic t(c); }).find("trace_file: no rows"), std::string::npos);
    c.trace = std::make_shared<std::vector<gicv3_vp::trace_event>>(std::vector<gicv3_vp::trace_event>{{5, 3}});
    EXPECT_NE(message_of([&] { gicv3_vp::traffic t(c); }).find("event_id 3 is not below vectors (3)"), std::string::npos);
    c.trace = std::make_shared<std::vector<gicv3_vp::trace_event>>(std::vector<gicv3_vp::trace_event>{{5, 0}, {4, 0}});
    EXPECT_NE(message_of([&] { gicv3_vp::traffic t(c); }).find("time_ns 4 is before 5"), std::string::npos);
}

TEST(TrafficTrace, ReadsRowsWithHexBlankLinesAndCrlf)
{
    std::string path = write_file("ok.csv", "time_ns, device_id, event_id\r\n"
                                            "0,16,0\r\n"
                                            "\n"
                                            " 250 , 0x20 , 0x3\r\n"
                                            "250,16,1\n"
                                            "18446744073709551615,4294967295,4294967295\n");
    auto rows = gicv3_vp::read_traffic_trace(path);
    ASSERT_EQ(rows.size(), 4u);
    EXPECT_EQ(rows[0].time_ns, 0u);
    EXPECT_EQ(rows[0].device_id, 16u);
    EXPECT_EQ(rows[0].line, 2u);
    EXPECT_EQ(rows[1].time_ns, 250u);
    EXPECT_EQ(rows[1].device_id, 0x20u);
    EXPECT_EQ(rows[1].event_id, 3u);
    EXPECT_EQ(rows[1].line, 4u);
    EXPECT_EQ(rows[2].event_id, 1u);
    EXPECT_EQ(rows[3].time_ns, UINT64_MAX);
    EXPECT_EQ(rows[3].device_id, UINT32_MAX);
    std::remove(path.c_str());
}

TEST(TrafficTrace, BadFilesNameTheFileAndLine)
{
    struct bad {
        const char *text, *expected;
    } cases[] = {
        {"", ":1: empty"},
        {"time,device,event\n0,1,0\n", ":1: header 'time,device,event', expected 'time_ns,device_id,event_id'"},
        {"time_ns,device_id,event_id\n0,1,0\n10,1\n", ":3: expected 3 fields"},
        {"time_ns,device_id,event_id\n0,1,0,7\n", ":2: expected 3 fields"},
        {"time_ns,device_id,event_id\n0,1,x\n", ":2: event_id 'x' is not an integer"},
        {"time_ns,device_id,event_id\n-5,1,0\n", ":2: time_ns '-5' is not an integer"},
        {"time_ns,device_id,event_id\n1.5,1,0\n", ":2: time_ns '1.5'"},
        {"time_ns,device_id,event_id\n0,,0\n", ":2: device_id '' is not an integer"},
        {"time_ns,device_id,event_id\n0,4294967296,0\n", ":2: device_id '4294967296' is not an integer in [0, 4294967295]"},
        {"time_ns,device_id,event_id\n0,0xg,0\n", ":2: device_id '0xg'"},
        {"time_ns,device_id,event_id\n100,1,0\n\n99,2,0\n", ":4: time_ns 99 goes backwards (line 2 has 100)"},
    };
    for (const auto &c : cases) {
        std::string path = write_file("bad.csv", c.text);
        std::string m = message_of([&] { gicv3_vp::read_traffic_trace(path); });
        EXPECT_EQ(m.find(path + c.expected), 0u) << "got: " << m;
        std::remove(path.c_str());
    }
    std::string missing = ::testing::TempDir() + "its-traffic-absent.csv";
    EXPECT_EQ(message_of([&] { gicv3_vp::read_traffic_trace(missing); }), missing + ": cannot open");
    std::string dir = ::testing::TempDir();
    EXPECT_EQ(message_of([&] { gicv3_vp::read_traffic_trace(dir); }), dir + ": is a directory, not a trace file");
}

} // namespace
