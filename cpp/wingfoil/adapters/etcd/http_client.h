#pragma once
// A small HTTP/1.1 client for etcd's JSON gateway. HttpClient makes one POST at a time and keeps
// its connection open between calls; HttpLineStream sends one POST and reads the streamed answer
// line by line (etcd's watch sends one JSON object per line). Every step has a time limit, and
// failures are wingfoil errors that name the operation and the endpoint: ConnectionError when
// the server refuses or drops the connection, TimeoutError when a limit passes. Boost.Beast stays
// inside http_client.cpp.
//
// Threads: each object is used by one thread at a time, except HttpLineStream::cancel, which any
// thread may call while another thread is blocked in open() or next_line().

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

namespace wingfoil::adapters::etcd {

using Millis = std::chrono::milliseconds;
using Deadline = std::chrono::steady_clock::time_point;

/// Where an HTTP server listens.
struct HttpEndpoint {
    std::string host; ///< a name or an address; IPv6 without brackets
    std::string port;

    /// "http://host:port", as used in messages.
    std::string url() const;
};

/// Parses "http://host:port" or a bare "host:port" (IPv6 as "[addr]:port"); a trailing "/" is
/// allowed. Throws ValueError naming the text for https:// (TLS is not supported), any other
/// scheme, a path, a missing host or a port that is not a number in 1-65535.
HttpEndpoint parse_http_endpoint(std::string_view text);

/// "5 s", "0.25 s": a duration as messages show it.
std::string format_seconds(Millis duration);

struct HttpResponse {
    int status = 0;
    std::string body;
};

class HttpClient {
public:
    /// No I/O: the connection is made by the first post().
    explicit HttpClient(HttpEndpoint endpoint);
    ~HttpClient();
    HttpClient(HttpClient&&) noexcept;
    HttpClient& operator=(HttpClient&&) noexcept;

    /// POSTs `json` to `target` and returns the answer, whatever its status. The whole exchange,
    /// connecting included, must finish within `timeout`. A kept-alive connection that the
    /// server closed before answering is replaced once. `what` names the operation in errors
    /// ("etcd put"). Throws ConnectionError or TimeoutError; the connection is then dropped.
    HttpResponse post(std::string_view target, std::string_view json, Millis timeout,
                      std::string_view what);

    /// Drops the connection, if any.
    void close() noexcept;

    const HttpEndpoint& endpoint() const noexcept;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

class HttpLineStream {
public:
    /// No I/O. `what` names the operation in errors ("etcd watch").
    HttpLineStream(HttpEndpoint endpoint, std::string what);
    ~HttpLineStream();
    HttpLineStream(const HttpLineStream&) = delete;
    HttpLineStream& operator=(const HttpLineStream&) = delete;

    /// Connects, sends the POST and reads the answer's status line and headers, all before
    /// `deadline`. TCP keep-alive probes are enabled on the connection, so a peer that vanished
    /// without closing it is noticed within about 20 s. Returns false when cancelled. Throws
    /// ConnectionError or TimeoutError.
    bool open(std::string_view target, std::string_view json, Deadline deadline);

    /// The answer's HTTP status, after a successful open().
    int status() const noexcept;

    /// The next line of the body, without its "\n" (a last line without one is returned too).
    /// Waits until `deadline` (TimeoutError). Returns false at the end of the body or when
    /// cancelled. Throws ConnectionError when the connection fails.
    bool next_line(std::string& line, Deadline deadline = Deadline::max());

    /// Any thread: makes a blocked or later open()/next_line() return false promptly, by
    /// closing the connection. Cannot be undone.
    void cancel() noexcept;

    /// True once cancel() was called.
    bool cancelled() const noexcept;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

} // namespace wingfoil::adapters::etcd
