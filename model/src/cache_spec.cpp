// SPDX-License-Identifier: Apache-2.0
#include "gicv3_vp/cache_spec.h"

#include <cstdio>

namespace gicv3_vp {

std::optional<cache_geometry> parse_cache_geometry(const std::string &spec)
{
    unsigned entries = 0, ways = 0;
    char tail = 0;
    if (std::sscanf(spec.c_str(), "%ux%u%c", &entries, &ways, &tail) != 2 || !entries || !ways ||
        entries % ways)
        return std::nullopt;
    return cache_geometry{entries, ways};
}

} // namespace gicv3_vp
