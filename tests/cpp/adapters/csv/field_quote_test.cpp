// Tests for append_quoted and FileWriter: RFC 4180 quoting, buffering, error reporting, and a
// round trip through RecordReader. Every test removes the files it creates.

#include "wingfoil/adapters/csv/field_quote.h"

#include "wingfoil/adapters/csv/record_reader.h"
#include "wingfoil/core/error.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <sstream>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

namespace {

using wingfoil::adapters::csv::append_quoted;
using wingfoil::adapters::csv::FileWriter;
using wingfoil::adapters::csv::Record;
using wingfoil::adapters::csv::RecordReader;

// A unique path in the system's temporary directory; the file there is removed on destruction.
class TempPath {
public:
    TempPath() {
        static std::uint64_t counter = 0;
        const std::uint64_t salt = std::random_device{}();
        path_ = (std::filesystem::temp_directory_path() /
                 ("wingfoil_csv_writer_" + std::to_string(salt) + "_" + std::to_string(++counter) +
                  ".csv"))
                    .string();
    }

    ~TempPath() {
        std::error_code ignored;
        std::filesystem::remove(path_, ignored);
    }

    TempPath(const TempPath&) = delete;
    TempPath& operator=(const TempPath&) = delete;

    const std::string& path() const { return path_; }

private:
    std::string path_;
};

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::string quoted(std::string_view field) {
    std::string out;
    append_quoted(out, field);
    return out;
}

void expect_contains(const std::string& text, std::string_view part) {
    EXPECT_NE(text.find(part), std::string::npos) << "'" << part << "' not in: " << text;
}

TEST(AppendQuoted, LeavesPlainFieldsAsTheyAre) {
    EXPECT_EQ(quoted("abc"), "abc");
    EXPECT_EQ(quoted("1.5"), "1.5");
    EXPECT_EQ(quoted(" spaced "), " spaced ");
    EXPECT_EQ(quoted("caf\xC3\xA9"), "caf\xC3\xA9");
    EXPECT_EQ(quoted("tab\there"), "tab\there");
}

TEST(AppendQuoted, LeavesEmptyFieldEmpty) { EXPECT_EQ(quoted(""), ""); }

TEST(AppendQuoted, QuotesFieldWithComma) {
    EXPECT_EQ(quoted("A,B"), "\"A,B\"");
    EXPECT_EQ(quoted("[1, 2]"), "\"[1, 2]\"");
    EXPECT_EQ(quoted(","), "\",\"");
}

TEST(AppendQuoted, QuotesFieldWithQuoteAndDoublesIt) {
    EXPECT_EQ(quoted("say \"hi\""), "\"say \"\"hi\"\"\"");
    EXPECT_EQ(quoted("\""), "\"\"\"\"");
    EXPECT_EQ(quoted("\"\""), "\"\"\"\"\"\"");
    EXPECT_EQ(quoted("b'x'\""), "\"b'x'\"\"\"");
}

TEST(AppendQuoted, QuotesFieldWithLineFeed) { EXPECT_EQ(quoted("a\nb"), "\"a\nb\""); }

TEST(AppendQuoted, QuotesFieldWithCarriageReturn) {
    // The reference leaves a lone '\r' unquoted; the port quotes it (spec section 0).
    EXPECT_EQ(quoted("a\rb"), "\"a\rb\"");
    EXPECT_EQ(quoted("a\r\nb"), "\"a\r\nb\"");
}

TEST(AppendQuoted, AppendsWithoutClearingOutput) {
    std::string out = "time,";
    append_quoted(out, "x,y");
    out += ',';
    append_quoted(out, "z");
    EXPECT_EQ(out, "time,\"x,y\",z");
}

TEST(FileWriter, WritesSpecWorkedExample) {
    // Spec 3.3: ticks at 1000 and 2000 ns with these dicts give exactly this text.
    const TempPath file;
    {
        FileWriter writer(file.path());
        const std::vector<std::vector<std::string>> rows = {{"time", "sym", "px", "note"},
                                                            {"1000", "A,B", "1.5", "say \"hi\""},
                                                            {"2000", "", "2", ""}};
        for (const auto& row : rows) {
            std::string line;
            for (std::size_t i = 0; i < row.size(); ++i) {
                if (i > 0) {
                    line += ',';
                }
                append_quoted(line, row[i]);
            }
            line += '\n';
            writer.write(line);
        }
        writer.close();
    }
    EXPECT_EQ(read_file(file.path()), "time,sym,px,note\n"
                                      "1000,\"A,B\",1.5,\"say \"\"hi\"\"\"\n"
                                      "2000,,2,\n");
}

TEST(FileWriter, CreatesEmptyFileAtConstruction) {
    const TempPath file;
    FileWriter writer(file.path());
    EXPECT_TRUE(std::filesystem::exists(file.path()));
    EXPECT_EQ(std::filesystem::file_size(file.path()), 0u);
    EXPECT_TRUE(writer.is_open());
    EXPECT_EQ(writer.path(), file.path());
}

TEST(FileWriter, TruncatesExistingFile) {
    const TempPath file;
    std::ofstream(file.path()) << "old contents that must go\n";
    {
        FileWriter writer(file.path());
        writer.write("new\n");
        writer.close();
    }
    EXPECT_EQ(read_file(file.path()), "new\n");
}

TEST(FileWriter, AppendModeKeepsExistingContents) {
    const TempPath file;
    {
        FileWriter writer(file.path());
        writer.write("first\n");
        writer.close();
    }
    {
        FileWriter writer(file.path(), FileWriter::Mode::append);
        writer.write("second\n");
        writer.close();
    }
    EXPECT_EQ(read_file(file.path()), "first\nsecond\n");
}

TEST(FileWriter, AppendModeCreatesMissingFile) {
    const TempPath file;
    {
        FileWriter writer(file.path(), FileWriter::Mode::append, 4);
        writer.write("created\n");
        writer.close();
    }
    EXPECT_EQ(read_file(file.path()), "created\n");
}

TEST(FileWriter, BuffersUntilFlush) {
    const TempPath file;
    FileWriter writer(file.path());
    writer.write("abc");
    EXPECT_EQ(read_file(file.path()), "");
    writer.flush();
    EXPECT_EQ(read_file(file.path()), "abc");
    writer.write("def");
    writer.flush();
    writer.flush();
    EXPECT_EQ(read_file(file.path()), "abcdef");
}

TEST(FileWriter, WritesAcrossBufferBoundariesInOrder) {
    const TempPath file;
    std::string expected;
    {
        FileWriter writer(file.path(), 7);
        for (int i = 0; i < 500; ++i) {
            // Pieces shorter than, equal to and longer than the 7-byte buffer.
            const std::string piece(static_cast<std::size_t>(i % 17),
                                    static_cast<char>('a' + i % 26));
            writer.write(piece);
            expected += piece;
        }
        writer.close();
    }
    EXPECT_EQ(read_file(file.path()), expected);
}

TEST(FileWriter, WritesDataLargerThanDefaultBuffer) {
    const TempPath file;
    const std::string big(3 * FileWriter::kDefaultBufferSize + 11, 'x');
    {
        FileWriter writer(file.path());
        writer.write("head,");
        writer.write(big);
        writer.write(",tail");
        writer.close();
    }
    EXPECT_EQ(read_file(file.path()), "head," + big + ",tail");
}

TEST(FileWriter, DestructorFlushesBufferedData) {
    const TempPath file;
    {
        FileWriter writer(file.path());
        writer.write("kept\n");
    }
    EXPECT_EQ(read_file(file.path()), "kept\n");
}

TEST(FileWriter, CloseIsIdempotentAndLaterWritesThrowValueError) {
    const TempPath file;
    FileWriter writer(file.path());
    writer.write("x");
    writer.close();
    EXPECT_FALSE(writer.is_open());
    EXPECT_NO_THROW(writer.close());
    EXPECT_THROW(writer.write("y"), wingfoil::ValueError);
    EXPECT_THROW(writer.flush(), wingfoil::ValueError);
    EXPECT_EQ(read_file(file.path()), "x");
}

TEST(FileWriter, MissingDirectoryThrowsFileNotFoundErrorNamingPath) {
    const TempPath dir;
    const std::string path = dir.path() + "/absent/out.csv";
    try {
        FileWriter writer(path);
        FAIL() << "no error for " << path;
    } catch (const wingfoil::FileNotFoundError& e) {
        expect_contains(e.what(), "'" + path + "'");
        expect_contains(e.what(), "No such file or directory");
    }
}

TEST(FileWriter, DirectoryPathThrowsIoErrorNamingPath) {
    const std::string path = std::filesystem::temp_directory_path().string();
    try {
        FileWriter writer(path);
        FAIL() << "no error for " << path;
    } catch (const wingfoil::IoError& e) {
        expect_contains(e.what(), "'" + path + "'");
        expect_contains(e.what(), "directory");
    }
}

TEST(FileWriter, ZeroBufferSizeThrowsValueError) {
    const TempPath file;
    EXPECT_THROW(FileWriter(file.path(), 0), wingfoil::ValueError);
}

TEST(FileWriter, WriteFailureIsReportedAndSticky) {
    // Linux's /dev/full accepts open() and fails every write with ENOSPC.
    if (!std::filesystem::exists("/dev/full")) {
        GTEST_SKIP() << "needs /dev/full";
    }
    FileWriter writer("/dev/full");
    writer.write("buffered");
    try {
        writer.flush();
        FAIL() << "flush to /dev/full succeeded";
    } catch (const wingfoil::IoError& e) {
        expect_contains(e.what(), "'/dev/full'");
        expect_contains(e.what(), "No space left on device");
    }
    EXPECT_THROW(writer.write("more"), wingfoil::IoError);
    EXPECT_THROW(writer.flush(), wingfoil::IoError);
    EXPECT_THROW(writer.close(), wingfoil::IoError);
    EXPECT_FALSE(writer.is_open());
    EXPECT_NO_THROW(writer.close());
}

TEST(FileWriter, CloseReportsFailedFinalFlush) {
    if (!std::filesystem::exists("/dev/full")) {
        GTEST_SKIP() << "needs /dev/full";
    }
    FileWriter writer("/dev/full");
    writer.write("pending");
    EXPECT_THROW(writer.close(), wingfoil::IoError);
    EXPECT_FALSE(writer.is_open());
}

TEST(FileWriter, LargeWriteFailureIsReported) {
    if (!std::filesystem::exists("/dev/full")) {
        GTEST_SKIP() << "needs /dev/full";
    }
    FileWriter writer("/dev/full", 16);
    EXPECT_THROW(writer.write(std::string(100, 'x')), wingfoil::IoError);
}

TEST(FileWriter, MovedWriterKeepsBufferedData) {
    const TempPath file;
    {
        FileWriter first(file.path());
        first.write("one,");
        FileWriter second(std::move(first));
        EXPECT_FALSE(first.is_open()); // NOLINT(bugprone-use-after-move): moved-from is closed
        second.write("two");
        second.close();
    }
    EXPECT_EQ(read_file(file.path()), "one,two");
}

TEST(FileWriter, RoundTripsQuotedFieldsThroughRecordReader) {
    // Random fields over an alphabet rich in the characters that need quoting. The first field is
    // never empty: a record of one empty field would be an empty line, which readers skip.
    const std::uint32_t seed = 20240102;
    SCOPED_TRACE("seed " + std::to_string(seed));
    std::mt19937 rng(seed);
    const std::vector<std::string> alphabet = {"a", "Z", "0", ",", "\"", "\n", "\r", "\r\n", " ",
                                               "\xC3\xA9", "\xF0\x9F\x98\x80", "\t", "'"};
    std::vector<std::vector<std::string>> rows;
    for (int r = 0; r < 400; ++r) {
        std::vector<std::string> row(1 + rng() % 6);
        for (std::size_t f = 0; f < row.size(); ++f) {
            const std::size_t length = (f == 0 ? 1 : 0) + rng() % 8;
            for (std::size_t k = 0; k < length; ++k) {
                row[f] += alphabet[rng() % alphabet.size()];
            }
        }
        rows.push_back(std::move(row));
    }

    const TempPath file;
    {
        FileWriter writer(file.path(), 5);
        std::string line;
        for (const auto& row : rows) {
            line.clear();
            for (std::size_t f = 0; f < row.size(); ++f) {
                if (f > 0) {
                    line += ',';
                }
                append_quoted(line, row[f]);
            }
            line += '\n';
            writer.write(line);
        }
        writer.close();
    }

    for (const std::size_t buffer_size : {std::size_t{3}, RecordReader::kDefaultBufferSize}) {
        SCOPED_TRACE("buffer_size " + std::to_string(buffer_size));
        RecordReader reader(file.path(), buffer_size);
        Record record;
        for (std::size_t r = 0; r < rows.size(); ++r) {
            ASSERT_TRUE(reader.next(record)) << "row " << r;
            ASSERT_EQ(record.fields, rows[r]) << "row " << r;
        }
        EXPECT_FALSE(reader.next(record));
    }
}

} // namespace
