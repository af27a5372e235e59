// SPDX-License-Identifier: Apache-2.0
// Traffic traces: CSV files of the MSIs devices send, for the `trace`
// pattern. A header line `time_ns,device_id,event_id`, then one MSI per
// line: the time after the traffic starts (ns), the DeviceID (requester ID)
// of the device that sends it, its EventID.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace gicv3_vp {

struct traffic_trace_row {
    uint64_t time_ns;
    uint32_t device_id, event_id;
    unsigned line; // in the file, for messages
};

// Reads and checks a trace file: the header, three unsigned integers per
// row (decimal, or hexadecimal with 0x), times that never go backwards;
// blank lines are skipped. Throws config_error "<path>:<line>: <problem>".
std::vector<traffic_trace_row> read_traffic_trace(const std::string &path);

} // namespace gicv3_vp
