"""Hechos de la norma (datos/ley.yaml): integrantes, funciones y bases legales por nivel."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

ARCHIVO_LEY = Path(__file__).with_name("datos") / "ley.yaml"


@lru_cache(maxsize=1)
def ley() -> dict[str, Any]:
    return yaml.safe_load(ARCHIVO_LEY.read_text(encoding="utf-8"))


def nivel(nombre: str) -> dict[str, Any]:
    return ley()["niveles"][nombre]


def integrantes(nombre_nivel: str, opcionales: list[str] | None = None) -> list[dict]:
    """Integrantes del nivel: todos los obligatorios más los opcionales que existan."""
    presentes = set(opcionales or [])
    return [i for i in nivel(nombre_nivel)["integrantes"] if not i.get("opcional") or i["id"] in presentes]


def ids_integrantes(nombre_nivel: str) -> dict[str, dict]:
    return {i["id"]: i for i in nivel(nombre_nivel)["integrantes"]}


def cita_reglamento(*articulos: dict) -> str:
    """Cita los artículos del Reglamento solo si están confirmados; si no, la norma sin artículo.

    Sin artículo inicial («artículo 105 del Reglamento…» / «Reglamento…»): la plantilla escribe
    «el» o «al»; ambas formas son masculinas.
    """
    reglamento = ley()["normas"]["reglamento"]["cita"]
    if articulos and all(a.get("confirmado") for a in articulos):
        numeros = [a["numero"] for a in articulos]
        if len(numeros) == 1:
            return f"artículo {numeros[0]} del {reglamento}"
        return f"artículos {', '.join(numeros[:-1])} y {numeros[-1]} del {reglamento}"
    return reglamento


def cita_norma(base: dict) -> str:
    """«el artículo 194 de la Constitución Política del Perú» (o sin artículo si no se confirmó)."""
    norma = ley()["normas"][base["norma"]]["cita"]
    if base.get("confirmado"):
        articulos = base["articulo"]
        prefijo = "los artículos" if " y " in articulos or "," in articulos else "el artículo"
        return f"{prefijo} {articulos} de la {norma}"
    return f"la {norma}"
