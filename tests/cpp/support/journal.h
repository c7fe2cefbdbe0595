#pragma once
// Journal: an ordered log of what test nodes saw ("a.setup", "b.cycle@100"), shared by the nodes of
// one test so a single vector shows the engine's call order. Engine thread only (tests that run
// other threads never write to it from them).

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace wingfoil::testing {

class Journal {
public:
    /// Appends one entry.
    void add(std::string entry) { entries_.push_back(std::move(entry)); }

    /// Every entry, oldest first.
    const std::vector<std::string>& entries() const noexcept { return entries_; }

    /// The entries that contain `fragment`, in order (e.g. ".stop" for the stop phase only).
    std::vector<std::string> matching(std::string_view fragment) const {
        std::vector<std::string> out;
        for (const auto& entry : entries_) {
            if (entry.find(fragment) != std::string::npos) {
                out.push_back(entry);
            }
        }
        return out;
    }

    void clear() noexcept { entries_.clear(); }

private:
    std::vector<std::string> entries_;
};

} // namespace wingfoil::testing
