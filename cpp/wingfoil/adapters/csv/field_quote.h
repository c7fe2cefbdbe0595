#pragma once
// The writing half of the CSV adapter (`csv_write`): RFC 4180 quoting of one field, and
// FileWriter, a buffered file that reports every failure as IoError. Neither is thread-safe:
// one thread (the graph thread) owns a FileWriter and calls it.

#include <cstddef>
#include <exception>
#include <memory>
#include <string>
#include <string_view>

namespace wingfoil::adapters::csv {

/// Appends `field` to `out` as one CSV field (RFC 4180). The field is written as it is, unless it
/// contains `,`, `"`, `\n` or `\r`: then it is wrapped in `"` and each inner `"` is doubled.
/// Nothing else is quoted, so an empty field stays empty. Cost: one scan, plus one copy.
/// A record made of a single empty field would therefore be an empty line, which readers skip;
/// `csv_write` never writes one, since its first column is always the time.
void append_quoted(std::string& out, std::string_view field);

/// A file opened for writing and truncated, with a 64 KiB write buffer.
/// Bytes reach the file when the buffer fills, on flush() and on close().
class FileWriter {
public:
    /// The write buffer's size when none is given: 64 KiB.
    static constexpr std::size_t kDefaultBufferSize = 64 * 1024;

    /// Creates `path`, or truncates it if it exists. Throws IoError naming the path and the
    /// system's reason on failure (FileNotFoundError, a kind of IoError, if a directory on the
    /// path is missing), and ValueError if `buffer_size` is 0.
    explicit FileWriter(std::string path, std::size_t buffer_size = kDefaultBufferSize);

    /// How the constructor opens an existing file.
    enum class Mode { truncate, append };

    /// As above, but `Mode::append` keeps an existing file's contents and writes after them.
    FileWriter(std::string path, Mode mode, std::size_t buffer_size = kDefaultBufferSize);

    /// Closes the file. If close() was not called, this makes one attempt to write what is still
    /// buffered and ignores any error: call close() to learn whether everything was written.
    ~FileWriter();

    FileWriter(const FileWriter&) = delete;
    FileWriter& operator=(const FileWriter&) = delete;

    /// Takes over `other`'s file and buffer; `other` is left closed.
    FileWriter(FileWriter&& other) noexcept;
    FileWriter& operator=(FileWriter&& other) noexcept;

    /// Appends `bytes`. Usually a copy into the buffer; when the buffer fills it is written out,
    /// and data larger than the buffer goes straight to the file.
    /// Throws IoError if a write to the file fails, ValueError after close().
    void write(std::string_view bytes);

    /// Hands everything buffered to the OS (there is no fsync).
    /// Throws IoError if that fails, ValueError after close().
    void flush();

    /// Flushes, then closes the file; the file is closed even if the flush fails. Throws IoError
    /// if the flush or the close fails, or if an earlier call failed. Calling it again does
    /// nothing.
    ///
    /// Failure is sticky: once write() or flush() has thrown IoError, the file's contents are
    /// incomplete, and every later write() and flush() throws that same error until close(),
    /// which closes the file and throws it once more.
    void close();

    /// Whether the file is still open (close() has not been called).
    bool is_open() const noexcept { return fd_ >= 0; }

    /// The path given to the constructor.
    const std::string& path() const noexcept { return path_; }

private:
    void write_all(const char* data, std::size_t size);
    void check_usable() const;
    void release() noexcept;

    std::string path_;
    int fd_ = -1;                 // -1 once closed or moved from
    std::unique_ptr<char[]> buf_; // bytes not yet handed to the OS
    std::size_t capacity_ = 0;    // size of buf_
    std::size_t used_ = 0;        // bytes of buf_ in use, from the start
    std::exception_ptr error_;    // the first write failure, rethrown by every later call
};

} // namespace wingfoil::adapters::csv
