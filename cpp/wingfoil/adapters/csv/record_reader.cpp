#include "wingfoil/adapters/csv/record_reader.h"

#include "wingfoil/core/error.h"

#include <array>
#include <cerrno>
#include <string_view>
#include <system_error>
#include <utility>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace wingfoil::adapters::csv {

namespace {

constexpr std::size_t kNotFound = static_cast<std::size_t>(-1);

// A 256-entry table marking the bytes that end a run of ordinary field bytes.
constexpr std::array<bool, 256> make_stop_table(char a, char b, char c) {
    std::array<bool, 256> table{};
    table[static_cast<unsigned char>(a)] = true;
    table[static_cast<unsigned char>(b)] = true;
    table[static_cast<unsigned char>(c)] = true;
    return table;
}

constexpr auto kUnquotedStop = make_stop_table(',', '\r', '\n');
constexpr auto kQuotedStop = make_stop_table('"', '\r', '\n');

std::string system_reason(int err) { return std::system_category().message(err); }

// The offset of the first byte that does not begin a well-formed UTF-8 sequence (Unicode table
// 3-7: no overlong forms, no surrogates, nothing above U+10FFFF), or kNotFound if all is valid.
std::size_t find_invalid_utf8(std::string_view text) {
    const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
    const std::size_t size = text.size();
    std::size_t i = 0;
    while (i < size) {
        const unsigned char lead = bytes[i];
        if (lead < 0x80) {
            ++i;
            continue;
        }
        std::size_t length = 0;
        unsigned char low = 0x80; // allowed range of the second byte
        unsigned char high = 0xBF;
        if (lead >= 0xC2 && lead <= 0xDF) {
            length = 2;
        } else if (lead == 0xE0) {
            length = 3;
            low = 0xA0;
        } else if ((lead >= 0xE1 && lead <= 0xEC) || lead == 0xEE || lead == 0xEF) {
            length = 3;
        } else if (lead == 0xED) {
            length = 3;
            high = 0x9F;
        } else if (lead == 0xF0) {
            length = 4;
            low = 0x90;
        } else if (lead >= 0xF1 && lead <= 0xF3) {
            length = 4;
        } else if (lead == 0xF4) {
            length = 4;
            high = 0x8F;
        } else {
            return i;
        }
        if (i + length > size || bytes[i + 1] < low || bytes[i + 1] > high) {
            return i;
        }
        for (std::size_t k = 2; k < length; ++k) {
            if ((bytes[i + k] & 0xC0) != 0x80) {
                return i;
            }
        }
        i += length;
    }
    return kNotFound;
}

// How many physical line breaks (`\n`, `\r\n` or `\r`) `text` holds.
std::uint64_t count_line_breaks(std::string_view text) {
    std::uint64_t breaks = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\r' || (text[i] == '\n' && (i == 0 || text[i - 1] != '\r'))) {
            ++breaks;
        }
    }
    return breaks;
}

} // namespace

RecordReader::RecordReader(std::string path, std::size_t buffer_size) : path_(std::move(path)) {
    if (buffer_size == 0) {
        throw ValueError("CSV reader for '" + path_ + "': buffer_size must be positive");
    }
    chunk_size_ = buffer_size;
    capacity_ = buffer_size < 3 ? 3 : buffer_size;
    buf_ = std::make_unique<char[]>(capacity_);

    do {
        fd_ = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
    } while (fd_ < 0 && errno == EINTR);
    if (fd_ < 0) {
        const int err = errno;
        if (err == ENOENT) {
            throw FileNotFoundError("No such file: '" + path_ + "'");
        }
        throw IoError("Cannot open '" + path_ + "' for reading: " + system_reason(err));
    }

    // open(2) accepts a directory for reading; refuse it here rather than at the first read.
    struct stat info {};
    if (::fstat(fd_, &info) != 0 || S_ISDIR(info.st_mode)) {
        const int err = S_ISDIR(info.st_mode) ? EISDIR : errno;
        close_file();
        throw IoError("Cannot open '" + path_ + "' for reading: " + system_reason(err));
    }
}

RecordReader::~RecordReader() { close_file(); }

