#include "wingfoil/adapters/etcd/base64.h"

#include "wingfoil/core/error.h"

#include <array>
#include <cstdint>

namespace wingfoil::adapters::etcd {

namespace {

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

constexpr std::int8_t kInvalid = -1;

// The 6-bit value of each byte, or kInvalid.
constexpr std::array<std::int8_t, 256> make_decode_table() {
    std::array<std::int8_t, 256> table{};
    for (auto& entry : table) {
        entry = kInvalid;
    }
    for (int i = 0; i < 64; ++i) {
        table[static_cast<unsigned char>(kAlphabet[i])] = static_cast<std::int8_t>(i);
    }
    return table;
}

constexpr auto kDecode = make_decode_table();

std::uint32_t byte_at(std::string_view bytes, std::size_t i) {
    return static_cast<unsigned char>(bytes[i]);
}

[[noreturn]] void fail(std::string_view what, std::size_t pos, std::string_view reason) {
    throw ValueError("invalid " + std::string(what) + ": " + std::string(reason) + " at offset " +
                     std::to_string(pos));
}

} // namespace

std::string base64_encode(std::string_view bytes) {
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    std::size_t i = 0;
    for (; i + 3 <= bytes.size(); i += 3) {
        std::uint32_t n = byte_at(bytes, i) << 16 | byte_at(bytes, i + 1) << 8 |
                          byte_at(bytes, i + 2);
        out += kAlphabet[n >> 18];
        out += kAlphabet[(n >> 12) & 63];
        out += kAlphabet[(n >> 6) & 63];
        out += kAlphabet[n & 63];
    }
    std::size_t rest = bytes.size() - i;
    if (rest > 0) {
        std::uint32_t n = byte_at(bytes, i) << 16;
        if (rest == 2) {
            n |= byte_at(bytes, i + 1) << 8;
        }
        out += kAlphabet[n >> 18];
        out += kAlphabet[(n >> 12) & 63];
        out += rest == 2 ? kAlphabet[(n >> 6) & 63] : '=';
        out += '=';
    }
    return out;
}

std::string base64_decode(std::string_view text, std::string_view what) {
    // Padding may only close the text, and only as many '=' as the last group lacks.
    std::size_t end = text.size();
    while (end > 0 && text[end - 1] == '=' && text.size() - end < 2) {
        --end;
    }
    std::size_t padding = text.size() - end;
    if (padding > 0 && text.size() % 4 != 0) {
        fail(what, end, "padding does not complete a 4-character group");
    }
    if (end % 4 == 1) {
        fail(what, end, "length leaves a lone character");
    }
    std::string out;
    out.reserve(end / 4 * 3 + 2);
    std::uint32_t acc = 0;
    int bits = 0;
    for (std::size_t i = 0; i < end; ++i) {
        std::int8_t v = kDecode[static_cast<unsigned char>(text[i])];
        if (v == kInvalid) {
            fail(what, i, text[i] == '=' ? "misplaced '='" : "character outside the alphabet");
        }
        acc = (acc << 6) | static_cast<std::uint32_t>(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out += static_cast<char>((acc >> bits) & 0xFF);
        }
    }
    if (bits > 0 && (acc & ((1u << bits) - 1)) != 0) {
        fail(what, end - 1, "non-zero bits after the last byte");
    }
    return out;
}

} // namespace wingfoil::adapters::etcd
