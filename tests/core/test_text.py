"""core/text.py, table-driven: control characters removed, texts cut and shortened at their limit."""

from __future__ import annotations

import pytest

from renaksi.core import text as T


@pytest.mark.parametrize(
    "text, expected",
    [
        pytest.param("Program Penunjang", "Program Penunjang", id="plain"),
        pytest.param("", "", id="empty"),
        pytest.param("Kecamatan\x00Kaligondang", "KecamatanKaligondang", id="nul-removed"),
        pytest.param("a\x01b\x02c\x08d", "abcd", id="c0-removed"),
        pytest.param("a\x0eb\x1bc", "abc", id="shift-and-escape-removed"),
        pytest.param("\x1b[31mmerah\x1b[0m", "[31mmerah[0m", id="terminal-escape-disarmed"),
        pytest.param("a\x7fb", "ab", id="del-removed"),
        pytest.param("a\x80b\x9fc", "abc", id="c1-removed"),
        pytest.param("a\ud800b", "ab", id="lone-surrogate-removed"),
        pytest.param("a\ufffeb\uffffc", "abc", id="non-characters-removed"),
        pytest.param("a\x0bb\x0cc", "a b c", id="vertical-tab-form-feed-separate"),
        pytest.param("a\x1cb\x1fc\x85d", "a b c d", id="separators-and-nel-separate"),
        pytest.param("tab\there\nline\r\nend", "tab\there\nline\r\nend", id="tab-and-breaks-kept"),
        pytest.param("a\u00a0b\u200bc", "a\u00a0b\u200bc", id="other-spaces-kept"),
        pytest.param("Rp5.294.655.000,00 – 25%", "Rp5.294.655.000,00 – 25%", id="text-kept"),
    ],
)
def test_strip_controls(text, expected):
    assert T.strip_controls(text) == expected
    assert T.has_controls(text) == (text != expected)
    assert T.strip_controls(expected) == expected  # once is enough


@pytest.mark.parametrize(
    "text, limit, cut, shortened",
    [
        pytest.param("abc", 3, "abc", "abc", id="at-limit"),
        pytest.param("abcd", 3, "abc", "ab…", id="one-over"),
        pytest.param("ab  cd", 4, "ab", "ab…", id="trailing-space-dropped"),
        pytest.param("", 3, "", "", id="empty"),
    ],
)
def test_cut_and_shorten(text, limit, cut, shortened):
    assert T.cut(text, limit) == cut
    assert T.shorten(text, limit) == shortened
    assert len(T.cut(text, limit)) <= limit and len(T.shorten(text, limit)) <= limit


def test_the_limits():
    """The limits docs/security.md states, and the stored columns they must fit."""
    assert T.LIMITS == {
        "name": 2000,
        "indicator": 2000,
        "objective": 2000,
        "unit": 100,
        "code": 40,
        "number": 20,
        "value": 100,
        "document-unit": 200,
        "note": 5000,
    }
