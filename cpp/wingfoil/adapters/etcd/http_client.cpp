#include "wingfoil/adapters/etcd/http_client.h"

#include "wingfoil/core/error.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <atomic>
#include <charconv>
#include <cstdint>
#include <limits>
#include <optional>
#include <utility>

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

namespace wingfoil::adapters::etcd {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {

// Answers larger than this are refused as malformed (a full range of a big prefix stays far
// below it; the default limit of Beast, 8 MiB, does not).
constexpr std::uint64_t kMaxBodyBytes = std::uint64_t{1} << 32;

/// Runs the io_context until the operation started by `start` completes, and returns its error.
template <class Start>
beast::error_code run_op(asio::io_context& ioc, Start&& start) {
    beast::error_code result = asio::error::would_block;
    start([&result](beast::error_code ec, auto&&...) { result = ec; });
    ioc.restart();
    ioc.run();
    return result;
}

bool is_timeout(const beast::error_code& ec) { return ec == beast::error::timeout; }

bool is_closed_by_peer(const beast::error_code& ec) {
    return ec == http::error::end_of_stream || ec == asio::error::eof ||
           ec == asio::error::connection_reset || ec == asio::error::broken_pipe ||
           ec == http::error::partial_message;
}

/// The wingfoil error for a failed step, as an exception_ptr-free throw.
[[noreturn]] void raise(const beast::error_code& ec, std::string_view what, const HttpEndpoint& ep,
                        std::string_view step, Millis timeout) {
    std::string prefix = std::string(what) + " at " + ep.url() + ": ";
    if (is_timeout(ec)) {
        throw TimeoutError(prefix + "no answer within " + format_seconds(timeout) + " (" +
                           std::string(step) + ")");
    }
    if (ec == asio::error::connection_refused) {
        throw ConnectionError(prefix + "connection refused (is etcd running there?)");
    }
    if (is_closed_by_peer(ec)) {
        throw ConnectionError(prefix + "the server closed the connection (" + std::string(step) +
                              ")");
    }
    throw ConnectionError(prefix + std::string(step) + " failed: " + ec.message());
}

tcp::resolver::results_type resolve(asio::io_context& ioc, const HttpEndpoint& ep,
                                    std::string_view what) {
    // Limitation: name resolution (getaddrinfo) is not bounded by the call's timeout; addresses
    // and names in /etc/hosts resolve at once, a name that needs a slow DNS server does not.
    tcp::resolver resolver(ioc);
    beast::error_code ec;
    auto results = resolver.resolve(ep.host, ep.port, tcp::resolver::numeric_service, ec);
    if (ec) {
        throw ConnectionError(std::string(what) + " at " + ep.url() + ": cannot resolve '" +
                              ep.host + "': " + ec.message());
    }
    return results;
}

http::request<http::string_body> make_request(const HttpEndpoint& ep, std::string_view target,
                                              std::string_view json) {
    http::request<http::string_body> request{http::verb::post, std::string(target), 11};
    request.set(http::field::host, ep.host + ":" + ep.port);
    request.set(http::field::content_type, "application/json");
    request.set(http::field::accept, "application/json");
    request.body() = std::string(json);
    request.prepare_payload();
    return request;
}

void enable_keepalive_probes(tcp::socket& socket) {
    // Probe after 10 s of silence, then every 3 s; give up after 3 unanswered probes.
    int fd = socket.native_handle();
    int on = 1, idle = 10, interval = 3, count = 3;
    ::setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &on, sizeof on);
    ::setsockopt(fd, IPPROTO_TCP, TCP_KEEPIDLE, &idle, sizeof idle);
    ::setsockopt(fd, IPPROTO_TCP, TCP_KEEPINTVL, &interval, sizeof interval);
    ::setsockopt(fd, IPPROTO_TCP, TCP_KEEPCNT, &count, sizeof count);
}

} // namespace

// ---- Endpoints ----

std::string HttpEndpoint::url() const {
    bool v6 = host.find(':') != std::string::npos;
    return "http://" + (v6 ? "[" + host + "]" : host) + ":" + port;
}

