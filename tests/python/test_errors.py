"""Section 6 of the core spec and the error sequence of STYLE 2.9.

A user callable that raises inside a run makes run() raise that same exception object (type,
message and traceback kept) with a PEP 678 note naming the node. Cleanup (stop, teardown,
finally callbacks) still runs, and an error raised during cleanup never replaces the first one.
"""

import math
import sys
import traceback
from fractions import Fraction

import pytest
from wingfoil import CustomStream, Graph, bimap, constant, ticker


class Boom(Exception):
    """An exception type no library code raises."""


class BadStr:
    def __str__(self):
        raise Boom("str failed")


# PEP 678 notes exist from Python 3.11; older versions log the node context instead.
needs_notes = pytest.mark.skipif(sys.version_info < (3, 11), reason="PEP 678 needs 3.11")


def _raise_boom(*args):
    raise Boom("from callable")


def _node_notes(exc):
    return [note for note in getattr(exc, "__notes__", []) if "node" in note]


def _mentions(exc, text):
    """True if ``text`` appears in a note of ``exc`` or in an exception chained to it."""
    if any(text in note for note in getattr(exc, "__notes__", [])):
        return True
    seen = set()
    linked = [exc.__context__, exc.__cause__]
    while linked:
        current = linked.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        if text in str(current):
            return True
        linked.extend([current.__context__, current.__cause__])
    return False


# The user's exception, unchanged


def test_map_division_by_zero_raises_zero_division_error():
    with pytest.raises(ZeroDivisionError, match="division by zero") as info:
        ticker(0.1).count().map(lambda x: 1 / 0).run(realtime=False, cycles=2)

    assert info.type is ZeroDivisionError


@needs_notes
def test_callable_error_carries_a_note_naming_the_node():
    with pytest.raises(ZeroDivisionError) as info:
        ticker(0.1).count().map(lambda x: 1 / 0).run(realtime=False, cycles=2)

    assert _node_notes(info.value), getattr(info.value, "__notes__", None)


def test_callable_error_traceback_contains_the_lambda_line():
    explode = lambda x: 1 / 0  # noqa: E731
    code = explode.__code__

    with pytest.raises(ZeroDivisionError) as info:
        ticker(0.1).count().map(explode).run(realtime=False, cycles=2)

    frames = traceback.extract_tb(info.value.__traceback__)
    assert any(
        f.filename == code.co_filename and f.lineno == code.co_firstlineno and f.name == "<lambda>"
        for f in frames
    ), frames


def test_callable_error_is_the_same_exception_object():
    raised = []

    def fail(x):
        error = Boom("object identity")
        raised.append(error)
        raise error

    with pytest.raises(Boom) as info:
        ticker(0.1).count().map(fail).run(realtime=False, cycles=2)

    assert raised == [info.value]
    assert info.value is raised[0]
    assert info.value.args == ("object identity",)


BUILDERS = {
    "map": lambda src: src.map(_raise_boom),
    "filter": lambda src: src.filter(_raise_boom),
    "bimap": lambda src: bimap(src, src.map(lambda v: v), _raise_boom),
    "for_each": lambda src: src.for_each(_raise_boom),
    "inspect": lambda src: src.inspect(_raise_boom),
    "finally": lambda src: getattr(src, "finally")(_raise_boom),
    "logged_str": lambda src: src.map(lambda v: BadStr()).logged("x"),
}


@pytest.mark.parametrize("operator", sorted(BUILDERS))
def test_exception_from_each_callable_propagates_unchanged(operator):
    root = BUILDERS[operator](ticker(0.1).count())

    with pytest.raises(Boom) as info:
        root.run(realtime=False, cycles=2)

    assert info.type is Boom


@needs_notes
@pytest.mark.parametrize("operator", sorted(BUILDERS))
def test_exception_from_each_callable_carries_a_node_note(operator):
    root = BUILDERS[operator](ticker(0.1).count())

    with pytest.raises(Boom) as info:
        root.run(realtime=False, cycles=2)

    assert _node_notes(info.value), getattr(info.value, "__notes__", None)


@needs_notes
def test_custom_stream_cycle_error_carries_a_node_note():
    class C(CustomStream):
        def cycle(self):
            raise Boom("in cycle")

    with pytest.raises(Boom, match="in cycle") as info:
        C([ticker(0.1).count()]).run(realtime=False, cycles=1)

    assert _node_notes(info.value), getattr(info.value, "__notes__", None)


def test_callable_error_in_realtime_mode_propagates():
    with pytest.raises(ZeroDivisionError) as info:
        ticker(0.05).count().map(lambda x: 1 / 0).run(realtime=True, cycles=2)

    assert info.type is ZeroDivisionError


def test_for_each_with_one_argument_callable_raises_type_error():
    with pytest.raises(TypeError) as info:
        ticker(0.1).count().for_each(lambda v: None).run(realtime=False, cycles=1)

    assert info.type is TypeError


# What happens around a failure


def test_failing_cycle_skips_the_rest_of_that_cycle():
    """bad (lower index) fails at the second tick, so the same-layer recorder does not run."""
    recorded = []
    counted = ticker(0.1).count()
    bad = counted.map(lambda x: 1 / 0 if x == 2 else x)
    recorder = counted.for_each(lambda v, t: recorded.append(v))

    with pytest.raises(ZeroDivisionError):
        Graph([bad, recorder]).run(realtime=False, cycles=5)

    assert recorded == [1]


