"""Regression tests for faults found by adversarial testing: a node shared by two graphs running
at once, loops through user-defined upstreams(), dropping very long chains, and engine time
reaching the end of int64 nanoseconds (April 2262). None of these may crash or hang the
interpreter; each gets a clear error or the right result."""

import threading

import pytest

from wingfoil import CustomStream, Graph, ticker


def test_a_node_cannot_run_in_two_graphs_at_once_across_threads():
    """Two threads running the same native graph used to corrupt node state (double free)."""
    shared = ticker(0.001).count().delay(0.003)
    errors = []
    started = threading.Barrier(2)

    def run():
        started.wait()
        for _ in range(20):
            try:
                shared.run(realtime=False, cycles=20_000)
            except RuntimeError as e:
                errors.append(e)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert all("already part of a graph that is running" in str(e) for e in errors)


def test_a_run_started_from_inside_a_run_on_the_same_nodes_is_refused():
    source = ticker(0.1).count()
    seen = []

    def nested(value):
        with pytest.raises(RuntimeError, match="already part of a graph that is running"):
            source.run(realtime=False, cycles=1)
        seen.append(value)
        return value

    source.map(nested).run(realtime=False, cycles=2)

    assert seen == [1, 2]


def test_a_shared_node_runs_again_after_the_other_graph_finished():
    shared = ticker(0.1).count()
    a, b = shared.collect(), shared.map(lambda x: x * 10).collect()

    Graph([a]).run(realtime=False, cycles=2)
    Graph([b]).run(realtime=False, cycles=1)

    assert a.peek_value() == [1, 2]
    assert b.peek_value() == [30]


class Looping(CustomStream):
    """A stream whose upstreams() includes one of its own downstreams."""

    downstream = []

    def upstreams(self):
        return [ticker(1.0)] + Looping.downstream

    def cycle(self):
        return True


def test_a_loop_through_upstreams_is_a_value_error_not_a_crash():
    Looping.downstream = []
    looping = Looping()
    after = looping.map(lambda x: x)
    Looping.downstream.append(after)

    with pytest.raises(ValueError, match="the graph has a cycle"):
        after.run(realtime=False, cycles=1)

    Looping.downstream = []
    after.run(realtime=False, cycles=1)  # the same nodes wire and run once the loop is gone


def test_a_stream_listing_itself_as_upstream_is_a_value_error():
    holder = {}

    class Selfish(CustomStream):
        def upstreams(self):
            return [ticker(1.0), holder["self"]]

        def cycle(self):
            return True

    holder["self"] = Selfish()

    with pytest.raises(ValueError, match="the graph has a cycle"):
        holder["self"].run(realtime=False, cycles=1)


def test_dropping_a_chain_of_200000_nodes_does_not_overflow_the_stack():
    chain = ticker(1.0).count()
    for _ in range(200_000):
        chain = chain.distinct()

    del chain  # used to recurse once per node in C++ destructors and crash


def test_ticks_past_the_end_of_int64_time_are_never_scheduled():
    """A ticker whose next tick would fall after 2262 used to wrap to negative times."""
    s = ticker(5e9).count().collect()

    s.run(realtime=False, duration=9.2e9)

    assert s.peek_value() == [1, 2]


def test_a_run_ending_after_2262_finishes():
    s = ticker(3600.0).count()

    s.run(realtime=False, start=1.7e9, duration=7.6e9)

    assert s.peek_value() > 2_000_000


@pytest.mark.parametrize(
    ("call", "pattern"),
    [
        (lambda: ticker(1e300), "ticker period .* too large"),
        (lambda: ticker(1.0).count().delay(1e300), "delay .* too large"),
        (lambda: ticker(1.0).count().run(realtime=False, start=1e30), "after 2262"),
        (lambda: ticker(1.0).count().run(realtime=False, start=2**64), "after 2262"),
    ],
)
def test_times_beyond_int64_nanoseconds_are_clear_value_errors(call, pattern):
    with pytest.raises(ValueError, match=pattern):
        call()


def test_a_duration_beyond_int64_nanoseconds_means_no_end():
    s = ticker(1.0).count().limit(3).collect()

    s.run(realtime=False, duration=1e10)

    assert s.peek_value() == [1, 2, 3]
