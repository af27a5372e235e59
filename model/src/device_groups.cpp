// SPDX-License-Identifier: Apache-2.0
#include "gicv3_vp/device_groups.h"

#include <algorithm>
#include <map>
#include <unordered_map>

#include "gicv3_vp/params.h"
#include "gicv3_vp/traffic_trace.h"

namespace gicv3_vp {

namespace {

// Where a device comes from: its entry and its instance in the entry.
struct origin {
    size_t entry;
    uint32_t instance;
};

// The longest device name (names become SystemC module names and labels).
constexpr size_t kMaxName = 64;

class expander {
public:
    expander(const std::vector<device_spec> &entries, unsigned id_bits, std::string id_bits_why)
        : entries_(entries), id_bits_(id_bits), id_bits_why_(std::move(id_bits_why))
    {
    }

    std::vector<device_spec> run()
    {
        for (size_t i = 0; i < entries_.size(); i++)
            expand(i);
        load_traces();
        for (size_t n = 0; n < out_.size(); n++) {
            try {
                traffic check(out_[n].msi); // what the device will run, tried before anything is built
            } catch (const config_error &e) {
                throw config_error(at(from_[n].entry) + "." + e.what());
            }
        }
        return std::move(out_);
    }

private:
    std::string at(size_t entry) const { return "devices." + std::to_string(entry); }
    std::string label(origin o) const
    {
        return at(o.entry) + (entries_[o.entry].instances > 1 ? " instance " + std::to_string(o.instance) : "");
    }

    void expand(size_t i)
    {
        const device_spec &e = entries_[i];
        bool printable = !e.name.empty() && e.name.size() <= kMaxName;
        for (char c : e.name)
            printable = printable && c > ' ' && c < 0x7f && c != '.';
        if (!printable)
            throw config_error(at(i) + ".name: " + quoted(e.name) +
                               " is not a usable name (1 to " + std::to_string(kMaxName) +
                               " printable ASCII characters, no dots or spaces)");
        if (e.instances == 0)
            throw config_error(at(i) + ".instances: 0, at least 1");
        if (out_.size() + e.instances > address_map::max_devices)
            throw config_error(at(i) + ".instances: " + std::to_string(out_.size() + e.instances) +
                               " devices in all; the address map holds " + std::to_string(address_map::max_devices) +
                               " (32 KB BARs from 0x10000000 to RAM)");
        uint64_t last_id = e.msi.requester_id + uint64_t(e.instances - 1) * e.requester_id_stride;
        if (last_id > UINT32_MAX)
            throw config_error(at(i) + ".requester_id_stride: instance " + std::to_string(e.instances - 1) +
                               "'s requester ID " + std::to_string(last_id) + " does not fit 32 bits");
        const uint64_t ids = uint64_t(1) << id_bits_;
        if (e.msi.requester_id >= ids)
            throw config_error(at(i) + ".requester_id: " + std::to_string(e.msi.requester_id) +
                               " is beyond the DeviceIDs the driver can map: 0.." + std::to_string(ids - 1) + " (" +
                               std::to_string(id_bits_) + " bits" + id_bits_why_ + ")");
        if (last_id >= ids)
            throw config_error(at(i) + ".requester_id_stride: instance " + std::to_string(e.instances - 1) +
                               "'s requester ID " + std::to_string(last_id) +
                               " is beyond the DeviceIDs the driver can map: 0.." + std::to_string(ids - 1) + " (" +
                               std::to_string(id_bits_) + " bits" + id_bits_why_ + ")");
        for (uint32_t k = 0; k < e.instances; k++) {
            device_spec d = e;
            d.instances = 1;
            d.requester_id_stride = 1;
            if (e.instances > 1) {
                d.name += std::to_string(k);
                d.msi.requester_id += k * e.requester_id_stride;
                d.msi.seed += k;
            }
            add(d, {i, k});
        }
    }

    void add(const device_spec &d, origin o)
    {
        std::string which = entries_[o.entry].instances > 1 ? " (instance " + std::to_string(o.instance) + ")" : "";
        auto name = names_.emplace(d.name, o);
        if (!name.second)
            throw config_error(at(o.entry) + ".name: '" + d.name + "'" + which + " is also the name of " +
                               label(name.first->second));
        auto id = ids_.emplace(d.msi.requester_id, o);
        if (!id.second)
            throw config_error(at(o.entry) + ".requester_id: " + std::to_string(d.msi.requester_id) + which +
                               " is also the requester ID of " + label(id.first->second));
        out_.push_back(d);
        from_.push_back(o);
    }

    // Each file read once, its rows handed to the trace devices by DeviceID.
    void load_traces()
    {
        std::map<std::string, std::unordered_map<uint32_t, std::vector<traffic_trace_row>>> files;
        for (size_t n = 0; n < out_.size(); n++) {
            msi_device_config &m = out_[n].msi;
            if (m.pattern != "trace")
                continue;
            std::string param = at(from_[n].entry) + ".trace_file";
            if (m.trace_file.empty())
                throw config_error(param + ": pattern trace needs a trace file");
            auto file = files.find(m.trace_file);
            if (file == files.end()) {
                std::unordered_map<uint32_t, std::vector<traffic_trace_row>> by_device;
                try {
                    for (const traffic_trace_row &r : read_traffic_trace(m.trace_file))
                        by_device[r.device_id].push_back(r);
                } catch (const config_error &e) {
                    throw config_error(param + ": " + e.what());
                }
                file = files.emplace(m.trace_file, std::move(by_device)).first;
            }
            auto rows = file->second.find(m.requester_id);
            if (rows == file->second.end())
                throw config_error(param + ": " + m.trace_file + " has no rows with device_id " +
                                   std::to_string(m.requester_id) + " (" + label(from_[n]) + ", '" +
                                   out_[n].name + "')");
            auto events = std::make_shared<std::vector<trace_event>>();
            events->reserve(rows->second.size());
            for (const traffic_trace_row &r : rows->second) {
                if (r.event_id >= m.vectors)
                    throw config_error(param + ": " + m.trace_file + ":" + std::to_string(r.line) + ": event_id " +
                                       std::to_string(r.event_id) + " is not below the vectors (" +
                                       std::to_string(m.vectors) + ") of device_id " + std::to_string(r.device_id));
                events->push_back({r.time_ns, r.event_id});
            }
            m.trace = std::move(events);
            m.count = m.trace->size();
        }
    }

    const std::vector<device_spec> &entries_;
    unsigned id_bits_;
    std::string id_bits_why_;
    std::vector<device_spec> out_;
    std::vector<origin> from_;
    std::unordered_map<std::string, origin> names_;
    std::unordered_map<uint32_t, origin> ids_;
};

} // namespace

std::vector<device_spec> expand_devices(const std::vector<device_spec> &entries, unsigned device_id_bits,
                                        const std::string &why)
{
    return expander(entries, std::min(device_id_bits, 32u), why).run();
}

} // namespace gicv3_vp
