// Tests for RecordReader: the CSV dialect of spec 3.1, line numbering, chunk boundaries and
// the errors for malformed input. Every test writes its own temporary file and removes it.

#include "wingfoil/adapters/csv/record_reader.h"

#include "wingfoil/core/error.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <unistd.h>

namespace {

using wingfoil::adapters::csv::Record;
using wingfoil::adapters::csv::RecordReader;

// A file in the system's temporary directory holding `contents`, removed when this goes away.
class TempFile {
public:
    explicit TempFile(std::string_view contents) {
        std::string name =
            (std::filesystem::temp_directory_path() / "wingfoil_csv_reader_XXXXXX").string();
        const int fd = ::mkstemp(name.data());
        if (fd < 0) {
            throw std::runtime_error("mkstemp failed for " + name);
        }
        path_ = name;
        std::size_t done = 0;
        while (done < contents.size()) {
            const ssize_t n = ::write(fd, contents.data() + done, contents.size() - done);
            if (n <= 0) {
                ::close(fd);
                throw std::runtime_error("write failed for " + name);
            }
            done += static_cast<std::size_t>(n);
        }
        ::close(fd);
    }

    ~TempFile() {
        std::error_code ignored;
        std::filesystem::remove(path_, ignored);
    }

    TempFile(const TempFile&) = delete;
    TempFile& operator=(const TempFile&) = delete;