RecordReader::RecordReader(RecordReader&& other) noexcept
    : path_(std::move(other.path_)), fd_(std::exchange(other.fd_, -1)),
      buf_(std::move(other.buf_)), chunk_size_(other.chunk_size_), capacity_(other.capacity_),
      pos_(std::exchange(other.pos_, 0)), end_(std::exchange(other.end_, 0)),
      eof_(std::exchange(other.eof_, true)), started_(other.started_),
      last_was_cr_(other.last_was_cr_), field_non_ascii_(false), line_(other.line_),
      error_(std::move(other.error_)) {}

RecordReader& RecordReader::operator=(RecordReader&& other) noexcept {
    if (this != &other) {
        close_file();
        path_ = std::move(other.path_);
        fd_ = std::exchange(other.fd_, -1);
        buf_ = std::move(other.buf_);
        chunk_size_ = other.chunk_size_;
        capacity_ = other.capacity_;
        pos_ = std::exchange(other.pos_, 0);
        end_ = std::exchange(other.end_, 0);
        eof_ = std::exchange(other.eof_, true);
        started_ = other.started_;
        last_was_cr_ = other.last_was_cr_;
        field_non_ascii_ = false;
        line_ = other.line_;
        error_ = std::move(other.error_);
    }
    return *this;
}

bool RecordReader::next(Record& out) {
    if (error_) {
        std::rethrow_exception(error_);
    }
    try {
        return read_record(out);
    } catch (...) {
        error_ = std::current_exception();
        close_file();
        throw;
    }
}

bool RecordReader::read_record(Record& out) {
    if (!started_) {
        started_ = true;
        skip_bom();
    }

    // Skip empty lines: every line terminator met before the first byte of a record.
    for (;;) {
        if (pos_ == end_ && !refill()) {
            return false;
        }
        const char c = buf_[pos_];
        if (c == '\n') {
            if (!last_was_cr_) {
                ++line_;
            }
            last_was_cr_ = false;
        } else if (c == '\r') {
            ++line_;
            last_was_cr_ = true;
        } else {
            break;
        }
        ++pos_;
    }
    last_was_cr_ = false;
    out.line = line_;

    // Fill the existing strings first so that their capacity is reused.
    std::size_t count = 0;
    bool more = true;
    while (more) {
        if (count == out.fields.size()) {
            out.fields.emplace_back();
        }
        std::string& field = out.fields[count];
        field.clear();
        ++count;
        const std::uint64_t first_line = line_;
        field_non_ascii_ = false;
        more = read_field(field, count);
        if (field_non_ascii_) {
            check_utf8(field, count, first_line);
        }
    }
    out.fields.resize(count);
    return true;
}

// Reads one field, 1-based `index` in its record. Returns true if a ',' ended it (another field
// follows), false if a line terminator or the end of the file did.
bool RecordReader::read_field(std::string& field, std::size_t index) {
    if (pos_ == end_ && !refill()) {
        return false; // the record ended with ',' at end of file: its last field is empty
    }
    if (buf_[pos_] == '"') {
        ++pos_;
        return read_quoted(field, index);
    }
    return read_unquoted(field);
}

bool RecordReader::read_unquoted(std::string& field) {
    for (;;) {
        if (pos_ == end_ && !refill()) {
            return false;
        }
        const char* const data = buf_.get();
        std::size_t i = pos_;
        unsigned char seen = 0;
        while (i < end_ && !kUnquotedStop[static_cast<unsigned char>(data[i])]) {
            seen |= static_cast<unsigned char>(data[i]);
            ++i;
        }
        field.append(data + pos_, i - pos_);
        field_non_ascii_ = field_non_ascii_ || (seen & 0x80) != 0;
        pos_ = i;
        if (i == end_) {
            continue;
        }
        const char stop = data[i];
        ++pos_;
        if (stop == ',') {
            return true;
        }
        ++line_;
        last_was_cr_ = stop == '\r';
        return false;
    }
}

