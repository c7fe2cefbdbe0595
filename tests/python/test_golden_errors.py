"""Golden rows G69-G86 of the core spec: errors.

Each test asserts the "Ours" column: an ordinary exception of the exact type, with the REF message
text where the spec gives one (decision D2). Rows prefixed in the spec with
``s = ticker(0.1).count()`` use the ``counts`` helper.
"""

import re
from datetime import datetime

import pytest
from wingfoil import CustomStream, Graph, constant, ticker


def counts():
    return ticker(0.1).count()


def test_run_rejects_negative_duration():
    """G69."""
    with pytest.raises(ValueError, match="duration can not be negative") as info:
        counts().run(realtime=False, duration=-1.0)

    assert info.type is ValueError


def test_run_rejects_string_start():
    """G70."""
    with pytest.raises(TypeError, match="failed to convert to NanoTime") as info:
        counts().run(realtime=False, start="x", cycles=1)

    assert info.type is TypeError


def test_run_rejects_naive_datetime_start():
    """G71."""
    with pytest.raises(ValueError, match="failed to convert to NanoTime") as info:
        counts().run(realtime=False, start=datetime(2024, 1, 1), cycles=1)

    assert info.type is ValueError


def test_run_rejects_negative_start():
    """G72."""
    with pytest.raises(ValueError, match="Negative timestamps not supported") as info:
        counts().run(realtime=False, start=-1.0, cycles=1)

    assert info.type is ValueError


def test_run_rejects_string_duration():
    """G86."""
    with pytest.raises(TypeError, match="failed to convert duration") as info:
        counts().run(realtime=False, duration="x")

    assert info.type is TypeError


def test_run_rejects_duration_and_cycles_together():
    """G73: REF panics (1.0.0 aborts the process); ours raises ValueError."""
    with pytest.raises(ValueError, match="Cannot specify both duration and cycles") as info:
        counts().run(realtime=False, duration=1.0, cycles=2)

    assert info.type is ValueError


def test_run_rejects_start_in_realtime_mode():
    """G74."""
    with pytest.raises(ValueError, match="Cannot specify start in realtime mode") as info:
        counts().run(realtime=True, start=0.0, cycles=2)

    assert info.type is ValueError


def test_run_requires_realtime_argument():
    """G75: 4.0.1 made realtime a required argument."""
    message = re.escape("run() missing 1 required positional argument: 'realtime'")

    with pytest.raises(TypeError, match=message) as info:
        counts().run(cycles=1)

    assert info.type is TypeError


def test_run_rejects_negative_cycles_with_overflow_error():
    """G76."""
    message = "out of range integral type conversion attempted"

    with pytest.raises(OverflowError, match=message) as info:
        counts().run(realtime=False, cycles=-1)

    assert info.type is OverflowError


def test_run_rejects_int_realtime():
    """G77."""
    with pytest.raises(TypeError, match="'int' object cannot be cast as 'bool'") as info:
        counts().run(realtime=1, cycles=1)

    assert info.type is TypeError


def test_map_exception_propagates_unchanged():
    """G78: REF panics (1.0.0 aborts); ours raises the user's ZeroDivisionError."""
    with pytest.raises(ZeroDivisionError) as info:
        counts().map(lambda x: 1 / 0).run(realtime=False, cycles=2)

    assert info.type is ZeroDivisionError


def test_filter_non_bool_result_raises_type_error():
    """G79."""
    with pytest.raises(TypeError) as info:
        counts().filter(lambda x: 1).run(realtime=False, cycles=2)

    assert info.type is TypeError


def test_sample_with_non_stream_trigger_raises_at_call():
    """G80."""
    source = constant(1)

    with pytest.raises(TypeError) as info:
        source.sample("x")

    assert info.type is TypeError


def test_delay_of_unhashable_values_runs_normally():
    """G81: REF hashes delayed values and panics on lists; ours needs no hashing."""
    result = counts().map(lambda x: [x]).delay(0.1).run(realtime=False, cycles=2)

    assert result is None


def test_delay_of_unhashable_values_emits_them():
    """G81 (value check): the list from the first tick is emitted 0.1 s later."""
    s = counts().map(lambda x: [x]).delay(0.1).collect()

    s.run(realtime=False, cycles=2)

    assert s.peek_value() == [[1]]


def test_sum_of_strings_raises_type_error():
    """G82."""
    with pytest.raises(TypeError) as info:
        constant("a").sum().run(realtime=False, cycles=1)

    assert info.type is TypeError


def test_custom_stream_cycle_exception_propagates_unchanged():
    """G83: ours re-raises the original ValueError('boom')."""

    class C(CustomStream):
        def cycle(self):
            raise ValueError("boom")

    with pytest.raises(ValueError, match="^boom") as info:
        C([ticker(0.1).count()]).run(realtime=False, cycles=1)

    assert info.type is ValueError
    assert str(info.value) == "boom"


def test_custom_stream_cycle_non_bool_result_raises_type_error():
    """G84."""

    class C(CustomStream):
        def cycle(self):
            return 1

    with pytest.raises(TypeError) as info:
        C([ticker(0.1).count()]).run(realtime=False, cycles=1)

    assert info.type is TypeError


def test_graph_rejects_non_stream_component():
    """G85."""
    with pytest.raises(TypeError, match="Graph components must be Stream or Node") as info:
        Graph([42])

    assert info.type is TypeError