    const std::string& path() const { return path_; }

private:
    std::string path_;
};

struct Expected {
    std::vector<std::string> fields;
    std::uint64_t line;
};

std::vector<Record> read_all(const std::string& path, std::size_t buffer_size) {
    RecordReader reader(path, buffer_size);
    std::vector<Record> records;
    Record record;
    while (reader.next(record)) {
        records.push_back(record);
    }
    EXPECT_FALSE(reader.next(record)) << "next() must stay false after the end of the file";
    return records;
}

// Chunk sizes that put a chunk boundary at every position of a short input, plus the default.
const std::vector<std::size_t> kBufferSizes = {1, 2, 3, 4, 5, 7, 8, 13, 64,
                                               RecordReader::kDefaultBufferSize};

// Reads `contents` with each chunk size in kBufferSizes and compares with `expected`.
void expect_records(std::string_view contents, const std::vector<Expected>& expected) {
    const TempFile file(contents);
    for (const std::size_t buffer_size : kBufferSizes) {
        SCOPED_TRACE("buffer_size " + std::to_string(buffer_size));
        const std::vector<Record> records = read_all(file.path(), buffer_size);
        ASSERT_EQ(records.size(), expected.size());
        for (std::size_t i = 0; i < records.size(); ++i) {
            SCOPED_TRACE("record " + std::to_string(i));
            EXPECT_EQ(records[i].fields, expected[i].fields);
            EXPECT_EQ(records[i].line, expected[i].line);
        }
    }
}

// Reads `contents` to the end with each chunk size and returns the ValueError's message, which
// must be the same for every chunk size.
std::string read_error(std::string_view contents, const TempFile& file) {
    std::string first;
    for (const std::size_t buffer_size : kBufferSizes) {
        SCOPED_TRACE("buffer_size " + std::to_string(buffer_size));
        std::string message;
        try {
            read_all(file.path(), buffer_size);
            ADD_FAILURE() << "no error for: " << contents;
        } catch (const wingfoil::ValueError& e) {
            message = e.what();
        }
        if (first.empty()) {
            first = message;
        }
        EXPECT_EQ(message, first);
    }
    return first;
}

void expect_contains(const std::string& text, std::string_view part) {
    EXPECT_NE(text.find(part), std::string::npos) << "'" << part << "' not in: " << text;
}

// The error for `contents` is a ValueError naming the file, `line` and `what`.
void expect_error(std::string_view contents, std::uint64_t line, std::string_view what) {
    const TempFile file(contents);
    const std::string message = read_error(contents, file);
    expect_contains(message, "'" + file.path() + "'");
    expect_contains(message, "line " + std::to_string(line) + ":");
    expect_contains(message, what);
}

TEST(RecordReader, ReadsFieldsAndLineNumbers) {
    expect_records("a,b,c\n1,2,3\n", {{{"a", "b", "c"}, 1}, {{"1", "2", "3"}, 2}});
}

TEST(RecordReader, EmptyFileHasNoRecords) { expect_records("", {}); }

TEST(RecordReader, FileOfEmptyLinesHasNoRecords) { expect_records("\n\r\n\r\n\n", {}); }

TEST(RecordReader, ReadsLastLineWithoutNewline) {
    expect_records("a,b\nc,d", {{{"a", "b"}, 1}, {{"c", "d"}, 2}});
}

TEST(RecordReader, SkipsEmptyLines) {
    expect_records("\n\na,b\n\n\nc,d\n\n", {{{"a", "b"}, 3}, {{"c", "d"}, 6}});
}

TEST(RecordReader, AcceptsLfCrlfAndCrTerminators) {
    expect_records("a\r\nb\rc\nd\r\n", {{{"a"}, 1}, {{"b"}, 2}, {{"c"}, 3}, {{"d"}, 4}});
}

TEST(RecordReader, CountsCrFollowedByCrlfAsTwoLines) {
    // "\r\r\n" is a CR terminator and then a CRLF one: an empty line between the records.
    expect_records("a\r\r\nb\n\r\rc", {{{"a"}, 1}, {{"b"}, 3}, {{"c"}, 6}});
}

TEST(RecordReader, KeepsEmptyFields) {
    expect_records(",,\na,\n,b\na,", {{{"", "", ""}, 1}, {{"a", ""}, 2}, {{"", "b"}, 3},
                                      {{"a", ""}, 4}});
}

TEST(RecordReader, DoesNotTrimSpaces) {
    expect_records(" a , b \n\t,  \n", {{{" a ", " b "}, 1}, {{"\t", "  "}, 2}});
}

TEST(RecordReader, LineOfSpacesIsARecord) {
    expect_records("a\n \nb", {{{"a"}, 1}, {{" "}, 2}, {{"b"}, 3}});
}

TEST(RecordReader, QuotedFieldKeepsCommas) {
    expect_records("\"a,b\",c\n\",\",\",,\"\n", {{{"a,b", "c"}, 1}, {{",", ",,"}, 2}});
}

TEST(RecordReader, QuotedFieldUnescapesDoubledQuotes) {
    expect_records("\"say \"\"hi\"\"\",\"\"\"\"\n\"\"\"\"\"\"\n",
                   {{{"say \"hi\"", "\""}, 1}, {{"\"\""}, 2}});
}

TEST(RecordReader, EmptyQuotedFieldIsEmptyString) {
    expect_records("\"\",x,\"\"\n\"\"", {{{"", "x", ""}, 1}, {{""}, 2}});
}

TEST(RecordReader, QuoteInsideUnquotedFieldIsOrdinary) {
    expect_records("ab\"c,d\"\n", {{{"ab\"c", "d\""}, 1}});
}

TEST(RecordReader, QuotedFieldKeepsLineBreaksVerbatim) {
    expect_records("\"l1\nl2\",\"c1\r\nc2\",\"r1\rr2\"\nnext\n",
                   {{{"l1\nl2", "c1\r\nc2", "r1\rr2"}, 1}, {{"next"}, 5}});
}

TEST(RecordReader, LineNumbersCountBreaksInsideQuotes) {
    // Record 1 spans lines 1-3; the empty line 4 is skipped; record 2 starts on line 5, and the
    // "\r\r\n" inside its quotes is two line breaks, so record 3 starts on line 8.
    expect_records("\"a\n\nb\",1\n\nx,\"\r\r\n\"\ny\n",
                   {{{"a\n\nb", "1"}, 1}, {{"x", "\r\r\n"}, 5}, {{"y"}, 8}});
}

TEST(RecordReader, QuotedFieldAtEndOfFileWithoutNewline) {
    expect_records("a,\"b\nc\"", {{{"a", "b\nc"}, 1}});
}

TEST(RecordReader, QuotedFieldFollowedByCrTerminator) {
    expect_records("\"a\"\r\"b\"\r\n\"c\"", {{{"a"}, 1}, {{"b"}, 2}, {{"c"}, 3}});
}

TEST(RecordReader, RecordsMayHaveDifferentFieldCounts) {
    expect_records("a,b,c\nd\ne,f\n", {{{"a", "b", "c"}, 1}, {{"d"}, 2}, {{"e", "f"}, 3}});
}

TEST(RecordReader, StripsUtf8ByteOrderMark) {
    expect_records("\xEF\xBB\xBF"
                   "a,b\nc,d\n",
                   {{{"a", "b"}, 1}, {{"c", "d"}, 2}});
}

TEST(RecordReader, FileWithOnlyByteOrderMarkHasNoRecords) {
    expect_records("\xEF\xBB\xBF", {});
    expect_records("\xEF\xBB\xBF\n\n", {});
}

TEST(RecordReader, ByteOrderMarkBeforeQuotedField) {
    expect_records("\xEF\xBB\xBF\"a,b\"", {{{"a,b"}, 1}});
}

TEST(RecordReader, KeepsByteOrderMarkAfterStartOfFile) {
    // Only the first three bytes of the file may be a BOM; later it is the character U+FEFF.
    expect_records("a\n\xEF\xBB\xBF"
                   "b\n",
                   {{{"a"}, 1}, {{"\xEF\xBB\xBF"
                                  "b"},
                                 2}});
}

TEST(RecordReader, AcceptsMultibyteUtf8) {
    const std::string text = "caf\xC3\xA9,\xE6\x97\xA5\xE6\x9C\xAC,\xF0\x9F\x98\x80,"
                             "\"\xE2\x82\xAC\n\xF4\x8F\xBF\xBF\"\n";
    expect_records(text, {{{"caf\xC3\xA9", "\xE6\x97\xA5\xE6\x9C\xAC", "\xF0\x9F\x98\x80",
                            "\xE2\x82\xAC\n\xF4\x8F\xBF\xBF"},
                           1}});
}

TEST(RecordReader, RejectsInvalidUtf8WithLineNumber) {
    expect_error("a,b\nc,d\xFF\n", 2, "invalid UTF-8 in field 2");
    expect_error("a,b\nc,d\xFF\n", 2, "byte 0xFF at offset 1");
}

TEST(RecordReader, RejectsEachKindOfMalformedUtf8) {
    const std::vector<std::string> bad = {
        "\x80",             // continuation byte without a lead byte
        "\xC0\x80",         // overlong form of U+0000
        "\xC1\xBF",         // overlong two-byte form
        "\xE0\x80\x80",     // overlong three-byte form
        "\xED\xA0\x80",     // UTF-16 surrogate U+D800
        "\xF0\x80\x80\x80", // overlong four-byte form
        "\xF4\x90\x80\x80", // above U+10FFFF
        "\xF5\x80\x80\x80", // lead byte that never occurs
        "\xE2\x82",         // truncated sequence at the end of the field
        "\xE2\x82x",        // truncated sequence followed by ASCII
        "\xEF\xBB",         // truncated byte order mark
    };
    for (const std::string& bytes : bad) {
        SCOPED_TRACE(bytes);
        expect_error("ok\nx," + bytes + ",y\n", 2, "invalid UTF-8 in field 2");
    }
}

TEST(RecordReader, RejectsInvalidUtf8InsideQuotedFieldAtItsOwnLine) {
    // The bad byte sits on the third physical line of a record that starts on line 2.
    expect_error("h\n\"a\nb\r\n\xFE\"\n", 4, "invalid UTF-8 in field 1");
}

TEST(RecordReader, RejectsUnterminatedQuoteAtLineWhereItOpened) {
    expect_error("a,b\nc,\"d\ne\nf\n", 2, "quoted field 2");
    expect_error("a,b\nc,\"d\ne\nf\n", 2, "no closing quote before the end of the file");
    expect_error("\"", 1, "no closing quote");
    expect_error("\"abc\"\"", 1, "no closing quote");
}

TEST(RecordReader, RejectsTextAfterClosingQuote) {
    expect_error("x\n\"ab\"c\n", 2, "unexpected text after the closing quote of field 1");
    expect_error("x,y\n1,\"ab\" \n", 2, "closing quote of field 2");
    expect_error("\"a\nb\"c\n", 2, "closing quote of field 1");
}

TEST(RecordReader, ErrorIsRepeatedOnLaterCalls) {
    const TempFile file("ok\n\"ab\"c\nfine\n");
    RecordReader reader(file.path());
    Record record;
    ASSERT_TRUE(reader.next(record));
    EXPECT_THROW(reader.next(record), wingfoil::ValueError);
    EXPECT_THROW(reader.next(record), wingfoil::ValueError);
}

TEST(RecordReader, EndOfFileIsRepeated) {
    const TempFile file("a\n");
    RecordReader reader(file.path());
    Record record;
    EXPECT_TRUE(reader.next(record));
    EXPECT_FALSE(reader.next(record));
    EXPECT_FALSE(reader.next(record));
}

TEST(RecordReader, MissingFileThrowsFileNotFoundError) {
    const std::string path =
        (std::filesystem::temp_directory_path() / "wingfoil_csv_reader_absent.csv").string();
    std::filesystem::remove(path);
    try {
        RecordReader reader(path);
        FAIL() << "no error for a missing file";
    } catch (const wingfoil::FileNotFoundError& e) {
        EXPECT_EQ(std::string(e.what()), "No such file: '" + path + "'");
    }
}

TEST(RecordReader, DirectoryThrowsIoError) {
    const std::string path = std::filesystem::temp_directory_path().string();
    try {
        RecordReader reader(path);
        FAIL() << "no error for a directory";
    } catch (const wingfoil::FileNotFoundError&) {
        FAIL() << "a directory exists, so this is not FileNotFoundError";
    } catch (const wingfoil::IoError& e) {
        expect_contains(e.what(), "'" + path + "'");
        expect_contains(e.what(), "directory");
    }
}

TEST(RecordReader, ZeroBufferSizeThrowsValueError) {
    const TempFile file("a\n");
    EXPECT_THROW(RecordReader(file.path(), 0), wingfoil::ValueError);
}

TEST(RecordReader, ReusesFieldStringsAcrossRecords) {
    const std::string long_a(100, 'a');
    const std::string long_b(60, 'b');
    const TempFile file(long_a + ",x,y\n" + long_b + ",z\n");
    RecordReader reader(file.path());
    Record record;
    ASSERT_TRUE(reader.next(record));
    const char* storage = record.fields[0].data();
    ASSERT_TRUE(reader.next(record));
    EXPECT_EQ(record.fields, (std::vector<std::string>{long_b, "z"}));
    EXPECT_EQ(record.fields[0].data(), storage) << "the first field's buffer was not reused";
}

TEST(RecordReader, MovedReaderContinuesWhereTheOtherStopped) {
    const TempFile file("a\nb\nc\n");
    RecordReader first(file.path(), 2);
    Record record;
    ASSERT_TRUE(first.next(record));
    RecordReader second(std::move(first));
    ASSERT_TRUE(second.next(record));
    EXPECT_EQ(record.fields, std::vector<std::string>{"b"});
    EXPECT_EQ(record.line, 2u);
    EXPECT_FALSE(first.next(record)); // NOLINT(bugprone-use-after-move): moved-from is at end
    RecordReader third(file.path());
    third = std::move(second);
    ASSERT_TRUE(third.next(record));
    EXPECT_EQ(record.fields, std::vector<std::string>{"c"});
    EXPECT_FALSE(third.next(record));
}

TEST(RecordReader, LargeFileWithFieldsSpanningChunkBoundaries) {
    // Rows of varied width push fields across every 64 KiB boundary; one quoted field bigger
    // than a chunk holds quotes and line breaks, and the rows after it must keep their lines.
    std::string contents;
    std::vector<Expected> expected;
    std::uint64_t line = 1;
    for (int i = 0; i < 6000; ++i) {
        const std::string a = std::to_string(i * 7919);
        const std::string b(static_cast<std::size_t>(i % 37), static_cast<char>('a' + i % 26));
        contents += a + "," + b + ",\"q,\"\"" + std::to_string(i) + "\"\n";
        expected.push_back({{a, b, "q,\"" + std::to_string(i)}, line++});
        if (i == 3000) {
            std::string big;
            std::string quoted = "\"";
            for (int k = 0; k < 20000; ++k) {
                big += "x\"y\n";
                quoted += "x\"\"y\n";
            }
            contents += "big," + quoted + "\",end\r\n";
            expected.push_back({{"big", big, "end"}, line});
            line += 20001;
        }
    }
    ASSERT_GT(contents.size(), 3 * RecordReader::kDefaultBufferSize);

    const TempFile file(contents);
    for (const std::size_t buffer_size : {RecordReader::kDefaultBufferSize, std::size_t{4093}}) {
        SCOPED_TRACE("buffer_size " + std::to_string(buffer_size));
        const std::vector<Record> records = read_all(file.path(), buffer_size);
        ASSERT_EQ(records.size(), expected.size());
        for (std::size_t i = 0; i < records.size(); ++i) {
            ASSERT_EQ(records[i].fields, expected[i].fields) << "record " << i;
            ASSERT_EQ(records[i].line, expected[i].line) << "record " << i;
        }
    }
}

TEST(RecordReader, FieldEndingExactlyAtChunkBoundary) {
    // The first field fills the 64 KiB chunk exactly, so ',' is the first byte of the next one;
    // in the second row a quoted field's closing quote is the chunk's last byte.
    const std::size_t chunk = RecordReader::kDefaultBufferSize;
    const std::string first(chunk, 'f');
    const std::string row1 = first + ",2\n";
    const std::string inner(chunk - 3, 'g'); // the closing quote lands on the chunk's last byte
    const std::string padding(chunk - row1.size() % chunk, 'p');
    const std::string contents = row1 + padding + "\n\"" + inner + "\",3\r\n\"z\"";
    ASSERT_EQ((row1.size() + padding.size() + 2 + inner.size() + 1) % chunk, 0u);

    const TempFile file(contents);
    const std::vector<Record> records = read_all(file.path(), chunk);
    ASSERT_EQ(records.size(), 4u);
    EXPECT_EQ(records[0].fields, (std::vector<std::string>{first, "2"}));
    EXPECT_EQ(records[1].fields, std::vector<std::string>{padding});
    EXPECT_EQ(records[2].fields, (std::vector<std::string>{inner, "3"}));
    EXPECT_EQ(records[2].line, 3u);
    EXPECT_EQ(records[3].fields, std::vector<std::string>{"z"});
    EXPECT_EQ(records[3].line, 4u);
}

TEST(RecordReader, ReadsLobsterMessageLayoutWithAddedHeader) {
    expect_records("seconds,message_type,order_id,quantity,price,direction\n"
                   "34200.004241176,1,16113575,18,5853300,1\n"
                   "34200.025552381,7,0,0,-1,-1\n",
                   {{{"seconds", "message_type", "order_id", "quantity", "price", "direction"}, 1},
                    {{"34200.004241176", "1", "16113575", "18", "5853300", "1"}, 2},
                    {{"34200.025552381", "7", "0", "0", "-1", "-1"}, 3}});
}

} // namespace
