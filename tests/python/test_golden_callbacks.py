"""Golden rows of the core spec on callbacks, logging, graphs and custom streams.

Rows: G44, G45, G46, G47, G48, G61, G62, G63, G64, G66, G67, G68, G87, G88, G89, G97, G98, G99.
"""

import re

from wingfoil import CustomStream, Graph, Stream, bimap, ticker

LOG_PREFIX = r"\[\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z INFO  wingfoil\] "


def _assert_log_lines(stderr, expected_tails):
    lines = stderr.splitlines()
    assert len(lines) == len(expected_tails), stderr
    for line, tail in zip(lines, expected_tails):
        assert re.fullmatch(LOG_PREFIX + re.escape(tail), line), line


def test_finally_gets_last_value_once_at_stop():
    """G44."""
    seen = []
    s = ticker(0.1).count().collect()

    getattr(s, "finally")(lambda v: seen.append(v)).count().run(realtime=False, cycles=3)

    assert seen == [[1, 2, 3]]


def test_finally_gets_none_when_upstream_never_ticked():
    """G45."""
    seen = []
    s = ticker(0.1).count().filter(lambda x: False)

    getattr(s, "finally")(lambda v: seen.append(v)).count().run(realtime=False, cycles=3)

    assert seen == [None]


def test_finally_callbacks_fire_at_stop_in_node_index_order(capsys):
    """G97: f2 is discovered before f1, so it has the lower index and fires first."""
    a = ticker(0.1).count()
    f1 = getattr(a, "finally")(lambda v: print("f1", v))
    f2 = getattr(a, "finally")(lambda v: print("f2", v))

    bimap(f2.count(), f1.count(), lambda p, q: print("cycle")).run(realtime=False, cycles=2)

    assert capsys.readouterr().out == "cycle\ncycle\nf2 2\nf1 2\n"


def test_fan_out_from_one_upstream_runs_in_ascending_index(capsys):
    """G89: y is discovered (and indexed) before x."""
    a = ticker(0.1).count()
    x = a.for_each(lambda v, t: print("x", v))
    y = a.for_each(lambda v, t: print("y", v))

    bimap(y.count(), x.count(), lambda p, q: 0).run(realtime=False, cycles=2)

    assert capsys.readouterr().out == "y 1\nx 1\ny 2\nx 2\n"


def test_inspect_calls_function_and_passes_value_through():
    """G61."""
    seen = []
    s = ticker(0.1).count().inspect(lambda x: seen.append(x)).collect()

    s.run(realtime=False, cycles=3)

    assert seen == [1, 2, 3]
    assert s.peek_value() == [1, 2, 3]


