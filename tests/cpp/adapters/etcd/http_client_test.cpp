// Tests for the HTTP/1.1 client under the etcd adapter, against small scripted servers on
// loopback (no etcd needed): endpoint parsing, answers, connection reuse, the errors for refused,
// silent and vanishing servers, and the line reader over chunked bodies, including cancel.

#include "wingfoil/adapters/etcd/http_client.h"

#include "wingfoil/core/error.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace {

using namespace wingfoil::adapters::etcd;
using namespace std::chrono_literals;
using wingfoil::ConnectionError;
using wingfoil::TimeoutError;
using wingfoil::ValueError;

/// A loopback listener; serve() runs `handler(fd)` for each of the next `n` connections on a
/// thread, which the destructor joins.
class ScriptedServer {
public:
    ScriptedServer() {
        fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        ::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
        socklen_t len = sizeof addr;
        ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
        port_ = ntohs(addr.sin_port);
        ::listen(fd_, 8);
    }

    ~ScriptedServer() {
        ::shutdown(fd_, SHUT_RDWR);
        if (thread_.joinable()) {
            thread_.join();
        }
        ::close(fd_);
    }

    void serve(int n, std::function<void(int)> handler) {
        thread_ = std::thread([this, n, handler] {
            for (int i = 0; i < n; ++i) {
                int client = ::accept(fd_, nullptr, nullptr);
                if (client < 0) {
                    return;
                }
                ++accepted_;
                handler(client);
                ::close(client);
            }
        });
    }

    HttpEndpoint endpoint() const { return HttpEndpoint{"127.0.0.1", std::to_string(port_)}; }
    int accepted() const { return accepted_.load(); }

private:
    int fd_ = -1;
    int port_ = 0;
    std::atomic<int> accepted_{0};
    std::thread thread_;
};

/// Reads one request (headers plus a Content-Length body) from `fd`; false at end of stream.
bool read_request(int fd) {
    std::string data;
    char buf[4096];
    for (;;) {
        auto end = data.find("\r\n\r\n");
        if (end != std::string::npos) {
            auto cl = data.find("Content-Length: ");
            std::size_t length = cl == std::string::npos ? 0 : std::stoul(data.substr(cl + 16));
            if (data.size() >= end + 4 + length) {
                return true;
            }
        }
        ssize_t n = ::recv(fd, buf, sizeof buf, 0);
        if (n <= 0) {
            return false;
        }
        data.append(buf, static_cast<std::size_t>(n));
    }
}

void send_all(int fd, const std::string& text) {
    ::send(fd, text.data(), text.size(), MSG_NOSIGNAL);
}

std::string answer(const std::string& body) {
    return "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " +
           std::to_string(body.size()) + "\r\n\r\n" + body;
}

std::string chunk(const std::string& data) {
    char size[16];
    std::snprintf(size, sizeof size, "%zx", data.size());
    return std::string(size) + "\r\n" + data + "\r\n";
}

/// A port with nothing listening on it.
std::string closed_port() {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    socklen_t len = sizeof addr;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    ::close(fd);
    return std::to_string(ntohs(addr.sin_port));
}

TEST(HttpEndpoint, ParsesUrlsAndBareHostPort) {
    HttpEndpoint a = parse_http_endpoint("http://127.0.0.1:2379");
    EXPECT_EQ(a.host, "127.0.0.1");
    EXPECT_EQ(a.port, "2379");
    EXPECT_EQ(a.url(), "http://127.0.0.1:2379");
    HttpEndpoint b = parse_http_endpoint("localhost:2379/");
    EXPECT_EQ(b.host, "localhost");
    EXPECT_EQ(b.port, "2379");
    HttpEndpoint c = parse_http_endpoint("http://[::1]:2379");
    EXPECT_EQ(c.host, "::1");
    EXPECT_EQ(c.url(), "http://[::1]:2379");
}

TEST(HttpEndpoint, RejectsTlsOtherSchemesPathsAndBadPorts) {
    for (const char* text : {"https://127.0.0.1:2379", "ftp://h:1", "http://h:1/v3", "h",
                             "http://:2379", "h:0", "h:65536", "h:12x", "::1:2379", "[::1]"}) {
        EXPECT_THROW(parse_http_endpoint(text), ValueError) << text;
    }
    try {
        parse_http_endpoint("https://h:2379");
    } catch (const ValueError& e) {
        EXPECT_NE(std::string(e.what()).find("https is not supported"), std::string::npos);
    }
}

TEST(FormatSeconds, ShowsWholeAndFractionalSeconds) {
    EXPECT_EQ(format_seconds(5000ms), "5 s");
    EXPECT_EQ(format_seconds(250ms), "0.25 s");
    EXPECT_EQ(format_seconds(1005ms), "1.005 s");
}

TEST(HttpClient, ReturnsStatusAndBody) {
    ScriptedServer server;
    server.serve(1, [](int fd) {
        read_request(fd);
        send_all(fd, "HTTP/1.1 404 Not Found\r\nContent-Length: 5\r\n\r\nnope!");
    });
    HttpClient client(server.endpoint());
    HttpResponse r = client.post("/v3/x", "{}", 2000ms, "test call");
    EXPECT_EQ(r.status, 404);
    EXPECT_EQ(r.body, "nope!");
}

TEST(HttpClient, ReusesOneConnectionForSeveralCalls) {
    ScriptedServer server;
    server.serve(1, [](int fd) {
        while (read_request(fd)) {
            send_all(fd, answer("{\"n\":1}"));
        }
    });
    HttpClient client(server.endpoint());
    for (int i = 0; i < 3; ++i) {
        EXPECT_EQ(client.post("/v3/x", "{}", 2000ms, "test call").body, "{\"n\":1}");
    }
    client.close();
    EXPECT_EQ(server.accepted(), 1);
}

