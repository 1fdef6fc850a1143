"""Clean the HTML that archive exports leave in article text: tags, comments and character references."""

from __future__ import annotations

import html
import re

# A tag's attributes: name="value" pairs only (a bare word after a tag name is text: <s then y>), on one line.
_ATTRIBUTES = r"""(?:\s+[A-Za-z][\w:-]*\s*=\s*(?:"[^"\n]*"|'[^'\n]*'|[^\s<>"']+))*[ \t]*/?>"""
# Block tags: a paragraph or cell boundary, a line break when it stands between two pieces of text on a line.
_BLOCK_TAG = re.compile(
    r"</?(?:p|div|center|blockquote|table|thead|tbody|tfoot|tr|td|th|caption|ul|ol|li|dl|dt|dd|h[1-6]|pre|section|"
    r"article|header|footer|figure|figcaption|body|html)" + _ATTRIBUTES, re.IGNORECASE)
# Inline tags: dropped, their text kept (an image's alt text is not the article's).
_INLINE_TAG = re.compile(
    r"</?(?:span|font|b|strong|i|em|u|s|strike|del|ins|mark|small|big|tt|code|sup|sub|a|abbr|cite|q|nobr|wbr|img)"
    + _ATTRIBUTES, re.IGNORECASE)
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_BR_TAG = re.compile(r"<\s*br\s*/?\s*>", re.IGNORECASE)
_CHARACTER_REFERENCE = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def without_html_tags(text: str) -> str:
    """The text without HTML comments and paragraph, table and inline tags (<p>, </div>, <td>, <b>, <font …>,
    <img …>); a <br> is a line break, and so is a block tag between two pieces of text on one line. <hr /> stays:
    the parser reads it."""
    if "<" not in text:
        return text
    text = _BR_TAG.sub("\n", _COMMENT.sub("", text))

    def block_break(match: re.Match) -> str:
        before, after = text[match.start() - 1:match.start()], text[match.end():match.end() + 1]
        return "\n" if before not in ("", "\n") and after not in ("", "\n") else ""

    return _INLINE_TAG.sub("", _BLOCK_TAG.sub(block_break, text))


def unescaped(text: str) -> str:
    """HTML character references written with their semicolon (&amp; &nbsp; &#8212;) as the characters they stand
    for; a bare & (AT&T, R&D) and names HTML does not know stay as written."""
    return _CHARACTER_REFERENCE.sub(lambda match: html.unescape(match.group()), text) if "&" in text else text