def test_logged_writes_one_info_line_per_tick_to_stderr(run_python):
    """G46: elapsed seconds with microseconds, label, then str() of the value (no quotes).

    With no logging configured (a plain script), the line goes to stderr. pytest configures
    handlers of its own, so the script runs in a child interpreter."""
    result = run_python(
        """
        from wingfoil import ticker
        s = ticker(0.1).count().map(lambda x: f"v{x}").logged("lbl").collect()
        s.run(realtime=False, cycles=3)
        print(s.peek_value())
        """
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout == "['v1', 'v2', 'v3']\n"
    _assert_log_lines(
        result.stderr,
        ["0.000_000 lbl v1", "0.100_000 lbl v2", "0.200_000 lbl v3"],
    )


def test_logged_formats_elapsed_with_thousands_separator(run_python):
    """G47."""
    result = run_python(
        """
        from wingfoil import ticker
        s = ticker(1234.5).count().map(lambda x: {"k": [x, None]}).logged("d").collect()
        s.run(realtime=False, cycles=3)
        """
    )

    assert result.returncode == 0, result.stderr
    _assert_log_lines(
        result.stderr,
        [
            "0.000_000 d {'k': [1, None]}",
            "1,234.500_000 d {'k': [2, None]}",
            "2,469.000_000 d {'k': [3, None]}",
        ],
    )


def test_logged_goes_through_python_logging_when_configured(caplog, capsys):
    """With handlers configured (here pytest's), each tick is one INFO record on the `wingfoil`
    logger carrying the same message, and nothing is written to stderr directly."""
    s = ticker(0.1).count().map(lambda x: f"v{x}").logged("lbl").collect()

    s.run(realtime=False, cycles=2)

    records = [r for r in caplog.records if r.name == "wingfoil"]
    assert [(r.levelname, r.getMessage()) for r in records] == [
        ("INFO", "0.000_000 lbl v1"),
        ("INFO", "0.100_000 lbl v2"),
    ]
    assert capsys.readouterr().err == ""


def test_logged_is_silent_when_rust_log_disables_info(run_python):
    """G48: RUST_LOG is read at import, so this runs in a child interpreter."""
    result = run_python(
        """
        from wingfoil import ticker
        s = ticker(0.1).count().logged("lbl").collect()
        s.run(realtime=False, cycles=2)
        print(s.peek_value())
        """,
        env={"RUST_LOG": "warn"},
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout == "[1, 2]\n"
    assert result.stderr == ""


def test_graph_limit_in_one_branch_stops_every_branch():
    """G62: a's fourth tick at 30 ms stops the run, so b gets only two values."""
    a = ticker(0.01).count().limit(3).collect()
    b = ticker(0.02).count().limit(2).collect()

    Graph([a, b]).run(realtime=False)

    assert a.peek_value() == [1, 2, 3]
    assert b.peek_value() == [1, 2]


def test_graph_accepts_node_and_stream_roots_together():
    """G63."""
    n = ticker(0.1)
    c = n.count().collect()

    Graph([n, c]).run(realtime=False, cycles=3)

    assert c.peek_value() == [1, 2, 3]


def test_graph_registers_duplicate_roots_once_and_returns_none():
    """G98."""
    n = ticker(0.1)
    s = n.count().map(lambda x: x * 100)

    result = Graph([s, n, s]).run(realtime=False, cycles=2)

    assert result is None
    assert s.peek_value() == 200


def test_empty_graph_runs_and_returns_none():
    """G99."""
    assert Graph([]).run(realtime=False) is None


def test_for_each_node_runs_as_root():
    """G64."""
    out = []

    ticker(0.1).count().for_each(lambda v, t: out.append(v)).run(realtime=False, cycles=3)

    assert out == [1, 2, 3]


def test_custom_stream_sets_value_from_upstream(capsys):
    """G66: ours prints nothing on construction (REF prints a debug line)."""

    class D(CustomStream):
        def cycle(self):
            self.set_value(self.upstreams()[0].peek_value() * 2)
            return True

    s = D([ticker(0.1).count()]).collect()

    s.run(realtime=False, cycles=4)

    assert s.peek_value() == [2, 4, 6, 8]
    assert capsys.readouterr().out == ""


def test_custom_stream_cycle_returning_false_does_not_tick():
    """G67."""

    class E(CustomStream):
        def cycle(self):
            v = self.upstreams()[0].peek_value()
            self.set_value(v)
            return v % 2 == 1

    s = E([ticker(0.1).count()]).collect()

    s.run(realtime=False, cycles=5)

    assert s.peek_value() == [1, 3, 5]


def test_custom_stream_without_upstreams_never_runs():
    """G68: nothing schedules it, so the historical run ends at once."""
    calls = []

    class Src(CustomStream):
        def cycle(self):
            calls.append(True)
            return True

    s = Src().collect()

    s.run(realtime=False)

    assert s.peek_value() is None
    assert calls == []


def test_stream_wraps_a_duck_typed_object():
    """G87."""

    class P:
        def __init__(self, up):
            self.up = up

        def upstreams(self):
            return [self.up]

        def cycle(self):
            return True

        def peek(self):
            return f"p{self.up.peek_value()}"

    s = Stream(P(ticker(0.1).count())).collect()

    s.run(realtime=False, cycles=2)

    assert s.peek_value() == ["p1", "p2"]


def test_custom_stream_cycle_runs_once_when_two_upstreams_tick_together():
    """G88."""
    calls = []

    class B(CustomStream):
        def cycle(self):
            calls.append([u.peek_value() for u in self.upstreams()])
            return True

    B([ticker(0.1).count(), ticker(0.1).count()]).collect().run(realtime=False, cycles=2)

    assert calls == [[1, 1], [2, 2]]
