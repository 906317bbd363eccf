"""The transmittal memo (报送函) and the 版记, shared by every report format."""

from __future__ import annotations

from reportgen.compose import blocks as b
from reportgen.compose.wording import arabic_date, chinese_date
from reportgen.layout import Profile
from reportgen.models.common import Issuance, Memo


def memo_blocks(memo: Memo, agency: str, profile: Profile) -> list[b.Block]:
    """主送机关, 正文, then the date (1999: alone, 右空四字; 2012: under the 署名)."""
    date_text = chinese_date(memo.date) if profile.chinese_date else arabic_date(memo.date)
    out: list[b.Block] = [b.Addressee(memo.addressee.rstrip().rstrip(":：") + "：")]
    out += [b.Paragraph(text) for text in memo.body]
    out.append(b.Spacer(profile.lines_before_date))
    if profile.signature_shown:
        out.append(b.SignatureLine(memo.signature or agency, date_text))
    out.append(b.DateLine(date_text))
    return out


def version_block(
    memo: Memo | None, issuance: Issuance | None, profile: Profile
) -> b.VersionBlock | None:
    """The 版记: subject words (1999) and/or the issuance line; None if neither is given."""
    words = tuple(memo.subject_words) if memo is not None and profile.subject_words_shown else ()
    if issuance is None and not words:
        return None
    return b.VersionBlock(
        subject_words=words,
        issuer=issuance.issuer if issuance is not None else None,
        issued=arabic_date(issuance.date) + "印发" if issuance is not None else None,
    )


def front_matter(
    memo: Memo | None, issuance: Issuance | None, agency: str, profile: Profile
) -> tuple[list[b.Block], b.VersionBlock | None]:
    """The memo's blocks (ending with the break before the report) and the 版记 still to
    place at the end, if the profile puts it there (the seed's order puts it after the memo)."""
    version = version_block(memo, issuance, profile)
    blocks: list[b.Block] = []
    if memo is not None:
        blocks += memo_blocks(memo, agency, profile)
        if version is not None and profile.version_block_position == "after-memo":
            blocks.append(version)
            version = None
        blocks.append(b.PageBreak())
    return blocks, version
