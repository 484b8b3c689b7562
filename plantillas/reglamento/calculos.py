"""Cálculos del reglamento interno: miembros, quórum (mitad más uno) y periodicidad de sesiones."""

from __future__ import annotations

from generador.asistencia import quorum_de
from generador.formato import fecha_larga
from generador.registro import calculo

# quién suscribe las actas (pregunta «firma_actas»): la clave y cómo lo dice el texto
TODOS = "todos los asistentes"  # las actas llevan además la tabla de firmas de los asistentes
FIRMANTES = {
    TODOS: "la Presidencia, la Secretaría Técnica y los y las integrantes asistentes",
    "presidencia y secretaría técnica": "la Presidencia y la Secretaría Técnica",
}

PERIODICIDAD = {  # sesiones ordinarias: texto y número mínimo al año
    "mensual": ("una vez al mes", 12),
    "bimestral": ("una vez cada dos meses", 6),
    "trimestral": ("una vez cada tres meses", 4),
    "semestral": ("una vez cada seis meses", 2),
}


def miembros_de(perfil: dict, datos: dict) -> int | None:
    """Miembros: el directorio del perfil; si está vacío, el número dado en las respuestas."""
    directorio = perfil.get("integrantes") or []
    return len(directorio) if directorio else datos.get("numero_miembros")


def texto_aprobacion(aprobacion: dict | None) -> str:
    """«Decreto de Alcaldía N° 003-2026-MPCH, de fecha 15 de junio de 2026»."""
    if not aprobacion:
        return ""
    texto = aprobacion["norma"]
    if aprobacion.get("numero"):
        texto += f" N° {aprobacion['numero']}"
    if aprobacion.get("fecha"):
        texto += f", de fecha {fecha_larga(aprobacion['fecha'])}"
    return texto


def ambito_de(ambito: str) -> str:
    """«de la región», «de la provincia», «del distrito» (distrito es masculino)."""
    return ("del " if ambito == "distrito" else "de la ") + ambito


@calculo(
    "reglamento",
    requiere=("sesion_de_aprobacion",),
    produce=(
        "miembros",
        "quorum",
        "periodicidad_texto",
        "sesiones_al_anio",
        "aprobacion_texto",
        "ambito_de",
        "sesion_aprobacion",
        "firmantes_texto",
    ),
)
def reglamento(r, contexto: dict) -> dict:
    miembros = miembros_de(r.perfil, r.datos)
    texto, al_anio = PERIODICIDAD[r.datos["periodicidad_ordinarias"]]
    return {
        "miembros": miembros,
        "quorum": quorum_de(miembros) if miembros else None,
        "periodicidad_texto": texto,
        "sesiones_al_anio": al_anio,
        "aprobacion_texto": texto_aprobacion(r.datos.get("aprobacion")),
        "ambito_de": ambito_de(contexto["instancia"]["ambito"]),
        # en una carpeta, la fecha de la sesión sale de su acta (aprobado_en)
        "sesion_aprobacion": (contexto["sesion_de_aprobacion"] or {}).get("fecha") or r.datos.get("sesion_aprobacion"),
        "firmantes_texto": FIRMANTES[r.datos["firma_actas"]],
    }
