#include "wingfoil/adapters/etcd/codec.h"

#include "wingfoil/adapters/etcd/base64.h"
#include "wingfoil/core/error.h"

#include <nlohmann/json.hpp>

#include <charconv>
#include <limits>
#include <utility>

namespace wingfoil::adapters::etcd {

namespace {

using Json = nlohmann::json;

[[noreturn]] void malformed(std::string_view what) {
    throw RuntimeError("malformed answer: " + std::string(what));
}

Json parse_json(std::string_view text) {
    Json json = Json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
    if (json.is_discarded()) {
        std::string shown(text.substr(0, 200));
        malformed("not JSON: " + shown);
    }
    if (!json.is_object()) {
        malformed("not a JSON object");
    }
    return json;
}

/// An integer field: the gateway sends int64 values as strings but numbers are accepted too.
/// A missing field is 0 (the gateway leaves zero values out).
template <class Int>
Int int_field(const Json& object, const char* name) {
    auto it = object.find(name);
    if (it == object.end() || it->is_null()) {
        return 0;
    }
    if (it->is_number_integer()) {
        return it->get<Int>();
    }
    if (it->is_string()) {
        const std::string& text = it->get_ref<const std::string&>();
        Int value = 0;
        auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
        if (ec == std::errc() && end == text.data() + text.size()) {
            return value;
        }
    }
    malformed(std::string("field '") + name + "' is not an integer");
}

bool bool_field(const Json& object, const char* name) {
    auto it = object.find(name);
    if (it == object.end() || it->is_null()) {
        return false;
    }
    if (!it->is_boolean()) {
        malformed(std::string("field '") + name + "' is not a boolean");
    }
    return it->get<bool>();
}

std::string string_field(const Json& object, const char* name) {
    auto it = object.find(name);
    if (it == object.end() || it->is_null()) {
        return {};
    }
    if (!it->is_string()) {
        malformed(std::string("field '") + name + "' is not a string");
    }
    return it->get<std::string>();
}

std::string bytes_field(const Json& object, const char* name) {
    try {
        return base64_decode(string_field(object, name), std::string("field '") + name + "'");
    } catch (const ValueError& e) {
        malformed(e.what());
    }
}

const Json& object_field(const Json& object, const char* name) {
    static const Json empty = Json::object();
    auto it = object.find(name);
    if (it == object.end() || it->is_null()) {
        return empty;
    }
    if (!it->is_object()) {
        malformed(std::string("field '") + name + "' is not an object");
    }
    return *it;
}

const Json& array_field(const Json& object, const char* name) {
    static const Json empty = Json::array();
    auto it = object.find(name);
    if (it == object.end() || it->is_null()) {
        return empty;
    }
    if (!it->is_array()) {
        malformed(std::string("field '") + name + "' is not an array");
    }
    return *it;
}

ResponseHeader header_of(const Json& answer) {
    const Json& header = object_field(answer, "header");
    return ResponseHeader{int_field<std::uint64_t>(header, "cluster_id"),
                          int_field<std::int64_t>(header, "revision")};
}

KeyValue key_value_of(const Json& kv) {
    if (!kv.is_object()) {
        malformed("a key-value entry is not an object");
    }
    KeyValue out;
    out.key = bytes_field(kv, "key");
    out.value = bytes_field(kv, "value");
    out.create_revision = int_field<std::int64_t>(kv, "create_revision");
    out.mod_revision = int_field<std::int64_t>(kv, "mod_revision");
    out.version = int_field<std::int64_t>(kv, "version");
    out.lease = int_field<std::int64_t>(kv, "lease");
    return out;
}

std::string dump(const Json& json) { return json.dump(); }

Json put_fields(std::string_view key, std::string_view value, std::int64_t lease) {
    Json put = {{"key", base64_encode(key)}, {"value", base64_encode(value)}};
    if (lease != 0) {
        put["lease"] = std::to_string(lease);
    }
    return put;
}

} // namespace

KeyRange prefix_range(std::string_view prefix) {
    if (prefix.empty()) {
        return KeyRange{std::string(1, '\0'), std::string(1, '\0')};
    }
    std::string end(prefix);
    while (!end.empty() && static_cast<unsigned char>(end.back()) == 0xFF) {
        end.pop_back();
    }
    if (end.empty()) {
        return KeyRange{std::string(prefix), std::string(1, '\0')};
    }
    end.back() = static_cast<char>(static_cast<unsigned char>(end.back()) + 1);
    return KeyRange{std::string(prefix), std::move(end)};
}

std::string range_request(std::string_view key, std::string_view range_end) {
    Json body = {{"key", base64_encode(key)}};
    if (!range_end.empty()) {
        body["range_end"] = base64_encode(range_end);
    }
    return dump(body);
}

std::string put_request(std::string_view key, std::string_view value, std::int64_t lease) {
    return dump(put_fields(key, value, lease));
}

std::string put_if_absent_request(std::string_view key, std::string_view value,
                                  std::int64_t lease) {
    Json compare = {{"key", base64_encode(key)},
                    {"result", "EQUAL"},
                    {"target", "CREATE"},
                    {"create_revision", "0"}};
    Json body = {{"compare", Json::array({compare})},
                 {"success", Json::array({Json{{"request_put", put_fields(key, value, lease)}}})}};
    return dump(body);
}

std::string lease_grant_request(std::int64_t ttl_seconds) {
    return dump(Json{{"TTL", std::to_string(ttl_seconds)}});
}

std::string lease_id_request(std::int64_t id) { return dump(Json{{"ID", std::to_string(id)}}); }

std::string watch_create_request(std::string_view key, std::string_view range_end,
                                 std::int64_t start_revision) {
    Json create = {{"key", base64_encode(key)}};
    if (!range_end.empty()) {
        create["range_end"] = base64_encode(range_end);
    }
    if (start_revision != 0) {
        create["start_revision"] = std::to_string(start_revision);
    }
    return dump(Json{{"create_request", create}});
}

ResponseHeader parse_header_answer(std::string_view body) { return header_of(parse_json(body)); }

RangeResult parse_range_answer(std::string_view body) {
    Json answer = parse_json(body);
    RangeResult out;
    out.header = header_of(answer);
    for (const Json& kv : array_field(answer, "kvs")) {
        out.kvs.push_back(key_value_of(kv));
    }
    return out;
}

bool parse_txn_answer(std::string_view body) {
    return bool_field(parse_json(body), "succeeded");
}

LeaseGrant parse_lease_grant_answer(std::string_view body) {
    Json answer = parse_json(body);
    LeaseGrant out{int_field<std::int64_t>(answer, "ID"), int_field<std::int64_t>(answer, "TTL")};
    if (out.id == 0) {
        malformed("lease grant without an ID");
    }
    return out;
}

std::int64_t parse_keep_alive_answer(std::string_view body) {
    Json answer = parse_json(body);
    if (answer.contains("error")) {
        ErrorAnswer error = parse_error_answer(body);
        throw RuntimeError(error.message);
    }
    return int_field<std::int64_t>(object_field(answer, "result"), "TTL");
}

WatchMessage parse_watch_line(std::string_view line) {
    Json json = parse_json(line);
    WatchMessage out;
    if (json.contains("error")) {
        ErrorAnswer error = parse_error_answer(line);
        out.is_error = true;
        out.grpc_code = error.grpc_code;
        out.error_message = std::move(error.message);
        return out;
    }
    if (!json.contains("result")) {
        malformed("watch line with neither 'result' nor 'error'");
    }
    const Json& result = object_field(json, "result");
    out.header = header_of(result);
    out.created = bool_field(result, "created");
    out.canceled = bool_field(result, "canceled");
    out.compact_revision = int_field<std::int64_t>(result, "compact_revision");
    out.cancel_reason = string_field(result, "cancel_reason");
    for (const Json& event : array_field(result, "events")) {
        if (!event.is_object()) {
            malformed("a watch event is not an object");
        }
        std::string type = string_field(event, "type");
        if (!type.empty() && type != "PUT" && type != "DELETE") {
            malformed("unknown watch event type '" + type + "'");
        }
        out.events.push_back(WatchEvent{type == "DELETE", key_value_of(object_field(event, "kv"))});
    }
    return out;
}

ErrorAnswer parse_error_answer(std::string_view body) {
    Json json = Json::parse(body.begin(), body.end(), nullptr, /*allow_exceptions=*/false);
    ErrorAnswer out;
    if (json.is_discarded() || !json.is_object()) {
        out.message = std::string(body.substr(0, 200));
        return out;
    }
    try {
        // Unary calls answer {"error": "<text>", "message": "<text>", "code": n}; streams end
        // with {"error": {"grpc_code": n, "http_code": ..., "message": "<text>", ...}}.
        const Json& error = json.contains("error") ? json["error"] : json;
        if (error.is_object()) {
            out.grpc_code = int_field<int>(error, "grpc_code");
            out.message = string_field(error, "message");
        } else {
            out.grpc_code = int_field<int>(json, "code");
            out.message = string_field(json, "message");
            if (out.message.empty() && error.is_string()) {
                out.message = error.get<std::string>();
            }
        }
    } catch (const RuntimeError&) {
        out.message = std::string(body.substr(0, 200));
    }
    if (out.message.empty()) {
        out.message = std::string(body.substr(0, 200));
    }
    return out;
}

} // namespace wingfoil::adapters::etcd
