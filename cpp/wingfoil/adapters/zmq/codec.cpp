#include "wingfoil/adapters/zmq/codec.h"

#include "wingfoil/core/error.h"

#include <string>

namespace wingfoil::adapters::zmq {

namespace {

constexpr std::uint32_t kLastVariant = static_cast<std::uint32_t>(MessageKind::error);

void put_u32(std::string& out, std::uint32_t v) {
    for (int i = 0; i < 4; ++i) {
        out.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
    }
}

void put_u64(std::string& out, std::uint64_t v) {
    for (int i = 0; i < 8; ++i) {
        out.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
    }
}

void put_bytes(std::string& out, std::string_view bytes) {
    put_u64(out, bytes.size());
    out.append(bytes);
}

// Offset of the first byte that breaks UTF-8 well-formedness, or npos. Follows the table of
// well-formed byte sequences in the Unicode standard (chapter 3), which is what Rust's
// str::from_utf8 accepts.
std::size_t utf8_error_offset(std::string_view text) noexcept {
    const auto* s = reinterpret_cast<const unsigned char*>(text.data());
    const std::size_t n = text.size();
    std::size_t i = 0;
    while (i < n) {
        const unsigned char b = s[i];
        if (b < 0x80) {
            ++i;
            continue;
        }
        std::size_t extra = 0;
        unsigned char lo = 0x80;
        unsigned char hi = 0xBF;
        if (b >= 0xC2 && b <= 0xDF) {
            extra = 1;
        } else if (b >= 0xE0 && b <= 0xEF) {
            extra = 2;
            lo = b == 0xE0 ? 0xA0 : 0x80; // no overlong 3-byte forms
            hi = b == 0xED ? 0x9F : 0xBF; // no UTF-16 surrogates
        } else if (b >= 0xF0 && b <= 0xF4) {
            extra = 3;
            lo = b == 0xF0 ? 0x90 : 0x80; // no overlong 4-byte forms
            hi = b == 0xF4 ? 0x8F : 0xBF; // nothing above U+10FFFF
        } else {
            return i;
        }
        if (n - i <= extra) {
            return i;
        }
        if (s[i + 1] < lo || s[i + 1] > hi) {
            return i;
        }
        for (std::size_t k = 2; k <= extra; ++k) {
            if (s[i + k] < 0x80 || s[i + k] > 0xBF) {
                return i;
            }
        }
        i += extra + 1;
    }
    return std::string_view::npos;
}

// Reads fields off a frame front to back; every shortfall throws ValueError with the offset.
class FrameReader {
public:
    explicit FrameReader(std::string_view frame) : frame_(frame) {}

    std::uint32_t u32(const char* what) { return static_cast<std::uint32_t>(integer(4, what)); }

    std::uint64_t u64(const char* what) { return integer(8, what); }

    // A u64 length, then that many bytes.
    std::string_view bytes(const char* what) {
        const std::size_t at = pos_;
        const std::uint64_t length = u64(what);
        if (length > frame_.size() - pos_) {
            fail(at, std::string(what) + " length is " + std::to_string(length) +
                         " bytes but only " + std::to_string(frame_.size() - pos_) +
                         " follow");
        }
        std::string_view out = frame_.substr(pos_, static_cast<std::size_t>(length));
        pos_ += static_cast<std::size_t>(length);
        return out;
    }

    std::size_t pos() const noexcept { return pos_; }

    [[noreturn]] void fail(std::size_t at, const std::string& problem) const {
        throw ValueError("cannot decode a " + std::to_string(frame_.size()) +
                         "-byte frame as a wingfoil Message: " + problem + " (at byte " +
                         std::to_string(at) + ")");
    }

private:
    std::uint64_t integer(std::size_t width, const char* what) {
        if (frame_.size() - pos_ < width) {
            fail(pos_, std::string("truncated: ") + what + " needs " + std::to_string(width) +
                           " bytes but only " + std::to_string(frame_.size() - pos_) +
                           " remain");
        }
        std::uint64_t v = 0;
        for (std::size_t i = 0; i < width; ++i) {
            v |= static_cast<std::uint64_t>(static_cast<unsigned char>(frame_[pos_ + i]))
                 << (8 * i);
        }
        pos_ += width;
        return v;
    }

