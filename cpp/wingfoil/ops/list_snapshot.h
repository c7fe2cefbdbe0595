#pragma once
// ListSnapshot<T>: an immutable view of the first `size` items of an append-only vector shared
// with the node that grows it. Copying one is two words and a reference count, so collect() can
// hand out "every value so far" each tick in O(1) instead of copying the list.

#include <cstddef>
#include <memory>
#include <vector>

namespace wingfoil {

template <class T>
class ListSnapshot {
public:
    ListSnapshot() = default;
    ListSnapshot(std::shared_ptr<const std::vector<T>> items, std::size_t size)
        : items_(std::move(items)), size_(size) {}

    std::size_t size() const noexcept { return size_; }
    bool empty() const noexcept { return size_ == 0; }
    const T& operator[](std::size_t i) const { return (*items_)[i]; }
    const T* begin() const noexcept { return items_ ? items_->data() : nullptr; }
    const T* end() const noexcept { return begin() + size_; }

    friend bool operator==(const ListSnapshot& a, const ListSnapshot& b) {
        if (a.size_ != b.size_) {
            return false;
        }
        for (std::size_t i = 0; i < a.size_; ++i) {
            if (!(a[i] == b[i])) {
                return false;
            }
        }
        return true;
    }

private:
    std::shared_ptr<const std::vector<T>> items_;
    std::size_t size_ = 0;
};

} // namespace wingfoil
