#include "wingfoil/adapters/etcd/client.h"

#include "wingfoil/core/error.h"

#include <utility>

namespace wingfoil::adapters::etcd {

namespace {

/// The error for an answer with a status other than 200.
[[noreturn]] void raise_answer(const HttpResponse& response, std::string_view what,
                               const std::string& url) {
    ErrorAnswer error = parse_error_answer(response.body);
    std::string text = std::string(what) + " at " + url + " failed: " + error.message +
                       " (HTTP " + std::to_string(response.status);
    if (error.grpc_code != 0) {
        text += ", gRPC code " + std::to_string(error.grpc_code);
    }
    text += ")";
    if (error.grpc_code == kGrpcUnavailable || response.status == 503) {
        throw ConnectionError(text);
    }
    throw RuntimeError(text);
}

/// Runs a parser over an answer, adding the operation and endpoint to its complaint.
template <class Parse>
auto parse_answer(Parse&& parse, std::string_view what, const std::string& url) {
    try {
        return parse();
    } catch (const RuntimeError& e) {
        throw RuntimeError(std::string(what) + " at " + url + ": " + e.what());
    }
}

} // namespace

// ---- EtcdClient ----

EtcdClient::EtcdClient(std::string_view endpoint, Millis timeout)
    : http_(parse_http_endpoint(endpoint)), timeout_(timeout) {
    if (timeout.count() <= 0) {
        throw ValueError("etcd call timeout must be positive, got " +
                         std::to_string(timeout.count()) + " ms");
    }
}

std::string EtcdClient::call(std::string_view target, const std::string& body,
                             std::string_view what) {
    HttpResponse response = http_.post(target, body, timeout_, what);
    if (response.status != 200) {
        raise_answer(response, what, url());
    }
    return std::move(response.body);
}

RangeResult EtcdClient::get(std::string_view key) {
    std::string body = call("/v3/kv/range", range_request(key, {}), "etcd get");
    return parse_answer([&] { return parse_range_answer(body); }, "etcd get", url());
}

RangeResult EtcdClient::range_prefix(std::string_view prefix) {
    KeyRange range = prefix_range(prefix);
    std::string body = call("/v3/kv/range", range_request(range.key, range.range_end),
                            "etcd range");
    return parse_answer([&] { return parse_range_answer(body); }, "etcd range", url());
}

std::int64_t EtcdClient::put(std::string_view key, std::string_view value, std::int64_t lease) {
    std::string body = call("/v3/kv/put", put_request(key, value, lease), "etcd put");
    return parse_answer([&] { return parse_header_answer(body).revision; }, "etcd put", url());
}

bool EtcdClient::put_if_absent(std::string_view key, std::string_view value,
                               std::int64_t lease) {
    std::string body = call("/v3/kv/txn", put_if_absent_request(key, value, lease), "etcd txn");
    return parse_answer([&] { return parse_txn_answer(body); }, "etcd txn", url());
}

LeaseGrant EtcdClient::lease_grant(std::int64_t ttl_seconds) {
    if (ttl_seconds < 1) {
        throw ValueError("etcd lease TTL must be at least 1 s, got " +
                         std::to_string(ttl_seconds));
    }
    std::string body = call("/v3/lease/grant", lease_grant_request(ttl_seconds),
                            "etcd lease_grant");
    return parse_answer([&] { return parse_lease_grant_answer(body); }, "etcd lease_grant",
                        url());
}

std::int64_t EtcdClient::lease_keep_alive(std::int64_t id) {
    std::string body = call("/v3/lease/keepalive", lease_id_request(id), "etcd lease_keep_alive");
    return parse_answer([&] { return parse_keep_alive_answer(body); }, "etcd lease_keep_alive",
                        url());
}

bool EtcdClient::lease_revoke(std::int64_t id) {
    constexpr std::string_view what = "etcd lease_revoke";
    HttpResponse response = http_.post("/v3/lease/revoke", lease_id_request(id), timeout_, what);
    if (response.status == 200) {
        return true;
    }
    if (parse_error_answer(response.body).grpc_code == kGrpcNotFound) {
        return false;
    }
    raise_answer(response, what, url());
}

std::unique_ptr<EtcdWatch> EtcdClient::watch_prefix(std::string_view prefix,
                                                    std::int64_t start_revision) {
    return std::make_unique<EtcdWatch>(http_.endpoint(), prefix_range(prefix), start_revision,
                                       timeout_);
}

// ---- EtcdWatch ----

EtcdWatch::EtcdWatch(HttpEndpoint endpoint, KeyRange range, std::int64_t start_revision,
                     Millis timeout)
    : stream_(endpoint, "etcd watch"), range_(std::move(range)), start_revision_(start_revision),
      timeout_(timeout), url_(endpoint.url()) {}

bool EtcdWatch::open(WatchMessage& created) {
    Deadline deadline = std::chrono::steady_clock::now() + timeout_;
    std::string body = watch_create_request(range_.key, range_.range_end, start_revision_);
    if (!stream_.open("/v3/watch", body, deadline)) {
        return false;
    }
    if (stream_.status() != 200) {
        // An error answer is short; read all of it.
        HttpResponse response{stream_.status(), {}};
        std::string line;
        while (stream_.next_line(line, deadline)) {
            response.body += line;
        }
        raise_answer(response, "etcd watch", url_);
    }
    bool ended = false;
    if (!read(created, deadline, ended)) {
        if (ended) {
            throw ConnectionError("etcd watch at " + url_ +
                                  ": the stream ended before etcd acknowledged the watch");
        }
        return false;
    }
    if (created.canceled) {
        fail_canceled(created);
    }
    if (!created.created) {
        throw RuntimeError("etcd watch at " + url_ +
                           ": malformed answer: the first message is not the acknowledgement");
    }
    return true;
}

bool EtcdWatch::next(WatchMessage& out) {
    for (;;) {
        bool ended = false;
        if (!read(out, Deadline::max(), ended)) {
            if (ended) {
                throw ConnectionError("etcd watch at " + url_ + ": the stream ended");
            }
            return false;
        }
        if (out.canceled) {
            fail_canceled(out);
        }
        if (!out.events.empty()) {
            return true;
        }
    }
}

bool EtcdWatch::read(WatchMessage& out, Deadline deadline, bool& ended) {
    std::string line;
    do {
        if (!stream_.next_line(line, deadline)) {
            ended = !stream_.cancelled();
            return false;
        }
    } while (line.find_first_not_of(" \t\r") == std::string::npos);
    out = parse_answer([&] { return parse_watch_line(line); }, "etcd watch", url_);
    if (out.is_error) {
        std::string text = "etcd watch at " + url_ + " failed: " + out.error_message;
        if (out.grpc_code != 0) {
            text += " (gRPC code " + std::to_string(out.grpc_code) + ")";
        }
        if (out.grpc_code == kGrpcUnavailable) {
            throw ConnectionError(text);
        }
        throw RuntimeError(text);
    }
    return true;
}

void EtcdWatch::fail_canceled(const WatchMessage& message) const {
    std::string text = "etcd watch at " + url_ + " cancelled by etcd: ";
    if (message.compact_revision != 0) {
        text += "the history it needs was compacted (requested revision " +
                std::to_string(start_revision_) + ", oldest kept revision " +
                std::to_string(message.compact_revision) + ")";
    } else if (!message.cancel_reason.empty()) {
        text += message.cancel_reason;
    } else {
        text += "no reason given";
    }
    throw RuntimeError(text);
}

} // namespace wingfoil::adapters::etcd
