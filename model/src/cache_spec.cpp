// SPDX-License-Identifier: Apache-2.0
#include "gicv3_vp/cache_spec.h"

namespace gicv3_vp {

namespace {

// Decimal digits without a leading zero, at most `max`; false otherwise.
bool parse_count(const std::string &s, unsigned max, unsigned &v)
{
    if (s.empty() || s.size() > 10 || (s.size() > 1 && s[0] == '0') ||
        s.find_first_not_of("0123456789") != std::string::npos)
        return false;
    unsigned long long n = std::stoull(s);
    if (n > max)
        return false;
    v = unsigned(n);
    return true;
}

} // namespace

std::optional<cache_geometry> parse_cache_geometry(const std::string &spec)
{
    size_t x = spec.find('x');
    if (x == std::string::npos)
        return std::nullopt;
    unsigned entries = 0, ways = 0;
    if (!parse_count(spec.substr(0, x), kMaxCacheEntries, entries) ||
        !parse_count(spec.substr(x + 1), kMaxCacheEntries, ways) || !entries || !ways || entries % ways)
        return std::nullopt;
    return cache_geometry{entries, ways};
}

} // namespace gicv3_vp
