// SPDX-License-Identifier: Apache-2.0
// --stats-csv DIR: the statistics JSON (platform::stats_json) as one CSV file
// per table, for spreadsheets and plotting scripts (docs/statistics.md).
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <string>

namespace gicv3_vp {

// Writes the tables into dir (created if missing). Returns an empty string,
// or what went wrong (naming the file).
std::string write_stats_csv(const nlohmann::json &stats, const std::string &dir);

} // namespace gicv3_vp
