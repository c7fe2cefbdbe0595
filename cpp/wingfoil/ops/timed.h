#pragma once
// Timed<T>: a value with the cycle time at which it was seen (with_time, dataframe rows).

#include "wingfoil/core/nano_time.h"

namespace wingfoil {

template <class T>
struct Timed {
    NanoTime time = 0;
    T value{};

    bool operator==(const Timed&) const = default;
};

} // namespace wingfoil
