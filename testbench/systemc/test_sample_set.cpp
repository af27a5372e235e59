// SPDX-License-Identifier: Apache-2.0
// gicv3_vp::sample_set: the same summary as summary::of() of every sample,
// bit for bit, whether the samples repeat or not, across its folds.
#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "gicv3_vp/sample_set.h"

namespace {

void expect_same(const std::vector<double> &v)
{
    gicv3_vp::sample_set s;
    for (double x : v)
        s.add(x);
    const gicv3_vp::summary a = s.summarize(), b = gicv3_vp::summary::of(v);
    EXPECT_EQ(s.size(), v.size());
    EXPECT_EQ(a.mean, b.mean); // exactly: the same additions in the same order
    EXPECT_EQ(a.p50, b.p50);
    EXPECT_EQ(a.p99, b.p99);
    EXPECT_EQ(a.max, b.max);
}

TEST(SampleSet, EmptyIsAllZero)
{
    gicv3_vp::sample_set s;
    EXPECT_TRUE(s.empty());
    const gicv3_vp::summary a = s.summarize();
    EXPECT_EQ(a.mean, 0);
    EXPECT_EQ(a.max, 0);
}

TEST(SampleSet, RepeatedValuesSummariseAsTheSamples)
{
    std::mt19937_64 rng(7);
    std::vector<double> v;
    const double times[] = {128.0, 130.0, 188.00000000000003, 248.0, 548.0000000000001, 0.1};
    for (int i = 0; i < 100000; i++)
        v.push_back(times[rng() % 6]);
    expect_same(v);
    gicv3_vp::sample_set s;
    for (double x : v)
        s.add(x);
    EXPECT_EQ(s.counts().size(), 6u); // the memory of six values
}

TEST(SampleSet, DistinctValuesSummariseAsTheSamples)
{
    std::mt19937_64 rng(3);
    std::uniform_real_distribution<double> d(0, 1e6);
    for (size_t n : {1u, 2u, 99u, 100u, 101u, 4095u, 4096u, 4097u, 50000u}) {
        std::vector<double> v;
        for (size_t i = 0; i < n; i++)
            v.push_back(d(rng));
        expect_same(v);
    }
}

TEST(SampleSet, AddingASetAddsItsSamples)
{
    gicv3_vp::sample_set a, b, all;
    std::vector<double> v;
    for (int i = 0; i < 9000; i++) {
        double x = double(i % 37) * 1.5;
        (i % 3 ? a : b).add(x);
        v.push_back(x);
    }
    all.add(a);
    all.add(b);
    EXPECT_EQ(all.size(), 9000u);
    const gicv3_vp::summary s = all.summarize(), r = gicv3_vp::summary::of(v);
    EXPECT_EQ(s.p50, r.p50);
    EXPECT_EQ(s.p99, r.p99);
    EXPECT_EQ(s.max, r.max);
    EXPECT_DOUBLE_EQ(s.mean, r.mean);
}

} // namespace