def test_finally_callbacks_still_fire_after_a_failed_run():
    """Decision D3: stop runs for every node after a failure (REF skips it)."""
    first, second = [], []
    counted = ticker(0.1).count()
    final = getattr(counted, "finally")(lambda v: first.append(v))
    bad = counted.map(lambda x: 1 / 0 if x == 2 else x)
    other = getattr(ticker(0.3).count(), "finally")(lambda v: second.append(v))

    with pytest.raises(ZeroDivisionError):
        Graph([final, bad, other]).run(realtime=False, cycles=5)

    assert first == [2]
    assert second == [1]


def test_fresh_graph_runs_normally_after_a_failed_run():
    with pytest.raises(ZeroDivisionError):
        ticker(0.1).count().map(lambda x: 1 / 0).run(realtime=False, cycles=2)
    s = ticker(0.1).count().collect()

    s.run(realtime=False, cycles=3)

    assert s.peek_value() == [1, 2, 3]


def test_cleanup_error_does_not_replace_the_original_error():
    cleanup_calls = []

    def failing_cleanup(v):
        cleanup_calls.append(v)
        raise RuntimeError("cleanup failed")

    counted = ticker(0.1).count()
    final = getattr(counted, "finally")(failing_cleanup)
    bad = counted.map(lambda x: _raise_boom() if x == 2 else x)

    with pytest.raises(Boom, match="from callable") as info:
        Graph([final, bad]).run(realtime=False, cycles=5)

    assert cleanup_calls == [2]
    assert _mentions(info.value, "cleanup failed")


def test_finally_error_in_a_successful_run_is_raised():
    def failing_cleanup(v):
        raise RuntimeError("cleanup failed")

    final = getattr(ticker(0.1).count(), "finally")(failing_cleanup)

    with pytest.raises(RuntimeError, match="cleanup failed") as info:
        final.run(realtime=False, cycles=2)

    assert info.type is RuntimeError


# Argument errors at the call site


@pytest.mark.parametrize("value", [-1.0, math.nan, math.inf])
def test_ticker_rejects_negative_nan_or_infinite_period(value):
    with pytest.raises(ValueError) as info:
        ticker(value)

    assert info.type is ValueError


def test_ticker_rejects_string_period():
    with pytest.raises(TypeError) as info:
        ticker("a")

    assert info.type is TypeError


@pytest.mark.parametrize("value", [-0.5, math.nan])
def test_delay_rejects_negative_or_nan(value):
    source = ticker(0.1).count()

    with pytest.raises(ValueError) as info:
        source.delay(value)

    assert info.type is ValueError


def test_limit_rejects_negative_count():
    source = ticker(0.1).count()

    with pytest.raises(OverflowError) as info:
        source.limit(-1)

    assert info.type is OverflowError


def test_buffer_rejects_negative_capacity():
    source = ticker(0.1).count()

    with pytest.raises(OverflowError) as info:
        source.buffer(-1)

    assert info.type is OverflowError


def test_logged_rejects_non_string_label():
    source = ticker(0.1).count()

    with pytest.raises(TypeError) as info:
        source.logged(42)

    assert info.type is TypeError


def test_bimap_rejects_non_stream_first_input():
    with pytest.raises(TypeError) as info:
        bimap(42, constant(1), lambda a, b: a)

    assert info.type is TypeError


def test_bimap_rejects_non_stream_second_input():
    with pytest.raises(TypeError) as info:
        bimap(constant(1), "x", lambda a, b: a)

    assert info.type is TypeError


def test_sample_rejects_none_trigger():
    source = constant(1)

    with pytest.raises(TypeError) as info:
        source.sample(None)

    assert info.type is TypeError


# Bad values met during a run


def test_filter_returning_none_raises_type_error():
    with pytest.raises(TypeError) as info:
        ticker(0.1).count().filter(lambda x: None).run(realtime=False, cycles=1)

    assert info.type is TypeError


def test_filter_accepts_numpy_bool():
    numpy = pytest.importorskip("numpy")
    s = ticker(0.1).count().filter(lambda x: numpy.bool_(x > 1)).collect()

    s.run(realtime=False, cycles=3)

    assert s.peek_value() == [2, 3]


def test_average_of_strings_raises_type_error():
    with pytest.raises(TypeError) as info:
        constant("a").average().run(realtime=False, cycles=1)

    assert info.type is TypeError


def test_sum_of_none_raises_type_error():
    with pytest.raises(TypeError) as info:
        ticker(0.1).count().map(lambda x: None).sum().run(realtime=False, cycles=1)

    assert info.type is TypeError


def test_sum_accepts_objects_convertible_to_float():
    s = ticker(0.1).count().map(lambda x: Fraction(x, 2)).sum().collect()

    s.run(realtime=False, cycles=2)

    assert s.peek_value() == [0.5, 1.5]


def test_difference_of_strings_raises_type_error():
    s = ticker(0.1).count().map(lambda x: "a" * x).difference()

    with pytest.raises(TypeError) as info:
        s.run(realtime=False, cycles=2)

    assert info.type is TypeError


def test_not_of_string_raises_type_error():
    with pytest.raises(TypeError) as info:
        getattr(constant("a"), "not")().run(realtime=False, cycles=1)

    assert info.type is TypeError