    std::string_view frame_;
    std::size_t pos_ = 0;
};

} // namespace

void write_realtime_header(char* out, std::uint64_t payload_size) noexcept {
    const auto tag = static_cast<std::uint32_t>(MessageKind::realtime_value);
    for (int i = 0; i < 4; ++i) {
        out[i] = static_cast<char>((tag >> (8 * i)) & 0xFF);
    }
    for (int i = 0; i < 8; ++i) {
        out[4 + i] = static_cast<char>((payload_size >> (8 * i)) & 0xFF);
    }
}

std::string encode_realtime_value(std::string_view payload) {
    std::string out(kRealtimeHeaderSize, '\0');
    write_realtime_header(out.data(), payload.size());
    out.append(payload);
    return out;
}

std::string encode_end_of_stream() {
    std::string out;
    put_u32(out, static_cast<std::uint32_t>(MessageKind::end_of_stream));
    return out;
}

std::string encode_error(std::string_view text) {
    const std::size_t bad = utf8_error_offset(text);
    if (bad != std::string_view::npos) {
        throw ValueError("wingfoil Error message text must be UTF-8; invalid byte at offset " +
                         std::to_string(bad));
    }
    std::string out;
    put_u32(out, static_cast<std::uint32_t>(MessageKind::error));
    put_bytes(out, text);
    return out;
}

std::string encode_check_point(std::uint64_t time) {
    std::string out;
    put_u32(out, static_cast<std::uint32_t>(MessageKind::check_point));
    put_u64(out, time);
    return out;
}

std::string encode_historical_value(std::string_view payload, std::uint64_t time) {
    std::string out;
    put_u32(out, static_cast<std::uint32_t>(MessageKind::historical_value));
    put_bytes(out, payload);
    put_u64(out, time);
    return out;
}

std::string encode_historical_batch(
    const std::vector<std::pair<std::string, std::uint64_t>>& items) {
    std::string out;
    put_u32(out, static_cast<std::uint32_t>(MessageKind::historical_batch));
    put_u64(out, items.size());
    for (const auto& [payload, time] : items) {
        put_bytes(out, payload);
        put_u64(out, time);
    }
    return out;
}

DecodedFrame decode_frame(std::string_view frame) {
    FrameReader in(frame);
    DecodedFrame out;
    const std::uint32_t index = in.u32("the variant index");
    if (index > kLastVariant) {
        in.fail(0, "unknown Message variant index " + std::to_string(index) +
                       " (known variants are 0 to " + std::to_string(kLastVariant) + ")");
    }
    out.kind = static_cast<MessageKind>(index);
    switch (out.kind) {
    case MessageKind::check_point:
        out.time = in.u64("the CheckPoint time");
        break;
    case MessageKind::end_of_stream:
        break;
    case MessageKind::historical_value:
        out.bytes = in.bytes("the HistoricalValue payload");
        out.time = in.u64("the HistoricalValue time");
        break;
    case MessageKind::realtime_value:
        out.bytes = in.bytes("the RealtimeValue payload");
        break;
    case MessageKind::historical_batch:
        out.batch_size = in.u64("the HistoricalBatch count");
        // Walked item by item: a huge count in a short frame fails at the first missing item.
        for (std::uint64_t i = 0; i < out.batch_size; ++i) {
            in.bytes("a HistoricalBatch payload");
            in.u64("a HistoricalBatch time");
        }
        break;
    case MessageKind::error: {
        const std::size_t text_at = in.pos() + 8;
        out.bytes = in.bytes("the Error text");
        const std::size_t bad = utf8_error_offset(out.bytes);
        if (bad != std::string_view::npos) {
            in.fail(text_at + bad, "the Error text is not valid UTF-8");
        }
        break;
    }
    }
    return out;
}

std::string hex_prefix(std::string_view bytes, std::size_t max_bytes) {
    constexpr std::string_view kHex = "0123456789abcdef";
    std::string out;
    const std::size_t shown = bytes.size() < max_bytes ? bytes.size() : max_bytes;
    for (std::size_t i = 0; i < shown; ++i) {
        const auto b = static_cast<unsigned char>(bytes[i]);
        if (i > 0) {
            out.push_back(' ');
        }
        out.push_back(kHex[b >> 4]);
        out.push_back(kHex[b & 0x0F]);
    }
    if (shown < bytes.size()) {
        out += " ...";
    }
    return out;
}

bool is_valid_utf8(std::string_view text) noexcept {
    return utf8_error_offset(text) == std::string_view::npos;
}

} // namespace wingfoil::adapters::zmq
