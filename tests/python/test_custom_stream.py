"""Section 5.4 of the core spec: Stream(inner) and CustomStream."""

import pytest
from wingfoil import CustomStream, Stream, ticker
from wingfoil.stream import CustomStream as CustomStreamFromSubmodule


class Doubler(CustomStream):
    def cycle(self):
        self.set_value(self.upstreams()[0].peek_value() * 2)
        return True


class Holder:
    """A duck-typed inner object whose value can be changed from outside a run."""

    def __init__(self, value, ups=()):
        self.value = value
        self.ups = list(ups)

    def upstreams(self):
        return self.ups

    def cycle(self):
        return True

    def peek(self):
        return self.value


def test_custom_stream_is_exported_from_the_stream_submodule():
    assert CustomStream is CustomStreamFromSubmodule


def test_custom_stream_subclass_construction_returns_a_stream():
    s = Doubler([ticker(0.1).count()])

    assert isinstance(s, Stream)


def test_stream_wrapping_an_object_is_a_stream():
    assert isinstance(Stream(Holder(1)), Stream)


def test_custom_stream_init_runs_exactly_once():
    inits = []

    class Counted(CustomStream):
        def __init__(self, upstreams=None):
            super().__init__(upstreams)
            inits.append(True)

        def cycle(self):
            return True

    Counted([ticker(0.1).count()])

    assert len(inits) == 1


def test_custom_stream_construction_prints_nothing(capsys):
    Doubler([ticker(0.1).count()])

    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == ""


def test_custom_stream_subscripted_generic_can_be_subclassed():
    class IntDoubler(CustomStream[int]):
        def cycle(self):
            self.set_value(self.upstreams()[0].peek_value() * 2)
            return True

    s = IntDoubler([ticker(0.1).count()]).collect()

    s.run(realtime=False, cycles=2)

    assert s.peek_value() == [2, 4]


def test_custom_stream_default_cycle_raises():
    class NoCycle(CustomStream):
        pass

    s = NoCycle([ticker(0.1).count()])

    with pytest.raises(Exception, match="cycle must be implemented in derived class") as info:
        s.run(realtime=False, cycles=1)

    assert info.type is Exception


def test_custom_stream_init_stores_value_none_and_upstreams_as_list():
    seen = []
    a = ticker(0.1).count()
    b = ticker(0.2).count()

    class Probe(CustomStream):
        def __init__(self, upstreams=None):
            super().__init__(upstreams)
            seen.append((self.peek(), self._value, self.upstreams()))

        def cycle(self):
            return True

    Probe((a, b))
    Probe(None)
    Probe([])

    peeked, stored, ups = seen[0]
    assert peeked is None
    assert stored is None
    assert type(ups) is list
    assert len(ups) == 2 and ups[0] is a and ups[1] is b
    assert seen[1][2] == []
    assert seen[2][2] == []


def test_custom_stream_set_value_is_what_peek_returns():
    seen = []

    class Setter(CustomStream):
        def cycle(self):
            self.set_value(("set", self.upstreams()[0].peek_value()))
            seen.append(self.peek())
            return True

    s = Setter([ticker(0.1).count()])

    s.run(realtime=False, cycles=2)

    assert seen == [("set", 1), ("set", 2)]
    assert s.peek_value() == ("set", 2)


def test_custom_stream_peek_value_is_none_before_a_run():
    assert Doubler([ticker(0.1).count()]).peek_value() is None


def test_stream_peek_value_delegates_to_inner_peek_at_every_read():
    holder = Holder("first")
    s = Stream(holder)

    before = s.peek_value()
    holder.value = "second"

    assert before == "first"
    assert s.peek_value() == "second"


def test_downstream_reads_inner_peek_when_it_runs():
    holder = Holder(0)
    trigger = ticker(0.1).count()
    sampled = Stream(holder).sample(trigger).collect()

    sampled.run(realtime=False, cycles=1)
    holder.value = 5
    sampled.run(realtime=False, cycles=1)

    assert sampled.peek_value() == [0, 5]


def test_custom_stream_upstreams_is_called_at_every_run():
    calls = []

    class Tracking(CustomStream):
        def upstreams(self):
            calls.append(True)
            return self._upstreams

        def cycle(self):
            return True

    s = Tracking([ticker(0.1).count()])

    s.run(realtime=False, cycles=1)
    after_first = len(calls)
    s.run(realtime=False, cycles=1)

    assert after_first >= 1
    assert len(calls) > after_first


def test_custom_stream_duplicate_upstream_counts_once():
    calls = []
    a = ticker(0.1).count()

    class Pair(CustomStream):
        def cycle(self):
            calls.append([u.peek_value() for u in self.upstreams()])
            return True

    Pair([a, a]).run(realtime=False, cycles=2)

    assert calls == [[1, 1], [2, 2]]


def test_custom_stream_every_upstream_is_active():
    calls = []
    fast = ticker(0.1).count()
    slow = ticker(0.25).count()

    class Both(CustomStream):
        def cycle(self):
            calls.append(tuple(u.peek_value() for u in self.upstreams()))
            return True

    Both([slow, fast]).run(realtime=False, cycles=4)

    assert calls == [(1, 1), (1, 2), (1, 3), (2, 3)]


def test_custom_stream_non_stream_upstream_raises_type_error():
    class Bad(CustomStream):
        def cycle(self):
            return True

    s = Bad([42])

    with pytest.raises(TypeError) as info:
        s.run(realtime=False, cycles=1)

    assert info.type is TypeError


def test_custom_stream_cycle_returning_none_raises_type_error():
    class NoReturn(CustomStream):
        def cycle(self):
            self.set_value(1)

    s = NoReturn([ticker(0.1).count()])

    with pytest.raises(TypeError) as info:
        s.run(realtime=False, cycles=1)

    assert info.type is TypeError


def test_custom_stream_feeds_ordinary_operators():
    s = Doubler([ticker(0.1).count()]).map(lambda v: v + 1).collect()

    s.run(realtime=False, cycles=3)

    assert s.peek_value() == [3, 5, 7]


def test_custom_stream_value_persists_across_runs():
    class Summing(CustomStream):
        def cycle(self):
            self.set_value((self.peek() or 0) + self.upstreams()[0].peek_value())
            return True

    s = Summing([ticker(0.1).count()])

    s.run(realtime=False, cycles=2)
    s.run(realtime=False, cycles=1)

    assert s.peek_value() == 6