bool RecordReader::read_quoted(std::string& field, std::size_t index) {
    const std::uint64_t open_line = line_;
    for (;;) {
        if (pos_ == end_ && !refill()) {
            fail(open_line, "the quoted field " + std::to_string(index) +
                                " that starts on this line has no closing quote before the end "
                                "of the file");
        }
        const char* const data = buf_.get();
        std::size_t i = pos_;
        unsigned char seen = 0;
        while (i < end_ && !kQuotedStop[static_cast<unsigned char>(data[i])]) {
            seen |= static_cast<unsigned char>(data[i]);
            ++i;
        }
        if (i > pos_) {
            field.append(data + pos_, i - pos_);
            field_non_ascii_ = field_non_ascii_ || (seen & 0x80) != 0;
            last_was_cr_ = false;
        }
        pos_ = i;
        if (i == end_) {
            continue;
        }
        const char stop = data[i];
        ++pos_;

        // Line breaks inside quotes are data; they still advance the physical line count.
        if (stop == '\r') {
            field.push_back('\r');
            ++line_;
            last_was_cr_ = true;
            continue;
        }
        if (stop == '\n') {
            field.push_back('\n');
            if (!last_was_cr_) {
                ++line_;
            }
            last_was_cr_ = false;
            continue;
        }

        // A quote: either the first half of an escaped `""`, or the end of the field.
        last_was_cr_ = false;
        if (pos_ == end_ && !refill()) {
            return false;
        }
        const char after = buf_[pos_];
        if (after == '"') {
            field.push_back('"');
            ++pos_;
            continue;
        }
        if (after == ',') {
            ++pos_;
            return true;
        }
        if (after == '\r' || after == '\n') {
            ++pos_;
            ++line_;
            last_was_cr_ = after == '\r';
            return false;
        }
        fail(line_, "unexpected text after the closing quote of field " + std::to_string(index) +
                        " (a closing quote must be followed by ',' or the end of the line)");
    }
}

// Starts a new chunk. Only called when the current one is used up (pos_ == end_).
bool RecordReader::refill() {
    if (eof_) {
        return false;
    }
    pos_ = 0;
    end_ = read_chunk(0);
    return end_ != 0;
}

// Reads at most one chunk into buf_ at `offset`, returning the byte count; 0 means end of file,
// at which point the file is closed.
std::size_t RecordReader::read_chunk(std::size_t offset) {
    if (eof_ || fd_ < 0) {
        eof_ = true;
        return 0;
    }
    const std::size_t room = capacity_ - offset;
    const std::size_t want = room < chunk_size_ ? room : chunk_size_;
    ssize_t got = 0;
    do {
        got = ::read(fd_, buf_.get() + offset, want);
    } while (got < 0 && errno == EINTR);
    if (got < 0) {
        const int err = errno;
        throw IoError("Error reading '" + path_ + "' near line " + std::to_string(line_) + ": " +
                      system_reason(err));
    }
    if (got == 0) {
        eof_ = true;
        close_file();
    }
    return static_cast<std::size_t>(got);
}

// Drops a UTF-8 byte order mark at the start of the file. Reads until 3 bytes are buffered (or
// the file ends), since a chunk may be smaller than the mark.
void RecordReader::skip_bom() {
    pos_ = 0;
    end_ = 0;
    while (end_ < 3) {
        const std::size_t got = read_chunk(end_);
        if (got == 0) {
            break;
        }
        end_ += got;
    }
    constexpr std::string_view kBom = "\xEF\xBB\xBF";
    if (end_ >= kBom.size() && std::string_view(buf_.get(), kBom.size()) == kBom) {
        pos_ = kBom.size();
    }
}

void RecordReader::check_utf8(const std::string& field, std::size_t index,
                              std::uint64_t first_line) const {
    const std::size_t bad = find_invalid_utf8(field);
    if (bad == kNotFound) {
        return;
    }
    constexpr std::string_view kHex = "0123456789ABCDEF";
    const auto value = static_cast<unsigned char>(field[bad]);
    const std::string byte = {'0', 'x', kHex[value >> 4], kHex[value & 0x0F]};
    const std::uint64_t line =
        first_line + count_line_breaks(std::string_view(field).substr(0, bad));
    fail(line, "invalid UTF-8 in field " + std::to_string(index) + ": byte " + byte +
                   " at offset " + std::to_string(bad) + " of the field's value");
}

void RecordReader::fail(std::uint64_t line, const std::string& what) const {
    throw ValueError("CSV error in '" + path_ + "', line " + std::to_string(line) + ": " + what);
}

void RecordReader::close_file() noexcept {
    if (fd_ >= 0) {
        ::close(fd_);
        fd_ = -1;
    }
}

} // namespace wingfoil::adapters::csv
