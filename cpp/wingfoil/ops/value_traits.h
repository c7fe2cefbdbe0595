#pragma once
// ValueTraits<T>: the few value operations generic operators need (equality for distinct,
// subtraction for difference, negation for not, conversion to double for sum and average). The
// defaults use C++ operators; a host language specialises them for its own value type (the
// Python bindings do for PyValue) before instantiating the operators.

#include <type_traits>

namespace wingfoil {

template <class T>
struct ValueTraits {
    static bool equal(const T& a, const T& b) { return a == b; }
    static T subtract(const T& a, const T& b) { return a - b; }
    static T negate(const T& a) { return -a; }
    static double to_double(const T& a) { return static_cast<double>(a); }
};

} // namespace wingfoil
