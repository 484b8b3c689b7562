"""Verificación del documento producido: se relee el .docx y se buscan las secciones exigidas
(del manifiesto) y, si el manifiesto lo pide, todos los integrantes del nivel (de la ley)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import docx

from . import ley
from .manifiesto import Manifiesto
from .normalizacion import contiene, normalizar


def leer_parrafos(fuente: bytes | Path) -> list[str]:
    """Texto de un .docx: párrafos del cuerpo, celdas de tablas, encabezados y pies."""
    documento = docx.Document(io.BytesIO(fuente) if isinstance(fuente, bytes) else str(fuente))
    parrafos: list[str] = []

    def de_bloque(bloque) -> None:
        parrafos.extend(p.text for p in bloque.paragraphs)
        for tabla in bloque.tables:
            for fila in tabla.rows:
                for celda in fila.cells:
                    de_bloque(celda)

    for seccion in documento.sections:
        for parte in (seccion.header, seccion.footer):
            if not parte.is_linked_to_previous:
                de_bloque(parte)
    de_bloque(documento)
    return [p for p in parrafos if p.strip()]


def encabezados(fuente: bytes) -> list[tuple[int, str]]:
    """(nivel, texto) de los párrafos con estilo de título («Heading N» o «Title»)."""
    documento = docx.Document(io.BytesIO(fuente))
    salida = []
    for p in documento.paragraphs:
        nombre = p.style.name if p.style is not None else ""
        if nombre.startswith("Heading") and nombre[-1:].isdigit():
            salida.append((int(nombre.split()[-1]), p.text))
        elif nombre == "Title":
            salida.append((0, p.text))
    return salida


@dataclass
class Hallazgo:
    tipo: str          # «sección» o «integrante»
    id: str
    descripcion: str
    encontrado: bool
    fragmento: str = ""

    def __str__(self) -> str:
        marca = "✓" if self.encontrado else "✗"
        return f"{marca} {self.tipo}: {self.descripcion}"


def buscar(parrafos: list[str] | list[tuple[str, str]], variantes: list[str]) -> str | None:
    """Primer párrafo que contiene alguna variante, o None.

    `parrafos` puede venir ya normalizado como pares (original, normalizado), para no repetir
    la normalización en cada búsqueda.
    """
    for p in parrafos:
        original, normal = p if isinstance(p, tuple) else (p, normalizar(p))
        if any(contiene(original, normal, v) for v in variantes):
            return original
    return None


def revisar_texto(manifiesto: Manifiesto, nivel: str, parrafos: list[str],
                  opcionales: list[str] | None = None) -> list[Hallazgo]:
    """Cada sección exigida y, si corresponde, cada integrante del nivel: encontrado o no."""
    hallazgos = []
    parrafos = [(p, normalizar(p)) for p in parrafos]
    for s in manifiesto.secciones_de(nivel):
        p = buscar(parrafos, [s.titulo, *s.variantes])
        hallazgos.append(Hallazgo("sección", s.id, s.titulo, p is not None, (p or "")[:120]))
    if manifiesto.verificar_integrantes:
        for i in ley.integrantes(nivel, opcionales):
            p = buscar(parrafos, i["variantes"])
            hallazgos.append(Hallazgo("integrante", i["id"], i["texto"], p is not None, (p or "")[:120]))
    return hallazgos
