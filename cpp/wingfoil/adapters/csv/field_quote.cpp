#include "wingfoil/adapters/csv/field_quote.h"

#include "wingfoil/core/error.h"

#include <cerrno>
#include <cstring>
#include <system_error>
#include <utility>

#include <fcntl.h>
#include <unistd.h>

namespace wingfoil::adapters::csv {

namespace {

std::string system_reason(int err) { return std::system_category().message(err); }

} // namespace

void append_quoted(std::string& out, std::string_view field) {
    if (field.find_first_of(",\"\n\r") == std::string_view::npos) {
        out.append(field);
        return;
    }
    out.push_back('"');
    std::size_t start = 0;
    for (std::size_t quote = field.find('"'); quote != std::string_view::npos;
         quote = field.find('"', start)) {
        out.append(field.substr(start, quote + 1 - start));
        out.push_back('"');
        start = quote + 1;
    }
    out.append(field.substr(start));
    out.push_back('"');
}

FileWriter::FileWriter(std::string path, std::size_t buffer_size)
    : FileWriter(std::move(path), Mode::truncate, buffer_size) {}

FileWriter::FileWriter(std::string path, Mode mode, std::size_t buffer_size)
    : path_(std::move(path)) {
    const int flags =
        O_WRONLY | O_CREAT | O_CLOEXEC | (mode == Mode::append ? O_APPEND : O_TRUNC);
    if (buffer_size == 0) {
        throw ValueError("CSV writer for '" + path_ + "': buffer_size must be positive");
    }
    capacity_ = buffer_size;
    buf_ = std::make_unique<char[]>(capacity_);
    do {
        fd_ = ::open(path_.c_str(), flags, 0666);
    } while (fd_ < 0 && errno == EINTR);
    if (fd_ < 0) {
        const int err = errno;
        const std::string message =
            "Cannot open '" + path_ + "' for writing: " + system_reason(err);
        if (err == ENOENT) {
            throw FileNotFoundError(message);
        }
        throw IoError(message);
    }
}

FileWriter::~FileWriter() {
    if (fd_ >= 0 && !error_) {
        try {
            flush();
        } catch (...) {
            // A destructor cannot report; close() is the way to see this error.
        }
    }
    release();
}

FileWriter::FileWriter(FileWriter&& other) noexcept
    : path_(std::move(other.path_)), fd_(std::exchange(other.fd_, -1)),
      buf_(std::move(other.buf_)), capacity_(std::exchange(other.capacity_, 0)),
      used_(std::exchange(other.used_, 0)), error_(std::exchange(other.error_, nullptr)) {}

FileWriter& FileWriter::operator=(FileWriter&& other) noexcept {
    if (this != &other) {
        if (fd_ >= 0 && !error_) {
            try {
                flush();
            } catch (...) {
                // Same policy as the destructor: the replaced file's errors are not reported.
            }
        }
        release();
        path_ = std::move(other.path_);
        fd_ = std::exchange(other.fd_, -1);
        buf_ = std::move(other.buf_);
        capacity_ = std::exchange(other.capacity_, 0);
        used_ = std::exchange(other.used_, 0);
        error_ = std::exchange(other.error_, nullptr);
    }
    return *this;
}

void FileWriter::write(std::string_view bytes) {
    check_usable();
    if (bytes.size() <= capacity_ - used_) {
        std::memcpy(buf_.get() + used_, bytes.data(), bytes.size());
        used_ += bytes.size();
        return;
    }
    flush();
    if (bytes.size() >= capacity_) {
        write_all(bytes.data(), bytes.size());
        return;
    }
    std::memcpy(buf_.get(), bytes.data(), bytes.size());
    used_ = bytes.size();
}

void FileWriter::flush() {
    check_usable();
    write_all(buf_.get(), used_);
    used_ = 0;
}

void FileWriter::close() {
    if (fd_ < 0) {
        return;
    }
    if (!error_) {
        try {
            flush();
        } catch (...) {
            // Recorded in error_ by write_all; the file is still closed below.
        }
    }
    const int rc = ::close(std::exchange(fd_, -1));
    const int err = errno;
    used_ = 0;
    if (error_) {
        std::rethrow_exception(std::exchange(error_, nullptr));
    }
    // close(2) can report a write error the OS deferred (EIO; ENOSPC or EDQUOT on NFS).
    if (rc != 0 && err != EINTR) {
        throw IoError("Error closing '" + path_ + "': " + system_reason(err));
    }
}

// Writes all of `data` to the file, or records and throws the failure.
void FileWriter::write_all(const char* data, std::size_t size) {
    while (size > 0) {
        const ssize_t n = ::write(fd_, data, size);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            const int err = errno;
            error_ = std::make_exception_ptr(
                IoError("Error writing '" + path_ + "': " + system_reason(err)));
            std::rethrow_exception(error_);
        }
        data += n;
        size -= static_cast<std::size_t>(n);
    }
}

void FileWriter::check_usable() const {
    if (error_) {
        std::rethrow_exception(error_);
    }
    if (fd_ < 0) {
        throw ValueError("Cannot write to '" + path_ + "': the file is already closed");
    }
}

void FileWriter::release() noexcept {
    if (fd_ >= 0) {
        ::close(fd_);
        fd_ = -1;
    }
    used_ = 0;
}

} // namespace wingfoil::adapters::csv
