// Tests for the ZeroMQ frame codec: the byte-exact goldens of the wire format, round trips of
// every Message variant, bincode's trailing-bytes rule, and one test per kind of malformed frame
// (each must be a ValueError that says what was wrong and where).

#include "wingfoil/adapters/zmq/codec.h"

#include "wingfoil/core/error.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace {

using namespace wingfoil::adapters::zmq;

// Bytes from a list of values 0-255, so goldens read like the hex in the wire-format table.
std::string bytes(std::initializer_list<int> values) {
    std::string out;
    for (int v : values) {
        out.push_back(static_cast<char>(v));
    }
    return out;
}

// The ValueError message for decoding `frame`; fails the test if decoding succeeds.
std::string decode_error(std::string_view frame) {
    try {
        decode_frame(frame);
        ADD_FAILURE() << "frame " << hex_prefix(frame, 64) << " decoded";
    } catch (const wingfoil::ValueError& e) {
        return e.what();
    }
    return "";
}

TEST(ZmqCodec, RealtimeValueMatchesTheWireGolden) {
    EXPECT_EQ(encode_realtime_value("12"),
              bytes({0x03, 0, 0, 0, 0x02, 0, 0, 0, 0, 0, 0, 0, 0x31, 0x32}));
}

TEST(ZmqCodec, EmptyPayloadIsTwelveBytes) {
    EXPECT_EQ(encode_realtime_value(""), bytes({0x03, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}));
}

TEST(ZmqCodec, EndOfStreamIsFourBytes) {
    EXPECT_EQ(encode_end_of_stream(), bytes({0x01, 0, 0, 0}));
}

TEST(ZmqCodec, ErrorMatchesTheWireGolden) {
    EXPECT_EQ(encode_error("boom"),
              bytes({0x05, 0, 0, 0, 0x04, 0, 0, 0, 0, 0, 0, 0, 0x62, 0x6f, 0x6f, 0x6d}));
}

TEST(ZmqCodec, LengthIsLittleEndianU64) {
    const std::string payload(0x0102, 'x');
    const std::string frame = encode_realtime_value(payload);
    EXPECT_EQ(frame.substr(0, 12), bytes({0x03, 0, 0, 0, 0x02, 0x01, 0, 0, 0, 0, 0, 0}));
    EXPECT_EQ(frame.size(), 12u + payload.size());
}

TEST(ZmqCodec, WriteRealtimeHeaderEqualsTheEncoderPrefix) {
    char header[kRealtimeHeaderSize];
    write_realtime_header(header, 5);
    EXPECT_EQ(std::string(header, sizeof(header)), encode_realtime_value("hello").substr(0, 12));
}

TEST(ZmqCodec, CheckPointAndHistoricalValueGoldens) {
    EXPECT_EQ(encode_check_point(0x0807060504030201ULL),
              bytes({0x00, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8}));
    EXPECT_EQ(encode_historical_value("a", 7),
              bytes({0x02, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0x61, 7, 0, 0, 0, 0, 0, 0, 0}));
}

TEST(ZmqCodec, HistoricalBatchGolden) {
    EXPECT_EQ(encode_historical_batch({{"a", 1}, {"", 2}}),
              bytes({0x04, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0,         // variant 4, count 2
                     1, 0, 0, 0, 0, 0, 0, 0, 0x61, 1, 0, 0, 0, 0, 0, 0, 0, // "a", t=1
                     0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0}));      // "", t=2
}

TEST(ZmqCodec, RealtimeValueRoundTripsArbitraryBytes) {
    std::string payload;
    for (int i = 0; i < 256; ++i) {
        payload.push_back(static_cast<char>(i));
    }
    const std::string frame = encode_realtime_value(payload);
    const DecodedFrame decoded = decode_frame(frame);
    EXPECT_EQ(decoded.kind, MessageKind::realtime_value);
    EXPECT_EQ(decoded.bytes, payload);
}

TEST(ZmqCodec, EveryVariantRoundTrips) {
    EXPECT_EQ(decode_frame(encode_end_of_stream()).kind, MessageKind::end_of_stream);

    const DecodedFrame check = decode_frame(encode_check_point(42));
    EXPECT_EQ(check.kind, MessageKind::check_point);
    EXPECT_EQ(check.time, 42u);

    const std::string historical = encode_historical_value("xyz", 99);
    const DecodedFrame value = decode_frame(historical);
    EXPECT_EQ(value.kind, MessageKind::historical_value);
    EXPECT_EQ(value.bytes, "xyz");
    EXPECT_EQ(value.time, 99u);

    const DecodedFrame batch = decode_frame(encode_historical_batch({{"a", 1}, {"bc", 2}}));
    EXPECT_EQ(batch.kind, MessageKind::historical_batch);
    EXPECT_EQ(batch.batch_size, 2u);

    const std::string error = encode_error("d\xC3\xA9j\xC3\xA0 vu");
    const DecodedFrame text = decode_frame(error);
    EXPECT_EQ(text.kind, MessageKind::error);
    EXPECT_EQ(text.bytes, "d\xC3\xA9j\xC3\xA0 vu");
}

