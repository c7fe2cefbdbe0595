#pragma once
// RecordReader: a streaming RFC 4180 record reader over one file, the parsing half of `csv_read`.
// It reads the file in fixed-size chunks (64 KiB by default) and never holds more than one chunk
// plus the current record in memory. It knows nothing about headers, time columns or the engine:
// it turns bytes into records of string fields and reports malformed input with the file and line.
// Not thread-safe: one thread (the graph thread) owns a reader and calls it.

#include <cstddef>
#include <cstdint>
#include <exception>
#include <memory>
#include <string>
#include <vector>

namespace wingfoil::adapters::csv {

/// One record (row) of a CSV file.
struct Record {
    /// The field values, unquoted, with `""` turned into `"`. An empty field is an empty string.
    std::vector<std::string> fields;
    /// The 1-based physical line on which the record starts. A record whose quoted fields contain
    /// line breaks spans several lines; the next record's line number accounts for them.
    std::uint64_t line = 0;
};

/// Reads CSV records one at a time, in file order.
///
/// Dialect (spec 3.1, the defaults of the reference's CSV reader):
/// - the delimiter is `,`; a field that starts with `"` is quoted, and `""` inside it is one `"`;
/// - a record ends at `\n`, `\r\n` or `\r`; inside a quoted field these bytes are kept verbatim;
/// - a UTF-8 byte order mark at the very start of the file is dropped;
/// - empty lines are skipped; no trimming of spaces; no comment lines;
/// - a `"` that is not the first byte of a field is an ordinary character (`ab"c` is `ab"c`).
///
/// Every field must be valid UTF-8 (no overlong forms, surrogates or code points above U+10FFFF).
/// Field counts are not checked here: records may differ in length, and the caller compares them.
///
/// Limitation: a record is held whole in memory and its size is not capped. A stray opening quote
/// therefore turns the rest of the file into one field, which is read into memory before the
/// missing closing quote is reported at the end of the file.
class RecordReader {
public:
    /// The chunk size used when none is given: 64 KiB.
    static constexpr std::size_t kDefaultBufferSize = 64 * 1024;

    /// Opens `path` for reading. Nothing is read yet.
    /// Throws FileNotFoundError ("No such file: '<path>'") if it does not exist, IoError naming
    /// the path and the system's reason for any other failure (a directory, no permission...),
    /// and ValueError if `buffer_size` is 0.
    explicit RecordReader(std::string path, std::size_t buffer_size = kDefaultBufferSize);

    /// Closes the file.
    ~RecordReader();

    RecordReader(const RecordReader&) = delete;
    RecordReader& operator=(const RecordReader&) = delete;

    /// Takes over `other`'s file and position; `other` is left closed and at end of file.
    RecordReader(RecordReader&& other) noexcept;
    RecordReader& operator=(RecordReader&& other) noexcept;

    /// Reads the next record into `out` and returns true, or returns false at end of file (and on
    /// every later call). The strings already in `out.fields` are reused, so a caller that passes
    /// the same Record each time allocates only when a field grows past its previous capacity.
    /// Cost: one pass over the record's bytes, plus a read(2) per chunk.
    ///
    /// Throws ValueError naming the file and line for an unterminated quoted field at end of file,
    /// invalid UTF-8, or text after a closing quote (`"ab"c`); IoError if reading fails. After a
    /// throw, `out` holds a partial record, and every later call throws the same error again.
    bool next(Record& out);

    /// The path given to the constructor.
    const std::string& path() const noexcept { return path_; }

private:
    bool read_record(Record& out);
    bool read_field(std::string& field, std::size_t index);
    bool read_unquoted(std::string& field);
    bool read_quoted(std::string& field, std::size_t index);
    bool refill();
    std::size_t read_chunk(std::size_t offset);
    void skip_bom();
    void check_utf8(const std::string& field, std::size_t index, std::uint64_t first_line) const;
    [[noreturn]] void fail(std::uint64_t line, const std::string& what) const;
    void close_file() noexcept;

    std::string path_;
    int fd_ = -1;                   // -1 once closed or moved from
    std::unique_ptr<char[]> buf_;   // the current chunk
    std::size_t chunk_size_ = 0;    // bytes asked of each read(2)
    std::size_t capacity_ = 0;      // size of buf_: chunk_size_, but at least a BOM's 3 bytes
    std::size_t pos_ = 0;           // next unread byte in buf_
    std::size_t end_ = 0;           // one past the last valid byte in buf_
    bool eof_ = false;              // read(2) has returned 0
    bool started_ = false;          // the BOM check has been done
    bool last_was_cr_ = false;      // the byte before pos_ was '\r', so a '\n' ends no new line
    bool field_non_ascii_ = false;  // the field being read has a byte >= 0x80
    std::uint64_t line_ = 1;        // physical line of the byte at pos_
    std::exception_ptr error_;      // the first error thrown by next(), rethrown afterwards
};

} // namespace wingfoil::adapters::csv
