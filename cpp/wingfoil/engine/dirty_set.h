#pragma once
// DirtySet: the nodes to run in the current cycle, as a bitset over schedule positions. Marking is
// one OR; the cycle visits set bits in ascending position, i.e. (layer, index) order, and only the
// words between the lowest and highest marked ones, so a cycle costs what it does, not the graph's
// size. Engine thread only.

#include <bit>
#include <cstdint>
#include <vector>

namespace wingfoil {

class DirtySet {
public:
    void resize(std::uint32_t positions) {
        words_.assign((positions + 63) / 64, 0);
        low_ = static_cast<std::uint32_t>(words_.size());
        high_ = 0;
    }

    /// Marks a position; marking twice is harmless.
    void mark(std::uint32_t position) noexcept {
        std::uint32_t word = position >> 6;
        words_[word] |= std::uint64_t{1} << (position & 63);
        low_ = word < low_ ? word : low_;
        high_ = word > high_ ? word : high_;
    }

    bool any() const noexcept { return low_ <= high_ && low_ < words_.size(); }

    /// Visits and clears marked positions in ascending order. `visit` may mark positions greater
    /// than the one being visited; they are visited in the same pass.
    template <class F>
    void drain(F&& visit) {
        std::uint64_t* words = words_.data();
        for (std::uint32_t word = low_; word <= high_ && word < words_.size(); ++word) {
            std::uint64_t bits = words[word];
            while (bits != 0) {
                unsigned bit = static_cast<unsigned>(std::countr_zero(bits));
                // Clear before visiting: the visit may mark further bits in this word.
                words[word] = bits & (bits - 1);
                visit((word << 6) | bit);
                bits = words[word];
            }
        }
        low_ = static_cast<std::uint32_t>(words_.size());
        high_ = 0;
    }

    // Raw access for Graph::run_cycle, which scans with the current word held in a register (a
    // scan through memory makes every node wait on the previous node's store).
    std::uint64_t* words() noexcept { return words_.data(); }
    std::uint32_t low() const noexcept { return low_; }
    std::uint32_t high() const noexcept {
        return high_ < words_.size() ? high_ : static_cast<std::uint32_t>(words_.size()) - 1;
    }
    /// After a raw scan that cleared every word it visited.
    void reset_bounds() noexcept {
        low_ = static_cast<std::uint32_t>(words_.size());
        high_ = 0;
    }

    /// Forgets everything marked (after a failed cycle).
    void clear() noexcept {
        for (auto& w : words_) {
            w = 0;
        }
        low_ = static_cast<std::uint32_t>(words_.size());
        high_ = 0;
    }

private:
    std::vector<std::uint64_t> words_;
    std::uint32_t low_ = 0;  // lowest word that may hold a mark
    std::uint32_t high_ = 0; // highest word that may hold a mark
};

} // namespace wingfoil
