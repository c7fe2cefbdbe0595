#pragma once
// The ZeroMQ wire format shared with reference wingfoil peers: every ZMQ message is one frame
// holding bincode 1.x "legacy" encoding (fixed-width little-endian integers, u64 lengths) of the
// channel enum Message<Vec<u8>>: a u32 variant index, then that variant's fields. Encoders build
// frames; decode_frame checks a whole frame and reports the first problem with its byte offset.
// Trailing bytes after a complete message are ignored, as bincode does. Pure functions of their
// arguments: any thread.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace wingfoil::adapters::zmq {

/// The variants of Message<Vec<u8>>, numbered as on the wire.
enum class MessageKind : std::uint32_t {
    check_point = 0,      ///< u64 time; subscribers ignore it
    end_of_stream = 1,    ///< no fields; the publisher has stopped
    historical_value = 2, ///< payload, u64 time; subscribers ignore it
    realtime_value = 3,   ///< payload: the one variant that carries data
    historical_batch = 4, ///< u64 count, then count x (payload, u64 time); ignored
    error = 5,            ///< UTF-8 text; the subscriber's run fails with it
};

/// Bytes before the payload of a RealtimeValue frame: the u32 index and the u64 length.
inline constexpr std::size_t kRealtimeHeaderSize = 12;

/// A checked frame. Views point into the decoded frame and live as long as it does.
struct DecodedFrame {
    MessageKind kind = MessageKind::check_point;
    std::string_view bytes;         ///< realtime/historical payload, or the error text
    std::uint64_t time = 0;         ///< check_point and historical_value: nanoseconds
    std::uint64_t batch_size = 0;   ///< historical_batch: number of (payload, time) pairs
};

/// Writes the 12-byte RealtimeValue header for a payload of `payload_size` bytes to `out`.
/// `out` must have room for kRealtimeHeaderSize bytes. No allocation.
void write_realtime_header(char* out, std::uint64_t payload_size) noexcept;

/// bincode(RealtimeValue(payload)): 12 + payload.size() bytes.
std::string encode_realtime_value(std::string_view payload);

/// bincode(EndOfStream): the 4 bytes 01 00 00 00.
std::string encode_end_of_stream();

/// bincode(Error(text)). Throws ValueError if `text` is not valid UTF-8 (a Rust String must be).
std::string encode_error(std::string_view text);

/// bincode(CheckPoint(time)).
std::string encode_check_point(std::uint64_t time);

/// bincode(HistoricalValue(payload, time)).
std::string encode_historical_value(std::string_view payload, std::uint64_t time);

/// bincode(HistoricalBatch(items)), each item a (payload, time) pair.
std::string encode_historical_batch(
    const std::vector<std::pair<std::string, std::uint64_t>>& items);

/// Checks and decodes one frame. Linear in the frame size; allocates only to build an error.
/// Throws ValueError naming the problem and its byte offset: a frame too short for its fields,
/// a length running past the end, an unknown variant index, or Error text that is not UTF-8.
DecodedFrame decode_frame(std::string_view frame);

/// The first `max_bytes` bytes as space-separated hex ("6e 6f 74 20 ..."), for error messages.
std::string hex_prefix(std::string_view bytes, std::size_t max_bytes = 16);

/// True when `text` is well-formed UTF-8 (no overlong forms, surrogates or values > U+10FFFF).
bool is_valid_utf8(std::string_view text) noexcept;

} // namespace wingfoil::adapters::zmq