HttpEndpoint parse_http_endpoint(std::string_view text) {
    auto bad = [&](std::string_view why) -> ValueError {
        return ValueError("invalid endpoint '" + std::string(text) + "': " + std::string(why) +
                          " (expected http://host:port or host:port)");
    };
    std::string_view rest = text;
    if (auto scheme = rest.find("://"); scheme != std::string_view::npos) {
        std::string_view name = rest.substr(0, scheme);
        // Limitation: no TLS; etcd must be reached over plain HTTP.
        if (name == "https") {
            throw bad("https is not supported (no TLS); use http://");
        }
        if (name != "http") {
            throw bad("unsupported scheme '" + std::string(name) + "'");
        }
        rest.remove_prefix(scheme + 3);
    }
    if (!rest.empty() && rest.back() == '/') {
        rest.remove_suffix(1);
    }
    if (rest.find('/') != std::string_view::npos) {
        throw bad("a path is not allowed");
    }
    HttpEndpoint ep;
    std::string_view port;
    if (!rest.empty() && rest.front() == '[') {
        auto close = rest.find(']');
        if (close == std::string_view::npos || close + 1 >= rest.size() || rest[close + 1] != ':') {
            throw bad("an IPv6 address needs the form [addr]:port");
        }
        ep.host = std::string(rest.substr(1, close - 1));
        port = rest.substr(close + 2);
    } else {
        auto colon = rest.rfind(':');
        if (colon == std::string_view::npos) {
            throw bad("no port");
        }
        if (rest.substr(0, colon).find(':') != std::string_view::npos) {
            throw bad("an IPv6 address needs brackets");
        }
        ep.host = std::string(rest.substr(0, colon));
        port = rest.substr(colon + 1);
    }
    if (ep.host.empty()) {
        throw bad("no host");
    }
    unsigned number = 0;
    auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), number);
    if (port.empty() || ec != std::errc() || end != port.data() + port.size() || number == 0 ||
        number > 65535) {
        throw bad("the port must be a number from 1 to 65535");
    }
    ep.port = std::to_string(number);
    return ep;
}

std::string format_seconds(Millis duration) {
    auto ms = duration.count();
    if (ms % 1000 == 0) {
        return std::to_string(ms / 1000) + " s";
    }
    std::string frac = std::to_string(ms % 1000);
    frac.insert(0, 3 - frac.size(), '0');
    while (frac.back() == '0') {
        frac.pop_back();
    }
    return std::to_string(ms / 1000) + "." + frac + " s";
}

// ---- HttpClient ----

struct HttpClient::Impl {
    explicit Impl(HttpEndpoint ep) : endpoint(std::move(ep)) {}

    HttpEndpoint endpoint;
    asio::io_context ioc;
    std::optional<tcp::resolver::results_type> addresses; // resolved on first use
    std::optional<beast::tcp_stream> stream;              // set while a connection is open
    beast::flat_buffer buffer;

    void drop() noexcept {
        if (stream) {
            beast::error_code ignored;
            stream->socket().shutdown(tcp::socket::shutdown_both, ignored);
            stream->close();
            stream.reset();
        }
        buffer.clear();
    }

    /// One request on the current connection. `stale` is set when the failure looks like a
    /// kept-alive connection the server had already closed (nothing at all came back).
    HttpResponse exchange(std::string_view target, std::string_view json, Deadline deadline,
                          Millis timeout, std::string_view what, bool& stale) {
        stale = false;
        auto request = make_request(endpoint, target, json);
        stream->expires_at(deadline);
        auto ec = run_op(ioc, [&](auto handler) {
            http::async_write(*stream, request, std::move(handler));
        });
        if (ec) {
            stale = !is_timeout(ec);
            drop();
            raise(ec, what, endpoint, "sending the request", timeout);
        }
        http::response_parser<http::string_body> parser;
        parser.body_limit(kMaxBodyBytes);
        ec = run_op(ioc, [&](auto handler) {
            http::async_read(*stream, buffer, parser, std::move(handler));
        });
        if (ec) {
            stale = is_closed_by_peer(ec) && !parser.got_some();
            drop();
            raise(ec, what, endpoint, "reading the answer", timeout);
        }
        auto response = parser.release();
        if (!response.keep_alive()) {
            drop();
        } else {
            stream->expires_never();
        }
        return HttpResponse{static_cast<int>(response.result_int()), std::move(response.body())};
    }

    void connect(Deadline deadline, Millis timeout, std::string_view what) {
        if (!addresses) {
            addresses = resolve(ioc, endpoint, what);
        }
        stream.emplace(ioc);
        stream->expires_at(deadline);
        auto ec = run_op(ioc, [&](auto handler) {
            stream->async_connect(*addresses, std::move(handler));
        });
        if (ec) {
            drop();
            raise(ec, what, endpoint, "connecting", timeout);
        }
        stream->socket().set_option(tcp::no_delay(true));
    }
};

HttpClient::HttpClient(HttpEndpoint endpoint)
    : impl_(std::make_unique<Impl>(std::move(endpoint))) {}
HttpClient::~HttpClient() = default;
HttpClient::HttpClient(HttpClient&&) noexcept = default;
HttpClient& HttpClient::operator=(HttpClient&&) noexcept = default;

HttpResponse HttpClient::post(std::string_view target, std::string_view json, Millis timeout,
                              std::string_view what) {
    Deadline deadline = std::chrono::steady_clock::now() + timeout;
    bool reused = impl_->stream.has_value();
    if (!reused) {
        impl_->connect(deadline, timeout, what);
    }
    bool stale = false;
    try {
        return impl_->exchange(target, json, deadline, timeout, what, stale);
    } catch (const ConnectionError&) {
        if (!(reused && stale)) {
            throw;
        }
    }
    // The server had closed the idle connection: nothing was processed, so sending again on a
    // new connection cannot apply the request twice.
    impl_->connect(deadline, timeout, what);
    return impl_->exchange(target, json, deadline, timeout, what, stale);
}

