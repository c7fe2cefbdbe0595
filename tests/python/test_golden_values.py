"""Golden rows G01-G12, G56, G96, G101 and G102 of the core spec: basics and plain values.

Each test runs the row's program (historical unless the row says otherwise) and asserts the
value our build must give, with the spec's binding decisions applied.
"""

import subprocess

import pytest
from wingfoil import constant, ticker


def _run_and_peek(stream, cycles=None):
    stream.run(realtime=False, cycles=cycles)
    return stream.peek_value()


def test_count_collect_gives_one_entry_per_cycle():
    """G01."""
    s = ticker(0.1).count().collect()

    assert _run_and_peek(s, cycles=3) == [1, 2, 3]


def test_constant_collect_run_ends_by_itself_with_one_value():
    """G02: a graph with only a constant is exhausted after its single tick."""
    s = constant(5).collect()

    assert _run_and_peek(s) == [5]


def test_peek_value_before_any_run_is_none_except_for_constant():
    """G03."""
    assert ticker(0.1).count().peek_value() is None
    assert constant(5).peek_value() == 5
    assert constant(5).collect().peek_value() is None


def test_map_squares_each_count():
    """G04."""
    s = ticker(0.1).count().map(lambda x: x * x).collect()

    assert _run_and_peek(s, cycles=4) == [1, 4, 9, 16]


def test_filter_keeps_even_counts():
    """G05."""
    s = ticker(0.1).count().filter(lambda x: x % 2 == 0).collect()

    assert _run_and_peek(s, cycles=7) == [2, 4, 6]


def test_distinct_suppresses_repeated_values():
    """G06."""
    s = ticker(0.1).count().map(lambda x: x // 3).distinct().collect()

    assert _run_and_peek(s, cycles=7) == [0, 1, 2]


def test_distinct_emits_a_leading_none():
    """G07: decision D5, the first value is always emitted, even None (REF gives [3, 4])."""
    s = ticker(0.1).count().map(lambda x: None if x < 3 else x).distinct().collect()

    assert _run_and_peek(s, cycles=4) == [None, 3, 4]


def test_distinct_treats_int_and_equal_float_as_equal():
    """G08: 1 == 1.0, so only the first value (the int 1) is emitted."""
    s = ticker(0.1).count().map(lambda x: 1 if x < 3 else 1.0).distinct().collect()

    result = _run_and_peek(s, cycles=4)

    assert result == [1]
    assert type(result[0]) is int


def test_distinct_works_with_unhashable_values():
    """G09."""
    s = ticker(0.1).count().map(lambda x: [x // 2]).distinct().collect()

    assert _run_and_peek(s, cycles=5) == [[0], [1], [2]]


def test_difference_emits_change_from_previous_value():
    """G10."""
    s = ticker(0.1).count().map(lambda x: x * x).difference().collect()

    assert _run_and_peek(s, cycles=4) == [3, 5, 7]


def test_difference_does_not_tick_on_first_value():
    """G11."""
    s = ticker(0.1).count().difference().collect()

    assert _run_and_peek(s, cycles=1) is None


def test_difference_of_int_and_float_uses_binary_minus():
    """G12: REF leaks NotImplemented from calling __sub__ directly; ours computes 3 - 1.5."""
    s = ticker(0.1).count().map(lambda x: [1.5, 3][x - 1]).difference().collect()

    assert _run_and_peek(s, cycles=2) == [1.5]


def test_second_run_continues_node_state():
    """G56: counts and collected lists persist across runs."""
    s = ticker(0.1).count().collect()

    s.run(realtime=False, cycles=3)
    s.run(realtime=False, cycles=3)

    assert s.peek_value() == [1, 2, 3, 4, 5, 6]


def test_collect_never_mutates_an_emitted_list():
    """G96."""
    s = ticker(0.1).count().collect()
    s.run(realtime=False, cycles=2)
    v = s.peek_value()

    s.run(realtime=False, cycles=1)

    assert v == [1, 2]
    assert s.peek_value() == [1, 2, 3]
    assert v is not s.peek_value()


def test_constant_ticks_once_per_run():
    """G101."""
    s = constant(5).collect()

    s.run(realtime=False)
    s.run(realtime=False)

    assert s.peek_value() == [5, 5]


def test_realtime_run_waiting_for_more_cycles_never_returns(spawn_python, read_child_line):
    """G102: a realtime run bounded only by cycles=2 waits for work that never comes.

    The program runs in a child interpreter, which must still be running about one second after
    it starts the run; the child is then killed.
    """
    child = spawn_python(
        """
        from wingfoil import constant
        print("started", flush=True)
        constant(1).collect().run(realtime=True, cycles=2)
        print("returned", flush=True)
        """
    )

    line = read_child_line(child, timeout=60.0)

    assert line == "started\n", "the child did not reach run()"
    with pytest.raises(subprocess.TimeoutExpired):
        child.wait(timeout=1.0)


# Running again (spec 2.8): beyond the golden rows


def test_ticker_re_anchors_on_its_first_tick_in_each_run():
    """REF schedules a re-run from its previous timeline (0, 0.3 s); ours restarts at 0, 0.1 s."""
    out = []
    node = ticker(0.1).count().for_each(lambda v, t: out.append((v, t)))

    node.run(realtime=False, cycles=3)
    node.run(realtime=False, cycles=2)

    assert out == [(1, 0.0), (2, 0.1), (3, 0.2), (4, 0.0), (5, 0.1)]


def test_finally_fires_once_per_node_lifetime():
    seen = []
    node = getattr(ticker(0.1).count(), "finally")(lambda v: seen.append(v))

    node.run(realtime=False, cycles=2)
    node.run(realtime=False, cycles=2)

    assert seen == [2]


def test_limit_counter_persists_across_runs():
    s = ticker(0.1).count().limit(3).collect()

    s.run(realtime=False, cycles=2)
    s.run(realtime=False, cycles=5)

    assert s.peek_value() == [1, 2, 3]
