// Tests for the etcd JSON gateway codec: prefix ranges, the request bodies wingfoil sends, and
// the parsing of answers in the shapes etcd 3.4 produces (zero fields left out, int64 as strings).
// No server is needed; the answers are the ones etcd 3.4.23 gave on loopback.

#include "wingfoil/adapters/etcd/codec.h"

#include "wingfoil/core/error.h"

#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

#include <string>

namespace {

using namespace wingfoil::adapters::etcd;
using Json = nlohmann::json;
using wingfoil::RuntimeError;

std::string bytes(std::initializer_list<int> values) {
    std::string out;
    for (int v : values) {
        out += static_cast<char>(v);
    }
    return out;
}

TEST(PrefixRange, IncrementsTheLastByte) {
    KeyRange range = prefix_range("/app/");
    EXPECT_EQ(range.key, "/app/");
    EXPECT_EQ(range.range_end, "/app0");
}

TEST(PrefixRange, DropsTrailingFfBytesFirst) {
    KeyRange range = prefix_range(bytes({'f', 'o', 'o', 0xFF}));
    EXPECT_EQ(range.range_end, "fop");
}

TEST(PrefixRange, AllFfPrefixRunsToTheEndOfTheKeySpace) {
    KeyRange range = prefix_range(bytes({0xFF, 0xFF}));
    EXPECT_EQ(range.key, bytes({0xFF, 0xFF}));
    EXPECT_EQ(range.range_end, std::string(1, '\0'));
}

TEST(PrefixRange, EmptyPrefixSelectsEveryKey) {
    KeyRange range = prefix_range("");
    EXPECT_EQ(range.key, std::string(1, '\0'));
    EXPECT_EQ(range.range_end, std::string(1, '\0'));
}

TEST(EtcdRequests, RangeEncodesKeyAndRangeEnd) {
    EXPECT_EQ(Json::parse(range_request("/app/", "/app0")),
              Json::parse(R"({"key":"L2FwcC8=","range_end":"L2FwcDA="})"));
    EXPECT_EQ(Json::parse(range_request("/app/a", "")), Json::parse(R"({"key":"L2FwcC9h"})"));
}

TEST(EtcdRequests, PutSendsTheLeaseOnlyWhenThereIsOne) {
    EXPECT_EQ(Json::parse(put_request("/app/a", "1", 0)),
              Json::parse(R"({"key":"L2FwcC9h","value":"MQ=="})"));
    EXPECT_EQ(Json::parse(put_request("/app/a", "1", 2324035810454786060)),
              Json::parse(R"({"key":"L2FwcC9h","value":"MQ==","lease":"2324035810454786060"})"));
}

TEST(EtcdRequests, PutIfAbsentComparesCreateRevisionWithZero) {
    Json expected = Json::parse(R"({
        "compare":[{"key":"L2FwcC9h","result":"EQUAL","target":"CREATE","create_revision":"0"}],
        "success":[{"request_put":{"key":"L2FwcC9h","value":"MQ==","lease":"7"}}]})");
    EXPECT_EQ(Json::parse(put_if_absent_request("/app/a", "1", 7)), expected);
}

TEST(EtcdRequests, LeaseAndWatchBodies) {
    EXPECT_EQ(Json::parse(lease_grant_request(30)), Json::parse(R"({"TTL":"30"})"));
    EXPECT_EQ(Json::parse(lease_id_request(42)), Json::parse(R"({"ID":"42"})"));
    EXPECT_EQ(Json::parse(watch_create_request("/app/", "/app0", 7)),
              Json::parse(R"({"create_request":{"key":"L2FwcC8=","range_end":"L2FwcDA=",
                                                "start_revision":"7"}})"));
    EXPECT_EQ(Json::parse(watch_create_request("k", "", 0)),
              Json::parse(R"({"create_request":{"key":"aw=="}})"));
}

TEST(EtcdAnswers, RangeWithKeysParsesEveryField) {
    RangeResult r = parse_range_answer(R"({"header":{"cluster_id":"7672346205368359689",
        "member_id":"9483979312957835374","revision":"3","raft_term":"2"},
        "kvs":[{"key":"L2FwcC9h","create_revision":"2","mod_revision":"2","version":"1",
                "value":"MQ=="},
               {"key":"L2FwcC9i","create_revision":"3","mod_revision":"3","version":"1",
                "lease":"99"}],"count":"2"})");
    EXPECT_EQ(r.header.revision, 3);
    EXPECT_EQ(r.header.cluster_id, 7672346205368359689u);
    ASSERT_EQ(r.kvs.size(), 2u);
    EXPECT_EQ(r.kvs[0].key, "/app/a");
    EXPECT_EQ(r.kvs[0].value, "1");
    EXPECT_EQ(r.kvs[0].mod_revision, 2);
    EXPECT_EQ(r.kvs[0].lease, 0);
    EXPECT_EQ(r.kvs[1].key, "/app/b");
    EXPECT_EQ(r.kvs[1].value, ""); // an empty value is left out of the answer
    EXPECT_EQ(r.kvs[1].lease, 99);
}

TEST(EtcdAnswers, RangeWithoutMatchesHasNoKvs) {
    RangeResult r = parse_range_answer(R"({"header":{"cluster_id":"1","revision":"5"}})");
    EXPECT_EQ(r.header.revision, 5);
    EXPECT_TRUE(r.kvs.empty());
}

