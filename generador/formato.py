"""Formato en español jurídico peruano: fechas en letras (Babel) y números en letras (num2words).

Se registran como filtros de Jinja en `renderizado.py`.
"""

from __future__ import annotations

import datetime as dt
import functools
from decimal import Decimal

from babel.dates import format_date
from babel.numbers import format_decimal
from num2words import num2words

from .pendientes import Pendiente

LOCALE = "es_PE"


def fecha_larga(fecha: dt.date) -> str:
    """2026-11-23 → «23 de noviembre de 2026»."""
    return format_date(fecha, "d 'de' MMMM 'de' y", locale=LOCALE)


def fecha_corta(fecha: dt.date) -> str:
    return fecha.strftime("%d/%m/%Y")


def hora(valor: dt.time) -> str:
    """09:30 → «09:30 horas»."""
    return f"{valor:%H:%M} horas"


def fecha_en_letras(fecha: dt.date) -> str:
    """2026-04-20 → «veinte de abril de dos mil veintiséis» (actas: fechas en letras)."""
    dia = "primero" if fecha.day == 1 else letras(fecha.day)
    return f"{dia} de {format_date(fecha, 'MMMM', locale=LOCALE)} de {letras(fecha.year)}"


def _cardinal_femenino(numero: int) -> str:
    """1 → «una», 21 → «veintiuna»: concuerda con «hora»."""
    texto = letras(numero)
    return texto[:-3] + "una" if texto.endswith("uno") else texto


def hora_en_letras(valor: dt.time) -> str:
    """10:00 → «las diez horas»; 10:30 → «las diez horas con treinta minutos»; 13:05 → «las trece
    horas con cinco minutos»; 01:00 → «la una hora»."""
    horas = _cardinal_femenino(valor.hour)
    texto = f"{'la' if valor.hour == 1 else 'las'} {horas} {'hora' if valor.hour == 1 else 'horas'}"
    if valor.minute:
        minutos = letras(valor.minute)
        minutos = minutos[:-3] + "ún" if minutos.endswith("uno") and valor.minute > 1 else minutos
        minutos = "un" if valor.minute == 1 else minutos
        texto += f" con {minutos} {'minuto' if valor.minute == 1 else 'minutos'}"
    return texto


def letras(numero: int) -> str:
    """3 → «tres»."""
    return num2words(int(numero), lang="es")


def en_letras(numero: int) -> str:
    """3 → «tres (3)», como se escribe en un texto normativo."""
    return f"{letras(numero)} ({int(numero)})"


def ordinal(numero: int, genero: str = "m") -> str:
    """11 → «décimo primero» (num2words escribe «décimoprimero»); genero="f" → «décima primera»."""
    texto = num2words(int(numero), lang="es", to="ordinal")
    for decena in ("décimo", "vigésimo", "trigésimo"):
        if texto.startswith(decena) and texto != decena and texto[len(decena)] != " ":
            texto = f"{decena} {texto[len(decena) :]}"
    if genero == "f":
        texto = " ".join(p[:-1] + "a" if p.endswith("o") else p for p in texto.split())
    return texto


def mayuscula_inicial(texto: str) -> str:
    """«el Informe N° 4» → «El Informe N° 4» (sin tocar el resto, a diferencia de capitalize)."""
    return texto[:1].upper() + texto[1:]


def romano(numero: int) -> str:
    valores = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ]
    numero, texto = int(numero), ""
    for valor, simbolo in valores:
        while numero >= valor:
            texto, numero = texto + simbolo, numero - valor
    return texto


def soles(monto) -> str:
    """1234.5 → «S/ 1,234.50» (separadores usuales en el Perú)."""
    return "S/ " + format_decimal(Decimal(monto), format="#,##0.00", locale="en_US")


def numero(valor, decimales: int = 0) -> str:
    patron = "#,##0" + ("." + "0" * decimales if decimales else "")
    return format_decimal(Decimal(str(valor)), format=patron, locale="en_US")


def porcentaje(valor, decimales: int = 1) -> str:
    """45.678 → «45.7 %»."""
    return f"{numero(valor, decimales)} %"


def _respeta_pendientes(filtro):
    """Un dato pendiente («[COMPLETAR: …]») pasa por cualquier filtro sin cambiar."""

    @functools.wraps(filtro)
    def envoltura(valor, *args, **kwargs):
        return valor if isinstance(valor, Pendiente) else filtro(valor, *args, **kwargs)

    return envoltura


_FILTROS = {
    "fecha_larga": fecha_larga,
    "fecha_corta": fecha_corta,
    "hora": hora,
    "fecha_en_letras": fecha_en_letras,
    "hora_en_letras": hora_en_letras,
    "mayuscula_inicial": mayuscula_inicial,
    "letras": letras,
    "en_letras": en_letras,
    "ordinal": ordinal,
    "romano": romano,
    "soles": soles,
    "numero": numero,
    "porcentaje": porcentaje,
}
FILTROS = {nombre: _respeta_pendientes(f) for nombre, f in _FILTROS.items()}