void HttpClient::close() noexcept { impl_->drop(); }

const HttpEndpoint& HttpClient::endpoint() const noexcept { return impl_->endpoint; }

// ---- HttpLineStream ----

struct HttpLineStream::Impl {
    Impl(HttpEndpoint ep, std::string w) : endpoint(std::move(ep)), what(std::move(w)) {}

    HttpEndpoint endpoint;
    std::string what;
    asio::io_context ioc;
    beast::tcp_stream stream{ioc};
    beast::flat_buffer buffer;
    http::response_parser<http::buffer_body> parser;
    std::string pending; // body bytes not yet returned as lines
    std::size_t scanned = 0; // bytes of `pending` known to hold no '\n'
    bool done = false;
    int status = 0;
    std::atomic<bool> cancelled{false};

    /// Sets the stream's expiry for an operation that must finish by `deadline`.
    void expire_at(Deadline deadline) {
        if (deadline == Deadline::max()) {
            stream.expires_never();
        } else {
            stream.expires_at(deadline);
        }
    }

    Millis left(Deadline deadline) const {
        auto now = std::chrono::steady_clock::now();
        return deadline > now ? std::chrono::duration_cast<Millis>(deadline - now) : Millis(0);
    }
};

HttpLineStream::HttpLineStream(HttpEndpoint endpoint, std::string what)
    : impl_(std::make_unique<Impl>(std::move(endpoint), std::move(what))) {
    impl_->parser.body_limit(std::numeric_limits<std::uint64_t>::max());
}

HttpLineStream::~HttpLineStream() {
    beast::error_code ignored;
    impl_->stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
    impl_->stream.close();
}

bool HttpLineStream::open(std::string_view target, std::string_view json, Deadline deadline) {
    Impl& s = *impl_;
    Millis budget = s.left(deadline);
    if (s.cancelled) {
        return false;
    }
    auto addresses = resolve(s.ioc, s.endpoint, s.what);
    s.expire_at(deadline);
    auto ec = run_op(s.ioc, [&](auto handler) {
        s.stream.async_connect(addresses, std::move(handler));
    });
    if (s.cancelled) {
        return false;
    }
    if (ec) {
        raise(ec, s.what, s.endpoint, "connecting", budget);
    }
    s.stream.socket().set_option(tcp::no_delay(true));
    enable_keepalive_probes(s.stream.socket());
    auto request = make_request(s.endpoint, target, json);
    ec = run_op(s.ioc, [&](auto handler) {
        http::async_write(s.stream, request, std::move(handler));
    });
    if (s.cancelled) {
        return false;
    }
    if (ec) {
        raise(ec, s.what, s.endpoint, "sending the request", budget);
    }
    ec = run_op(s.ioc, [&](auto handler) {
        http::async_read_header(s.stream, s.buffer, s.parser, std::move(handler));
    });
    if (s.cancelled) {
        return false;
    }
    if (ec) {
        raise(ec, s.what, s.endpoint, "reading the answer's headers", budget);
    }
    s.status = static_cast<int>(s.parser.get().result_int());
    s.done = s.parser.is_done();
    return true;
}

int HttpLineStream::status() const noexcept { return impl_->status; }

bool HttpLineStream::next_line(std::string& line, Deadline deadline) {
    Impl& s = *impl_;
    Millis budget = s.left(deadline);
    for (;;) {
        auto newline = s.pending.find('\n', s.scanned);
        if (newline != std::string::npos) {
            line.assign(s.pending, 0, newline);
            s.pending.erase(0, newline + 1);
            s.scanned = 0;
            return true;
        }
        s.scanned = s.pending.size();
        if (s.done) {
            if (s.pending.empty()) {
                return false;
            }
            line = std::move(s.pending);
            s.pending.clear();
            s.scanned = 0;
            return true;
        }
        if (s.cancelled) {
            return false;
        }
        char chunk[16 * 1024];
        s.parser.get().body().data = chunk;
        s.parser.get().body().size = sizeof chunk;
        s.expire_at(deadline);
        auto ec = run_op(s.ioc, [&](auto handler) {
            http::async_read_some(s.stream, s.buffer, s.parser, std::move(handler));
        });
        if (ec == http::error::need_buffer) {
            ec = {};
        }
        if (s.cancelled) {
            return false;
        }
        if (ec) {
            raise(ec, s.what, s.endpoint, "reading the stream", budget);
        }
        s.pending.append(chunk, sizeof chunk - s.parser.get().body().size);
        s.done = s.parser.is_done();
    }
}

void HttpLineStream::cancel() noexcept {
    Impl* s = impl_.get();
    s->cancelled.store(true);
    try {
        // Runs on the thread that drives the io_context, inside its next (or current) run().
        asio::post(s->ioc, [s] {
            beast::error_code ignored;
            s->stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
            s->stream.close();
        });
    } catch (...) {
        // Posting only fails when memory runs out; the flag still stops the next read.
    }
}

bool HttpLineStream::cancelled() const noexcept { return impl_->cancelled.load(); }

} // namespace wingfoil::adapters::etcd