TEST(ZmqCodec, TrailingBytesAfterACompleteMessageAreIgnored) {
    const std::string frame = encode_realtime_value("ab") + "trailing";
    const DecodedFrame decoded = decode_frame(frame);
    EXPECT_EQ(decoded.kind, MessageKind::realtime_value);
    EXPECT_EQ(decoded.bytes, "ab");
    EXPECT_EQ(decode_frame(encode_end_of_stream() + "x").kind, MessageKind::end_of_stream);
}

TEST(ZmqCodec, AsciiTextIsRejectedAsAnUnknownVariant) {
    // What a peer sending plain text produces: "not " read as a u32 is 544501614.
    const std::string message = decode_error("not valid bincode");
    EXPECT_NE(message.find("unknown Message variant index 544501614"), std::string::npos)
        << message;
    EXPECT_NE(message.find("17-byte frame"), std::string::npos) << message;
    EXPECT_NE(message.find("at byte 0"), std::string::npos) << message;
}

TEST(ZmqCodec, VariantSixIsUnknown) {
    const std::string message = decode_error(bytes({6, 0, 0, 0}));
    EXPECT_NE(message.find("variant index 6 (known variants are 0 to 5)"), std::string::npos)
        << message;
}

TEST(ZmqCodec, FrameShorterThanTheVariantIndexIsTruncated) {
    EXPECT_NE(decode_error("").find("variant index needs 4 bytes but only 0 remain"),
              std::string::npos);
    EXPECT_NE(decode_error(bytes({3, 0, 0})).find("only 3 remain"), std::string::npos);
}

TEST(ZmqCodec, MissingLengthIsTruncated) {
    const std::string message = decode_error(bytes({3, 0, 0, 0, 2, 0, 0}));
    EXPECT_NE(message.find("RealtimeValue payload needs 8 bytes but only 3 remain"),
              std::string::npos)
        << message;
    EXPECT_NE(message.find("at byte 4"), std::string::npos) << message;
}

TEST(ZmqCodec, LengthPastTheEndIsRejected) {
    const std::string message =
        decode_error(bytes({3, 0, 0, 0, 100, 0, 0, 0, 0, 0, 0, 0, 0x31, 0x32}));
    EXPECT_NE(message.find("length is 100 bytes but only 2 follow"), std::string::npos)
        << message;
}

TEST(ZmqCodec, HugeLengthDoesNotOverflow) {
    const std::string message =
        decode_error(bytes({3, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x31}));
    EXPECT_NE(message.find("length is 18446744073709551615 bytes but only 1 follow"),
              std::string::npos)
        << message;
}

TEST(ZmqCodec, HistoricalValueWithoutItsTimeIsTruncated) {
    const std::string frame = encode_historical_value("a", 5);
    const std::string message = decode_error(std::string_view(frame).substr(0, frame.size() - 1));
    EXPECT_NE(message.find("HistoricalValue time needs 8 bytes but only 7 remain"),
              std::string::npos)
        << message;
}

TEST(ZmqCodec, BatchCountLargerThanItsItemsIsRejected) {
    std::string frame = encode_historical_batch({{"a", 1}});
    frame[4] = 3; // claims three items, holds one
    const std::string message = decode_error(frame);
    EXPECT_NE(message.find("HistoricalBatch payload needs 8 bytes but only 0 remain"),
              std::string::npos)
        << message;
}

TEST(ZmqCodec, ErrorTextThatIsNotUtf8IsRejected) {
    const std::string frame = bytes({5, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0x61, 0xFF, 0x62});
    const std::string message = decode_error(frame);
    EXPECT_NE(message.find("Error text is not valid UTF-8"), std::string::npos) << message;
    EXPECT_NE(message.find("at byte 13"), std::string::npos) << message;
}

TEST(ZmqCodec, EncodeErrorRefusesInvalidUtf8) {
    EXPECT_THROW(encode_error("\xC0\xAF"), wingfoil::ValueError);
}

TEST(ZmqCodec, Utf8ValidatorFollowsTheUnicodeTable) {
    EXPECT_TRUE(is_valid_utf8(""));
    EXPECT_TRUE(is_valid_utf8("plain ascii"));
    EXPECT_TRUE(is_valid_utf8("\xC2\x80"));          // U+0080
    EXPECT_TRUE(is_valid_utf8("\xED\x9F\xBF"));      // U+D7FF, just below the surrogates
    EXPECT_TRUE(is_valid_utf8("\xF4\x8F\xBF\xBF"));  // U+10FFFF
    EXPECT_FALSE(is_valid_utf8("\xC1\xBF"));         // overlong two-byte form
    EXPECT_FALSE(is_valid_utf8("\xE0\x9F\xBF"));     // overlong three-byte form
    EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80"));     // a UTF-16 surrogate
    EXPECT_FALSE(is_valid_utf8("\xF0\x8F\xBF\xBF")); // overlong four-byte form
    EXPECT_FALSE(is_valid_utf8("\xF4\x90\x80\x80")); // above U+10FFFF
    EXPECT_FALSE(is_valid_utf8("\xE2\x82"));         // cut short
    EXPECT_FALSE(is_valid_utf8("\x80"));             // a lone continuation byte
}

TEST(ZmqCodec, HexPrefixShowsTheFirstBytes) {
    EXPECT_EQ(hex_prefix(bytes({0x6e, 0x6f, 0x74})), "6e 6f 74");
    EXPECT_EQ(hex_prefix("abcdef", 2), "61 62 ...");
    EXPECT_EQ(hex_prefix(""), "");
}

} // namespace
