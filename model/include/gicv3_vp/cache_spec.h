// SPDX-License-Identifier: Apache-2.0
// The "<entries>x<ways>" form of the cache parameters (its.*_cache,
// gic.property_cache).
#pragma once

#include <optional>
#include <string>

namespace gicv3_vp {

struct cache_geometry {
    unsigned entries, ways;
};

// The largest cache the form gives (its entries are allocated when the
// model is built).
constexpr unsigned kMaxCacheEntries = 1u << 20;

// Both positive decimal numbers without leading zeros, entries at most
// kMaxCacheEntries and a multiple of ways; nullopt for anything else.
std::optional<cache_geometry> parse_cache_geometry(const std::string &spec);

} // namespace gicv3_vp
