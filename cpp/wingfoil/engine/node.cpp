#include "wingfoil/engine/node.h"

#include <utility>

namespace wingfoil {

Node::~Node() {
    // Upstreams whose last reference is dropped here would destroy their own upstreams from
    // inside this destructor, and so on down the chain. Instead they are queued, and only the
    // outermost destructor on this thread releases the queue, one node at a time.
    thread_local std::vector<std::shared_ptr<Node>> deferred;
    thread_local bool releasing = false;
    for (Edge& edge : upstreams_) {
        deferred.push_back(std::move(edge.node));
    }
    upstreams_.clear();
    if (releasing) {
        return;
    }
    releasing = true;
    while (!deferred.empty()) {
        std::shared_ptr<Node> next = std::move(deferred.back());
        deferred.pop_back();
        next.reset(); // may queue further upstreams
    }
    releasing = false;
}

} // namespace wingfoil
