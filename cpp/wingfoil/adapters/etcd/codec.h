#pragma once
// The etcd v3 JSON gateway's wire format (etcd 3.4 and later, paths under /v3/): request bodies
// for the calls wingfoil makes, and parsers for the answers. Keys, values and range ends travel
// as base64; int64 fields are sent as JSON strings and come back as strings; fields equal to zero,
// false or empty are left out of answers. Pure functions over strings, safe on any thread; the
// JSON library stays inside codec.cpp.
//
// Parsers throw RuntimeError describing what was wrong with the answer; callers add the endpoint
// and the operation.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace wingfoil::adapters::etcd {

/// The [key, range_end) pair that selects every key starting with a prefix (etcd's convention):
/// range_end is the prefix with trailing 0xFF bytes dropped and the last byte incremented; "\0"
/// when nothing is left; and an empty prefix means every key: key "\0", range_end "\0".
struct KeyRange {
    std::string key;
    std::string range_end;
};

/// The range that holds exactly the keys starting with `prefix`.
KeyRange prefix_range(std::string_view prefix);

/// The header every answer carries.
struct ResponseHeader {
    std::uint64_t cluster_id = 0;
    std::int64_t revision = 0; ///< the store's revision when the answer was made
};

/// One key-value pair as etcd stores it. Zero revisions mean "not given".
struct KeyValue {
    std::string key;
    std::string value;
    std::int64_t create_revision = 0;
    std::int64_t mod_revision = 0;
    std::int64_t version = 0;
    std::int64_t lease = 0;
};

struct RangeResult {
    ResponseHeader header;
    std::vector<KeyValue> kvs; ///< in key order
};

struct LeaseGrant {
    std::int64_t id = 0;
    std::int64_t ttl = 0; ///< seconds, as granted (the server may raise small requests)
};

/// One change seen by a watch.
struct WatchEvent {
    bool is_delete = false; ///< DELETE; otherwise PUT
    KeyValue kv;            ///< for a delete only key and mod_revision are set
};

/// One line of a watch stream: a `result` or an `error`.
struct WatchMessage {
    bool is_error = false;
    // For results.
    ResponseHeader header;
    bool created = false;
    bool canceled = false;
    std::int64_t compact_revision = 0; ///< set when canceled because history was compacted
    std::string cancel_reason;         ///< etcd 3.5 and later
    std::vector<WatchEvent> events;
    // For errors.
    int grpc_code = 0;
    std::string error_message;
};

/// An error answer: `{"error": ..., "message": ..., "code": <grpc code>}`.
struct ErrorAnswer {
    int grpc_code = 0; ///< 0 when the body did not say
    std::string message;
};

/// The gRPC status code "unavailable": the server is going away or not ready.
constexpr int kGrpcUnavailable = 14;
/// The gRPC status code "not found" (for example an unknown or expired lease).
constexpr int kGrpcNotFound = 5;

// ---- Request bodies ----

/// POST /v3/kv/range for [key, range_end); an empty range_end asks for `key` alone.
std::string range_request(std::string_view key, std::string_view range_end);
/// POST /v3/kv/put; `lease` 0 means no lease.
std::string put_request(std::string_view key, std::string_view value, std::int64_t lease);
/// POST /v3/kv/txn that puts only if `key` does not exist (its create revision is 0).
std::string put_if_absent_request(std::string_view key, std::string_view value,
                                  std::int64_t lease);
/// POST /v3/lease/grant for a lease of `ttl_seconds`, ID chosen by the server.
std::string lease_grant_request(std::int64_t ttl_seconds);
/// POST /v3/lease/keepalive and /v3/lease/revoke: `{"ID": "<id>"}`.
std::string lease_id_request(std::int64_t id);
/// POST /v3/watch: create a watch on [key, range_end) from `start_revision` (0: from now).
std::string watch_create_request(std::string_view key, std::string_view range_end,
                                 std::int64_t start_revision);

// ---- Answers ----

/// The header of any successful answer (kv/put, lease/revoke, ...).
ResponseHeader parse_header_answer(std::string_view body);
RangeResult parse_range_answer(std::string_view body);
/// kv/txn: whether the comparison held (a missing `succeeded` means false).
bool parse_txn_answer(std::string_view body);
LeaseGrant parse_lease_grant_answer(std::string_view body);
/// lease/keepalive: the lease's remaining TTL in seconds; 0 when the lease no longer exists.
std::int64_t parse_keep_alive_answer(std::string_view body);
/// One line of a watch stream.
WatchMessage parse_watch_line(std::string_view line);
/// An error body of any call. Never throws: a body that is not the expected JSON becomes the
/// message as it is.
ErrorAnswer parse_error_answer(std::string_view body);

} // namespace wingfoil::adapters::etcd
