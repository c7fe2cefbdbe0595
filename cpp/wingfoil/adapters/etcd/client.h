#pragma once
// EtcdClient: the etcd v3 calls wingfoil needs, over the JSON gateway (etcd 3.4 and later):
// range (one key or a prefix), put (optionally under a lease), put-if-absent, lease grant,
// keep-alive and revoke, and EtcdWatch, a watch on a prefix from a given revision. Every call
// has a time limit (5 s unless told otherwise). Errors name the operation and the endpoint:
// ConnectionError when etcd cannot be reached or reports itself unavailable, TimeoutError when
// the limit passes, RuntimeError when etcd answers with an error or with something malformed.
//
// Threads: an EtcdClient (one kept-alive connection) is used by one thread at a time; give each
// thread its own. EtcdWatch::cancel may be called from any thread.

#include "wingfoil/adapters/etcd/codec.h"
#include "wingfoil/adapters/etcd/http_client.h"

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace wingfoil::adapters::etcd {

/// The time limit of every etcd call unless one is given.
inline constexpr Millis kDefaultTimeout{5000};

class EtcdWatch;

class EtcdClient {
public:
    /// Parses `endpoint` ("http://host:port" or "host:port"); no I/O. Throws ValueError for a
    /// malformed endpoint, https, or a timeout that is not positive.
    explicit EtcdClient(std::string_view endpoint, Millis timeout = kDefaultTimeout);

    /// "http://host:port".
    std::string url() const { return http_.endpoint().url(); }
    const HttpEndpoint& endpoint() const noexcept { return http_.endpoint(); }
    Millis timeout() const noexcept { return timeout_; }

    /// The value stored under exactly `key`, if any (kvs holds zero or one entry).
    RangeResult get(std::string_view key);
    /// Every key starting with `prefix`, in key order (all keys for an empty prefix).
    RangeResult range_prefix(std::string_view prefix);
    /// Writes `value` under `key`, attached to `lease` unless it is 0. Returns the revision of
    /// the write.
    std::int64_t put(std::string_view key, std::string_view value, std::int64_t lease = 0);
    /// Writes only if `key` does not exist. Returns false, writing nothing, if it does.
    bool put_if_absent(std::string_view key, std::string_view value, std::int64_t lease = 0);
    /// Grants a lease of `ttl_seconds` (>= 1); the server may grant more (etcd's minimum is
    /// usually 2 s).
    LeaseGrant lease_grant(std::int64_t ttl_seconds);
    /// Renews lease `id` once. Returns the TTL it now has, or 0 if the lease no longer exists.
    std::int64_t lease_keep_alive(std::int64_t id);
    /// Revokes lease `id`, deleting every key attached to it. Returns false if the lease no
    /// longer existed.
    bool lease_revoke(std::int64_t id);

    /// A watch on every key starting with `prefix`, from `start_revision` (0: from now on). Not
    /// yet open: call EtcdWatch::open. The watch uses its own connection, with this client's
    /// endpoint and time limit.
    std::unique_ptr<EtcdWatch> watch_prefix(std::string_view prefix, std::int64_t start_revision);

private:
    /// POSTs and returns the body of a 200 answer; maps every failure to an error naming `what`.
    std::string call(std::string_view target, const std::string& body, std::string_view what);

    HttpClient http_;
    Millis timeout_;
};

class EtcdWatch {
public:
    /// Prefer EtcdClient::watch_prefix. No I/O.
    EtcdWatch(HttpEndpoint endpoint, KeyRange range, std::int64_t start_revision, Millis timeout);

    /// Opens the stream and waits for etcd's acknowledgement, within the time limit, and stores
    /// it in `created` (its header.revision is the store's revision at that moment). Returns
    /// false when cancelled. Throws like EtcdClient's calls; RuntimeError when etcd refuses the
    /// watch, for example because `start_revision` was compacted away.
    bool open(WatchMessage& created);

    /// Waits, without a time limit, for the next answer that carries events and returns it.
    /// Returns false when cancelled. Throws ConnectionError when the connection is lost, the
    /// stream ends or etcd reports itself unavailable (the watch can be opened again);
    /// RuntimeError when etcd cancels the watch (history compacted) or answers with an error.
    bool next(WatchMessage& out);

    /// Any thread: makes a blocked open() or next() return false promptly. Cannot be undone.
    void cancel() noexcept { stream_.cancel(); }

private:
    /// The next message, or false when cancelled or the stream ended (`ended` says which).
    bool read(WatchMessage& out, Deadline deadline, bool& ended);
    [[noreturn]] void fail_canceled(const WatchMessage& message) const;

    HttpLineStream stream_;
    KeyRange range_;
    std::int64_t start_revision_;
    Millis timeout_;
    std::string url_;
};

} // namespace wingfoil::adapters::etcd
