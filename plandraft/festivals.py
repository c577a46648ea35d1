"""Festival dates of a given year, computed (lunar festivals move by up to a month between
years: 中秋 is 2024-09-17, 2025-10-06, 2026-09-25), shared by drafting and evaluation.

Lunar dates and solar terms come from lunar-python; fixed dates are the statutory and
professional days union plans are built around.
"""
from __future__ import annotations

import datetime as dt
from functools import lru_cache

from lunar_python import Lunar

# name -> (lunar month, lunar day); 腊八 and 除夕 belong to the lunar year before 春节.
_LUNAR = {"春节": (1, 1), "元宵": (1, 15), "端午": (5, 5), "七夕": (7, 7), "中秋": (8, 15),
          "重阳": (9, 9)}
_LUNAR_PREVIOUS = {"腊八": (12, 8)}
_SOLAR_TERMS = {"清明": "清明", "冬至": "冬至"}
# name -> (month, day), the same every year.
_FIXED = {"元旦": (1, 1), "三八": (3, 8), "妇女节": (3, 8), "植树节": (3, 12), "五一": (5, 1),
          "劳动节": (5, 1), "五四": (5, 4), "青年节": (5, 4), "护士节": (5, 12), "六一": (6, 1),
          "儿童节": (6, 1), "七一": (7, 1), "建党节": (7, 1), "八一": (8, 1), "建军节": (8, 1),
          "医师节": (8, 19), "教师节": (9, 10), "国庆": (10, 1)}
# How many days into its month a festival may fall and still be prepared in the month before:
# 国庆 (1 Oct) in September, 端午 on 9 June in June, not May. 春节's 送温暖 fills the weeks
# before it (drafting/schedule.py places 春节前 work a month early up to the 15th).
EARLY_DAYS = 7
_EARLY_DAYS = {"春节": 15}
# Sundays: (month, which Sunday).
_SUNDAYS = {"母亲节": (5, 2), "父亲节": (6, 3)}

_EVE = "除夕"  # the day before 春节

NAMES = tuple(_LUNAR) + tuple(_LUNAR_PREVIOUS) + (_EVE,) + tuple(_SOLAR_TERMS) + tuple(_FIXED) \
    + tuple(_SUNDAYS)
LUNAR_NAMES = tuple(_LUNAR) + tuple(_LUNAR_PREVIOUS) + (_EVE,)  # the ones that move between months


@lru_cache(maxsize=2048)
def date(name: str, year: int) -> dt.date:
    """The day the festival falls on in this (Gregorian) year."""
    if name in _FIXED:
        return dt.date(year, *_FIXED[name])
    if name in _LUNAR:
        return _solar(Lunar.fromYmd(year, *_LUNAR[name]))
    if name in _LUNAR_PREVIOUS:
        return _solar(Lunar.fromYmd(year - 1, *_LUNAR_PREVIOUS[name]))
    if name == _EVE:
        return date("春节", year) - dt.timedelta(days=1)
    if name in _SOLAR_TERMS:
        return _solar_term(year, _SOLAR_TERMS[name])
    if name in _SUNDAYS:
        month, nth = _SUNDAYS[name]
        first = dt.date(year, month, 1)
        return first + dt.timedelta(days=(6 - first.weekday()) % 7 + 7 * (nth - 1))
    raise KeyError(name)


def month(name: str, year: int) -> int:
    return date(name, year).month


def _solar(lunar: Lunar) -> dt.date:
    s = lunar.getSolar()
    return dt.date(s.getYear(), s.getMonth(), s.getDay())


def _solar_term(year: int, term: str) -> dt.date:
    # A lunar year's table runs from the previous winter: take the occurrence in `year`.
    days = (_solar(Lunar.fromYmd(y, 6, 1).getJieQiTable()[term].getLunar())
            for y in (year, year + 1))
    return next(d for d in days if d.year == year)


def fits(name: str, year: int, month_: int, lead: int = 1) -> bool:
    """May a plan of `year` mention this festival in `month_`? Its own month, or up to `lead`
    months before it when it falls early in its month (九月筹备国庆; 中秋 on 15 September is
    prepared in September). The next or previous year's occurrence counts too (十二月
    prepares next year's 元旦 and 春节)."""
    for y in (year - 1, year, year + 1):
        d = date(name, y)
        ahead = (d.year - year) * 12 + d.month - month_
        if ahead == 0 or (0 < ahead <= lead and d.day <= _EARLY_DAYS.get(name, EARLY_DAYS)):
            return True
    return False
