// SPDX-License-Identifier: Apache-2.0
// Inputs of the file-reading targets: text sections separated by a line
// "====", so a seed is a readable file; and a scratch folder for them.
#pragma once

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <set>
#include <string>
#include <unistd.h>
#include <vector>

namespace fz {

inline std::vector<std::string> sections(const uint8_t *data, size_t size)
{
    const std::string sep = "\n====\n";
    std::string all(reinterpret_cast<const char *>(data), size);
    std::vector<std::string> out;
    size_t at = 0;
    for (size_t k; (k = all.find(sep, at)) != std::string::npos; at = k + sep.size())
        out.push_back(all.substr(at, k - at));
    out.push_back(all.substr(at));
    return out;
}

// One folder per process, in memory when /dev/shm is there (file creation
// on a disk costs milliseconds: most of an execution), removed at exit.
class scratch_dir {
public:
    scratch_dir()
    {
        std::string t = std::string(access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp") + "/its-fuzz-XXXXXX";
        if (!mkdtemp(t.data()))
            abort();
        dir_ = t;
    }
    ~scratch_dir()
    {
        for (const std::string &n : names_)
            unlink((dir_ + "/" + n).c_str());
        rmdir(dir_.c_str());
    }
    // Write (or, for an absent section, remove) a file of the folder.
    std::string put(const std::string &name, const std::string *text)
    {
        std::string path = dir_ + "/" + name;
        names_.insert(name);
        if (!text) {
            unlink(path.c_str());
            return path;
        }
        std::ofstream f(path, std::ios::binary | std::ios::trunc);
        f << *text;
        if (!f)
            abort();
        return path;
    }

private:
    std::string dir_;
    std::set<std::string> names_;
};

inline std::string put(const std::string &name, const std::string *text)
{
    static scratch_dir dir;
    return dir.put(name, text);
}

} // namespace fz
