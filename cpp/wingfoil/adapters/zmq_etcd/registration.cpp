#include "wingfoil/adapters/zmq_etcd/registration.h"

#include "wingfoil/core/error.h"

#include <utility>

namespace wingfoil::adapters::zmq_etcd {

namespace {

// Structural UTF-8 check (lead byte and continuation bytes); enough to refuse binary values.
bool is_utf8(const std::string& text) {
    std::size_t i = 0;
    while (i < text.size()) {
        auto lead = static_cast<unsigned char>(text[i]);
        std::size_t extra = 0;
        if (lead >= 0xF0 && lead <= 0xF4) {
            extra = 3;
        } else if (lead >= 0xE0) {
            extra = lead <= 0xEF ? 2 : 99;
        } else if (lead >= 0xC2) {
            extra = 1;
        } else if (lead >= 0x80) {
            return false;
        }
        if (extra == 99 || i + extra >= text.size()) {
            return false;
        }
        for (std::size_t k = 1; k <= extra; ++k) {
            if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) {
                return false;
            }
        }
        i += extra + 1;
    }
    return true;
}

} // namespace

EtcdRegistration::EtcdRegistration(std::string name, std::string etcd_endpoint)
    : name_(std::move(name)), etcd_endpoint_(std::move(etcd_endpoint)) {
    if (name_.empty()) {
        throw ValueError("zmq_pub_etcd: the publisher name must not be empty");
    }
    etcd::EtcdClient check(etcd_endpoint_); // validates the endpoint now, no I/O
}

void EtcdRegistration::announce(const std::string& endpoint) {
    try {
        lease_ = std::make_unique<etcd::EtcdLease>(etcd_endpoint_, kRegistrationTtlSeconds);
    } catch (const Error& e) {
        throw RuntimeError(std::string("zmq_pub_etcd: etcd lease_grant failed: ") + e.what());
    }
    try {
        etcd::EtcdClient client(etcd_endpoint_);
        client.put(name_, endpoint, lease_->id());
    } catch (const Error& e) {
        std::string text = std::string("zmq_pub_etcd: etcd put failed: ") + e.what();
        try {
            lease_->revoke();
        } catch (const Error&) {
            // The put failed: nothing is attached to the lease, which expires on its own.
        }
        lease_.reset();
        throw RuntimeError(text);
    }
}

void EtcdRegistration::withdraw() {
    if (!lease_) {
        return;
    }
    auto lease = std::move(lease_);
    try {
        lease->revoke();
    } catch (const Error& e) {
        throw RuntimeError("zmq_pub_etcd: etcd lease_revoke failed for '" + name_ +
                           "' (the key expires with its lease): " + e.what());
    }
}

std::string lookup_publisher(const std::string& name, const std::string& etcd_endpoint) {
    etcd::RangeResult found;
    try {
        etcd::EtcdClient client(etcd_endpoint);
        found = client.get(name);
    } catch (const ValueError&) {
        throw;
    } catch (const Error& e) {
        throw RuntimeError(std::string("zmq_sub_etcd: etcd get failed: ") + e.what());
    }
    if (found.kvs.empty()) {
        throw RuntimeError("zmq_sub_etcd: no publisher named \"" + name + "\" found in etcd at " +
                           etcd_endpoint);
    }
    const std::string& address = found.kvs.front().value;
    if (!is_utf8(address)) {
        throw RuntimeError("zmq_sub_etcd: etcd value is not valid UTF-8 for \"" + name + "\"");
    }
    return address;
}

} // namespace wingfoil::adapters::zmq_etcd
