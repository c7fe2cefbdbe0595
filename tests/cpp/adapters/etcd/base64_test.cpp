// Tests for base64_encode / base64_decode: the RFC 4648 test vectors, every byte value, and the
// errors for malformed text.

#include "wingfoil/adapters/etcd/base64.h"

#include "wingfoil/core/error.h"

#include <gtest/gtest.h>

#include <random>
#include <string>

namespace {

using wingfoil::ValueError;
using wingfoil::adapters::etcd::base64_decode;
using wingfoil::adapters::etcd::base64_encode;

TEST(Base64, EncodesRfc4648Vectors) {
    EXPECT_EQ(base64_encode(""), "");
    EXPECT_EQ(base64_encode("f"), "Zg==");
    EXPECT_EQ(base64_encode("fo"), "Zm8=");
    EXPECT_EQ(base64_encode("foo"), "Zm9v");
    EXPECT_EQ(base64_encode("foob"), "Zm9vYg==");
    EXPECT_EQ(base64_encode("fooba"), "Zm9vYmE=");
    EXPECT_EQ(base64_encode("foobar"), "Zm9vYmFy");
}

TEST(Base64, EncodesEtcdGatewayExamples) {
    EXPECT_EQ(base64_encode("/app/a"), "L2FwcC9h");
    EXPECT_EQ(base64_encode("/app/"), "L2FwcC8=");
    EXPECT_EQ(base64_encode("/app0"), "L2FwcDA=");
    EXPECT_EQ(base64_encode(std::string(1, '\0')), "AA==");
}

TEST(Base64, DecodesRfc4648VectorsPaddedAndUnpadded) {
    EXPECT_EQ(base64_decode(""), "");
    EXPECT_EQ(base64_decode("Zg=="), "f");
    EXPECT_EQ(base64_decode("Zg"), "f");
    EXPECT_EQ(base64_decode("Zm8="), "fo");
    EXPECT_EQ(base64_decode("Zm8"), "fo");
    EXPECT_EQ(base64_decode("Zm9vYmFy"), "foobar");
}

TEST(Base64, RoundTripsEveryByteValueAndRandomData) {
    std::string all;
    for (int i = 0; i < 256; ++i) {
        all += static_cast<char>(i);
    }
    EXPECT_EQ(base64_decode(base64_encode(all)), all);

    std::mt19937 rng(12345);
    for (int n = 0; n < 200; ++n) {
        std::string bytes(static_cast<std::size_t>(rng() % 64), '\0');
        for (auto& c : bytes) {
            c = static_cast<char>(rng() & 0xFF);
        }
        ASSERT_EQ(base64_decode(base64_encode(bytes)), bytes) << "length " << bytes.size();
    }
}

TEST(Base64, RejectsCharactersOutsideTheAlphabet) {
    try {
        base64_decode("Zm9v!mFy", "the key");
        FAIL() << "no error";
    } catch (const ValueError& e) {
        EXPECT_STREQ(e.what(),
                     "invalid the key: character outside the alphabet at offset 4");
    }
}

TEST(Base64, RejectsMisplacedPaddingAndImpossibleLengths) {
    EXPECT_THROW(base64_decode("Zg==Zg=="), ValueError); // padding in the middle
    EXPECT_THROW(base64_decode("Z"), ValueError);        // a lone character
    EXPECT_THROW(base64_decode("Zg="), ValueError);      // padding that does not complete
    EXPECT_THROW(base64_decode("Z==="), ValueError);     // too much padding
}

TEST(Base64, RejectsNonZeroTrailingBits) {
    // "Zh==" would carry bits beyond the single byte it encodes.
    EXPECT_THROW(base64_decode("Zh=="), ValueError);
}

} // namespace
