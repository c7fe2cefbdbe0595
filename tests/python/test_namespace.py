"""Section 1 of the core spec: the public names of the wingfoil package."""

import pytest
import wingfoil
import wingfoil.pandas_helpers
import wingfoil.stream
from wingfoil import Node, Stream, constant, ticker

STREAM_METHODS = [
    "average",
    "buffer",
    "collect",
    "count",
    "dataframe",
    "delay",
    "difference",
    "distinct",
    "filter",
    "finally",
    "for_each",
    "inspect",
    "limit",
    "logged",
    "map",
    "not",
    "peek_value",
    "run",
    "sample",
    "sum",
    "with_time",
]


@pytest.mark.parametrize(
    "name",
    [
        "ticker",
        "constant",
        "bimap",
        "Graph",
        "Node",
        "Stream",
        "CustomStream",
        "to_dataframe",
        "build_dataframe",
    ],
)
def test_module_provides_core_name(name):
    assert callable(getattr(wingfoil, name))


def test_version_is_4_0_1():
    assert wingfoil.__version__ == "4.0.1"


def test_all_contains_custom_stream():
    """REF leaves CustomStream out of __all__; ours lists it."""
    assert "CustomStream" in wingfoil.__all__


def test_every_name_in_all_exists():
    missing = [name for name in wingfoil.__all__ if not hasattr(wingfoil, name)]

    assert missing == []


def test_star_import_provides_custom_stream_and_sources():
    namespace = {}

    exec("from wingfoil import *", namespace)

    for name in ["CustomStream", "ticker", "constant", "bimap"]:
        assert name in namespace


def test_custom_stream_is_defined_in_the_stream_submodule():
    assert wingfoil.CustomStream is wingfoil.stream.CustomStream


def test_pandas_helpers_are_defined_in_their_submodule():
    assert wingfoil.to_dataframe is wingfoil.pandas_helpers.to_dataframe
    assert wingfoil.build_dataframe is wingfoil.pandas_helpers.build_dataframe


@pytest.mark.parametrize("method", STREAM_METHODS)
def test_stream_has_core_method(method):
    assert callable(getattr(Stream, method))


def test_keyword_named_methods_are_spelled_exactly_finally_and_not():
    s = constant(1)

    assert "finally" in dir(Stream)
    assert "not" in dir(Stream)
    assert callable(getattr(s, "finally"))
    assert callable(getattr(s, "not"))


@pytest.mark.parametrize("method", ["count", "run"])
def test_node_has_core_method(method):
    assert callable(getattr(Node, method))


def test_node_cannot_be_constructed_from_python():
    with pytest.raises(TypeError):
        Node()


def test_ticker_for_each_and_finally_return_nodes():
    s = ticker(0.1).count()

    assert isinstance(ticker(0.1), Node)
    assert isinstance(s.for_each(lambda v, t: None), Node)
    assert isinstance(getattr(s, "finally")(lambda v: None), Node)
    assert not isinstance(ticker(0.1), Stream)


def test_operators_return_streams():
    s = ticker(0.1).count()

    assert isinstance(s, Stream)
    assert isinstance(constant(1), Stream)
    assert isinstance(s.map(lambda v: v), Stream)
    assert isinstance(wingfoil.bimap(s, s, lambda a, b: a), Stream)
    assert isinstance(getattr(s, "not")(), Stream)


def test_stream_can_be_subclassed():
    class MyStream(Stream):
        pass

    assert issubclass(MyStream, Stream)


def test_import_does_not_import_pandas(run_python):
    result = run_python(
        """
        import sys
        import wingfoil
        print("pandas" in sys.modules)
        """
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout == "False\n"


def test_import_adds_no_root_logging_handlers(run_python):
    result = run_python(
        """
        import logging
        root = logging.getLogger()
        handlers, level = list(root.handlers), root.level
        import wingfoil
        print(root.handlers == handlers, root.level == level)
        """
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout == "True True\n"