TEST(HttpClient, ReplacesAKeptAliveConnectionTheServerClosed) {
    ScriptedServer server;
    server.serve(2, [](int fd) {
        // Answer one request, then close the connection as an idle timeout would.
        if (read_request(fd)) {
            send_all(fd, answer("{}"));
        }
    });
    HttpClient client(server.endpoint());
    EXPECT_EQ(client.post("/v3/x", "{}", 2000ms, "test call").status, 200);
    std::this_thread::sleep_for(50ms); // let the close reach the client
    EXPECT_EQ(client.post("/v3/x", "{}", 2000ms, "test call").status, 200);
    EXPECT_EQ(server.accepted(), 2);
}

TEST(HttpClient, RefusedConnectionIsAConnectionErrorNamingOperationAndEndpoint) {
    HttpEndpoint ep{"127.0.0.1", closed_port()};
    HttpClient client(ep);
    try {
        client.post("/v3/kv/put", "{}", 2000ms, "etcd put");
        FAIL() << "no error";
    } catch (const ConnectionError& e) {
        EXPECT_EQ(std::string(e.what()),
                  "etcd put at " + ep.url() + ": connection refused (is etcd running there?)");
    }
}

TEST(HttpClient, SilentServerIsATimeoutError) {
    std::atomic<bool> release{false}; // outlives the server's thread
    ScriptedServer server;
    server.serve(1, [&](int fd) {
        read_request(fd);
        while (!release) {
            std::this_thread::sleep_for(10ms);
        }
    });
    HttpClient client(server.endpoint());
    try {
        client.post("/v3/kv/range", "{}", 200ms, "etcd range");
        FAIL() << "no error";
    } catch (const TimeoutError& e) {
        EXPECT_NE(std::string(e.what()).find("etcd range at " + server.endpoint().url() +
                                             ": no answer within 0.2 s"),
                  std::string::npos)
            << e.what();
    }
    release = true;
}

TEST(HttpClient, ServerClosingBeforeAnsweringIsAConnectionError) {
    ScriptedServer server;
    server.serve(1, [](int fd) { read_request(fd); });
    HttpClient client(server.endpoint());
    EXPECT_THROW(client.post("/v3/x", "{}", 2000ms, "test call"), ConnectionError);
}

TEST(HttpLineStream, SplitsAChunkedBodyIntoLines) {
    ScriptedServer server;
    server.serve(1, [](int fd) {
        read_request(fd);
        send_all(fd, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
        send_all(fd, chunk("{\"a\":1}\n{\"b\""));
        std::this_thread::sleep_for(20ms);
        send_all(fd, chunk(":2}\n"));
        send_all(fd, chunk("{\"c\":3}"));
        send_all(fd, "0\r\n\r\n");
    });
    HttpLineStream stream(server.endpoint(), "test watch");
    ASSERT_TRUE(stream.open("/v3/watch", "{}", std::chrono::steady_clock::now() + 2s));
    EXPECT_EQ(stream.status(), 200);
    std::vector<std::string> lines;
    std::string line;
    while (stream.next_line(line)) {
        lines.push_back(line);
    }
    EXPECT_EQ(lines, (std::vector<std::string>{"{\"a\":1}", "{\"b\":2}", "{\"c\":3}"}));
}

TEST(HttpLineStream, ConnectionLostMidStreamIsAConnectionError) {
    ScriptedServer server;
    server.serve(1, [](int fd) {
        read_request(fd);
        send_all(fd, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
        send_all(fd, chunk("{\"a\":1}\n"));
    });
    HttpLineStream stream(server.endpoint(), "test watch");
    ASSERT_TRUE(stream.open("/v3/watch", "{}", std::chrono::steady_clock::now() + 2s));
    std::string line;
    ASSERT_TRUE(stream.next_line(line));
    EXPECT_EQ(line, "{\"a\":1}");
    EXPECT_THROW(stream.next_line(line), ConnectionError);
}

TEST(HttpLineStream, CancelFromAnotherThreadEndsABlockedRead) {
    std::atomic<bool> release{false}; // outlives the server's thread
    ScriptedServer server;
    server.serve(1, [&](int fd) {
        read_request(fd);
        send_all(fd, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
        while (!release) {
            std::this_thread::sleep_for(10ms);
        }
    });
    HttpLineStream stream(server.endpoint(), "test watch");
    ASSERT_TRUE(stream.open("/v3/watch", "{}", std::chrono::steady_clock::now() + 2s));
    std::thread canceller([&] {
        std::this_thread::sleep_for(50ms);
        stream.cancel();
    });
    std::string line;
    EXPECT_FALSE(stream.next_line(line)); // blocks until cancelled
    EXPECT_TRUE(stream.cancelled());
    canceller.join();
    release = true;
}

TEST(HttpLineStream, CancelBeforeOpenMakesOpenReturnFalse) {
    ScriptedServer server;
    HttpLineStream stream(server.endpoint(), "test watch");
    stream.cancel();
    EXPECT_FALSE(stream.open("/v3/watch", "{}", std::chrono::steady_clock::now() + 2s));
}

TEST(HttpLineStream, OpenAgainstSilentServerIsATimeoutError) {
    std::atomic<bool> release{false}; // outlives the server's thread
    ScriptedServer server;
    server.serve(1, [&](int fd) {
        read_request(fd);
        while (!release) {
            std::this_thread::sleep_for(10ms);
        }
    });
    HttpLineStream stream(server.endpoint(), "test watch");
    EXPECT_THROW(stream.open("/v3/watch", "{}", std::chrono::steady_clock::now() + 200ms),
                 TimeoutError);
    release = true;
}

} // namespace
