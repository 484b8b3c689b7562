"""Cálculos del acta de instalación: quién la suscribe, como en el acta de sesión.

La asistencia y el quórum los calcula el cálculo común «asistencia» (generador/asistencia.py).
"""

from __future__ import annotations

from generador.manifiesto import codigo_del_tipo
from generador.registro import calculo


@calculo("firmas")
def firmas(r, contexto: dict) -> dict:
    """La misma regla que el acta de sesión: el reglamento aprobado a la fecha, o el acta."""
    return {"firmas": codigo_del_tipo("acta-sesion").firmas_del_acta(r)}
