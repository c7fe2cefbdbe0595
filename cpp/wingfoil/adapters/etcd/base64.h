#pragma once
// Standard base64 (RFC 4648 section 4, with '=' padding), the encoding etcd's JSON gateway uses
// for every key, value and range end. Pure functions, safe on any thread.

#include <string>
#include <string_view>

namespace wingfoil::adapters::etcd {

/// The base64 text of `bytes`, padded to a multiple of 4 characters. Cost: one allocation.
std::string base64_encode(std::string_view bytes);

/// The bytes that `text` encodes. Accepts padded or unpadded input; throws ValueError naming
/// `what` and the offending position for any other character, a misplaced '=', an impossible
/// length or non-zero trailing bits. Cost: one allocation.
std::string base64_decode(std::string_view text, std::string_view what = "base64 text");

} // namespace wingfoil::adapters::etcd