TEST(EtcdAnswers, IntegersAreAcceptedAsNumbersToo) {
    RangeResult r = parse_range_answer(R"({"header":{"revision":12}})");
    EXPECT_EQ(r.header.revision, 12);
}

TEST(EtcdAnswers, TxnWithoutSucceededMeansTheComparisonFailed) {
    EXPECT_TRUE(parse_txn_answer(R"({"header":{"revision":"5"},"succeeded":true,
        "responses":[{"response_put":{"header":{"revision":"5"}}}]})"));
    EXPECT_FALSE(parse_txn_answer(R"({"header":{"revision":"5"}})"));
}

TEST(EtcdAnswers, LeaseGrantAndKeepAlive) {
    LeaseGrant grant = parse_lease_grant_answer(
        R"({"header":{"revision":"4"},"ID":"5219287421788881414","TTL":"2"})");
    EXPECT_EQ(grant.id, 5219287421788881414);
    EXPECT_EQ(grant.ttl, 2);
    EXPECT_EQ(parse_keep_alive_answer(R"({"result":{"header":{},"ID":"1","TTL":"30"}})" "\n"),
              30);
    // A lease that no longer exists comes back without a TTL.
    EXPECT_EQ(parse_keep_alive_answer(R"({"result":{"header":{},"ID":"123"}})"), 0);
}

TEST(EtcdAnswers, WatchCreatedEventsAndDeletes) {
    WatchMessage created = parse_watch_line(
        R"({"result":{"header":{"cluster_id":"9","revision":"6"},"created":true}})");
    EXPECT_TRUE(created.created);
    EXPECT_EQ(created.header.revision, 6);
    EXPECT_TRUE(created.events.empty());

    WatchMessage put = parse_watch_line(R"({"result":{"header":{"revision":"7"},"events":[
        {"kv":{"key":"L2FwcC94","create_revision":"7","mod_revision":"7","version":"1",
               "value":"aGVsbG8="}}]}})");
    ASSERT_EQ(put.events.size(), 1u);
    EXPECT_FALSE(put.events[0].is_delete); // PUT events carry no type
    EXPECT_EQ(put.events[0].kv.key, "/app/x");
    EXPECT_EQ(put.events[0].kv.value, "hello");
    EXPECT_EQ(put.events[0].kv.mod_revision, 7);

    WatchMessage del = parse_watch_line(R"({"result":{"header":{"revision":"9"},
        "events":[{"type":"DELETE","kv":{"key":"L2FwcC94","mod_revision":"9"}}]}})");
    ASSERT_EQ(del.events.size(), 1u);
    EXPECT_TRUE(del.events[0].is_delete);
    EXPECT_EQ(del.events[0].kv.value, "");
    EXPECT_EQ(del.events[0].kv.mod_revision, 9);
}

TEST(EtcdAnswers, WatchCancelledForCompaction) {
    WatchMessage m = parse_watch_line(
        R"({"result":{"header":{"raft_term":"2"},"canceled":true,"compact_revision":"3"}})");
    EXPECT_TRUE(m.canceled);
    EXPECT_EQ(m.compact_revision, 3);
}

TEST(EtcdAnswers, WatchStreamErrorLineCarriesTheGrpcCode) {
    WatchMessage m = parse_watch_line(R"({"error":{"grpc_code":14,"http_code":503,
        "message":"transport is closing","http_status":"Service Unavailable"}})");
    EXPECT_TRUE(m.is_error);
    EXPECT_EQ(m.grpc_code, kGrpcUnavailable);
    EXPECT_EQ(m.error_message, "transport is closing");
}

TEST(EtcdAnswers, UnaryErrorBody) {
    ErrorAnswer e = parse_error_answer(
        R"({"error":"etcdserver: key is not provided","message":"etcdserver: key is not provided",
            "code":3})");
    EXPECT_EQ(e.grpc_code, 3);
    EXPECT_EQ(e.message, "etcdserver: key is not provided");
    ErrorAnswer text = parse_error_answer("502 bad gateway");
    EXPECT_EQ(text.grpc_code, 0);
    EXPECT_EQ(text.message, "502 bad gateway");
}

TEST(EtcdAnswers, MalformedAnswersRaiseRuntimeErrorSayingWhat) {
    EXPECT_THROW(parse_range_answer("not json"), RuntimeError);
    EXPECT_THROW(parse_range_answer(R"({"kvs":{"key":"a"}})"), RuntimeError);
    EXPECT_THROW(parse_range_answer(R"({"header":{"revision":"x1"}})"), RuntimeError);
    try {
        parse_range_answer(R"({"kvs":[{"key":"%%%"}]})");
        FAIL() << "no error";
    } catch (const RuntimeError& e) {
        EXPECT_NE(std::string(e.what()).find("field 'key'"), std::string::npos) << e.what();
    }
    EXPECT_THROW(parse_watch_line(R"({"other":1})"), RuntimeError);
    EXPECT_THROW(parse_watch_line(R"({"result":{"events":[{"type":"EXPIRE","kv":{}}]}})"),
                 RuntimeError);
    EXPECT_THROW(parse_lease_grant_answer(R"({"header":{}})"), RuntimeError);
}

} // namespace
