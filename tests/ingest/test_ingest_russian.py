"""Russian page furniture and Russian publication-date lines."""

import pytest

from silkgraph.ingest import find_publication_date
from silkgraph.ingest.text import clean_text

BODY = "Первый абзац о переговорах в Астане.\n\nПоследний абзац о торговле и транспорте."


@pytest.mark.parametrize(
    "line",
    [
        "Читайте также: Узбекистан строит аэропорт",
        "Читайте также",
        "Подписывайтесь на наш канал в Telegram",
        "Подписывайтесь на наши каналы",
        "Подпишитесь на рассылку новостей",
        "Фото: пресс-служба президента",
        "Фото и видео: агентство",
        "Источник: министерство энергетики",
        "Поделиться",
        "Поделиться в соцсетях",
        "Нашли ошибку? Выделите текст и нажмите Ctrl+Enter",
        "Теги: Казахстан, Китай, транспорт",
        "Читайте нас в Telegram",
        "ВКонтакте | Одноклассники | Телеграм",
        "По теме",
        "Автор: Иван Петров",
        "Иллюстративное фото",
        "Ошибка в тексте? Выделите её и нажмите Ctrl+Enter",
    ],
)
def test_russian_furniture_lines_are_dropped(line):
    text = BODY.replace("\n\n", f"\n\n{line}\n\n")
    assert clean_text(text, language="ru") == BODY


@pytest.mark.parametrize(
    "line",
    [
        "Фото делегаций опубликовали в воскресенье на сайте министерства.",
        "Источник в правительстве сообщил о новых переговорах по транзиту.",
        "Поделиться опытом приехали эксперты из пяти стран региона.",
    ],
)
def test_sentences_that_begin_like_furniture_stay(line):
    text = f"{BODY}\n\n{line}"
    assert clean_text(text, language="ru") == text


@pytest.mark.parametrize(
    "lead, expected",
    [
        ("17:58 27.10.2025", "2025-10-27"),
        ("17:58, 27 октября 2025", "2025-10-27"),
        ("27 октября 2025 г., 17:58", "2025-10-27"),
        ("Опубликовано: 3 марта 2024", "2024-03-03"),
        ("вторник, 4 марта 2025, 09:15", "2025-03-04"),
    ],
)
def test_russian_date_lines(lead, expected):
    published, text = find_publication_date(f"{lead}\n\nТекст статьи.")
    assert (published, text) == (expected, "Текст статьи.")


@pytest.mark.parametrize(
    "lead", ["15 февраля, 04:39", "04:39, 15 февраля", "15 февраля в 04:39", "Сегодня, 12:30", "вчера в 18:05"]
)
def test_date_line_without_year_is_removed_but_gives_no_date(lead):
    assert find_publication_date(f"{lead}\n\nТекст статьи.") == (None, "Текст статьи.")


def test_yearless_line_does_not_hide_a_later_full_date():
    assert find_publication_date("15 февраля, 04:39\n27.10.2025\n\nТекст.") == ("2025-10-27", "Текст.")


def test_day_and_month_opening_a_sentence_stay():
    text = "15 февраля в Астане прошла встреча министров.\n\nТекст."
    assert find_publication_date(text) == (None, text)


def test_a_sentence_that_begins_with_today_stays():
    text = "Сегодня в Китае прошли переговоры министров.\n\nТекст."
    assert find_publication_date(text) == (None, text)
