"""Partial tables: languages whose pages the aeb dumps hold a few of (Russian, Indonesian). They list what those pages
were seen to need, not a whole language; add categories as pages of the language come in."""

from newsdesk.extract.locales.base import Locale

RU = Locale(
    code="ru",
    name="русский",
    teaser_headings=(
        "похожие статьи", "похожие записи", "похожие новости", "похожие материалы", "читайте также", "читайте еще",
        "читайте ещё", "смотрите также", "смотрите еще", "смотрите ещё", "читать также", "читать еще", "читать ещё",
        "самые популярные", "популярное", "ещё по теме", "еще по теме", "другие новости", "рекомендуем",
        "рекомендуем прочитать",
    ),
    comment_words=("комментарии", "комментарий", "комментария", "комментарие"),
    comment_prompts=("отзывы", "добавить отзыв", "добавить комментарий"),
    patterns=(("teaser_headings", r"самые популярные \w+"),),
)  # fmt: skip

ID = Locale(code="id", name="Bahasa Indonesia", ad_labels=("iklan",))
