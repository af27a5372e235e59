// SPDX-License-Identifier: Apache-2.0
// The its-vp checkpoint file (docs/checkpoint.md, "Platform checkpoint"):
// magic, format version, the model's version, the configuration JSON, the
// checkpoint's simulated time, then named sections, each with its length
// and CRC-32. Reading checks every field before anything uses it: a file of
// another version, a truncated or corrupt one throws gicv3::checkpoint_error.
#pragma once

#include <cstdint>
#include <string>
#include <systemc>
#include <utility>
#include <vector>

#include "gicv3/checkpoint_io.h"

namespace gicv3_vp {

struct checkpoint {
    static constexpr uint32_t kFormatVersion = 1;

    std::string config_json;  // its-vp --dump-config of the run
    sc_core::sc_time time;    // the quiescent instant it was taken at
    std::vector<std::pair<std::string, std::vector<uint8_t>>> sections; // in the platform's order
};

std::vector<uint8_t> encode(const checkpoint &c);
// what: the file's name, for the errors.
checkpoint decode(const std::vector<uint8_t> &bytes, const std::string &what);

size_t write_checkpoint(const std::string &path, const checkpoint &c); // bytes written
checkpoint read_checkpoint(const std::string &path);

} // namespace gicv3_vp
