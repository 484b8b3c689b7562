"""Plazos en días hábiles del Perú: lunes a viernes, sin feriados nacionales ni días no laborables.

Los feriados salen de la biblioteca `holidays` (país PE, mantenida y al día con las leyes de
feriados); los días no laborables que el Ejecutivo decreta cada año (no son feriados de ley) se
añaden en el perfil de la instancia, `dias_no_laborables: [2026-07-27, …]`, o en la llamada.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import lru_cache

import holidays


@lru_cache(maxsize=64)
def _feriados(anio: int) -> dict[dt.date, str]:
    return dict(holidays.country_holidays("PE", years=anio, language="es"))


class Calendario:
    """Días hábiles con los feriados del Perú y los días no laborables propios."""

    def __init__(self, no_laborables: Iterable[dt.date] = ()) -> None:
        self.no_laborables = frozenset(no_laborables)

    def feriado(self, fecha: dt.date) -> str | None:
        """Nombre del feriado o día no laborable, o None."""
        if fecha in self.no_laborables:
            return "día no laborable (decretado)"
        return _feriados(fecha.year).get(fecha)

    def es_habil(self, fecha: dt.date) -> bool:
        return fecha.weekday() < 5 and self.feriado(fecha) is None

    def sumar(self, desde: dt.date, dias: int) -> dt.date:
        """El día hábil número `dias` contado desde el día siguiente a `desde`."""
        fecha, contados = desde, 0
        while contados < dias:
            fecha += dt.timedelta(days=1)
            contados += self.es_habil(fecha)
        return fecha

    def ultimo_habil_del_mes(self, anio: int, mes: int) -> dt.date:
        siguiente = dt.date(anio + (mes == 12), mes % 12 + 1, 1)
        fecha = siguiente - dt.timedelta(days=1)
        while not self.es_habil(fecha):
            fecha -= dt.timedelta(days=1)
        return fecha

    def feriados_entre(self, inicio: dt.date, fin: dt.date) -> list[tuple[dt.date, str]]:
        """Feriados y días no laborables (de lunes a viernes) entre dos fechas, para mostrarlos."""
        dias = []
        fecha = inicio
        while fecha <= fin:
            nombre = self.feriado(fecha)
            if nombre and fecha.weekday() < 5:
                dias.append((fecha, nombre))
            fecha += dt.timedelta(days=1)
        return dias


def limite_plan_anual(anio_del_plan: int, calendario: Calendario | None = None) -> dt.date:
    """Lineamientos §7.3.3.1.4: el plan anual se aprueba hasta el último día hábil de noviembre
    del año anterior a su periodo."""
    return (calendario or Calendario()).ultimo_habil_del_mes(anio_del_plan - 1, 11)


def calendario_de(perfil: dict) -> Calendario:
    """El calendario de una instancia: feriados del Perú y sus `dias_no_laborables`."""
    return Calendario(perfil.get("dias_no_laborables") or ())
