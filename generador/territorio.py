"""Instancias posibles del territorio, desde el ubigeo del INEI (datos/ubigeo_inei_2025.csv).

- Regional: una por departamento, más Lima Metropolitana (nivel regional, presidida por la
  Municipalidad Metropolitana de Lima); la provincia de Lima no tiene instancia provincial aparte.
- Provincial: una por provincia (salvo Lima).
- Distrital: una por distrito, salvo el distrito capital de cada provincia (ubigeo terminado en 01),
  que gobierna la municipalidad provincial (Ley N° 27972, art. 3) y cubre la instancia provincial.
"""

from __future__ import annotations

import csv
import difflib
from functools import lru_cache
from pathlib import Path

from .errores import ErrorGenerador
from .manifiesto import NIVELES
from .normalizacion import normalizar

ARCHIVO_UBIGEO = Path(__file__).with_name("datos") / "ubigeo_inei_2025.csv"
LIMA_METROPOLITANA = "1501"
_GOBIERNO_CALLAO = {"regional": "Gobierno Regional del Callao", "provincial": "Municipalidad Provincial del Callao"}


@lru_cache(maxsize=1)
def distritos() -> list[dict]:
    with ARCHIVO_UBIGEO.open(encoding="utf-8-sig", newline="") as archivo:
        return [
            {
                "departamento": f["departamento"],
                "provincia": f["provincia"],
                "distrito": f["distrito"],
                "ubigeo": f["ubigeo"],
            }
            for f in csv.DictReader(archivo, delimiter=";")
        ]


def departamentos() -> list[str]:
    return sorted({d["departamento"] for d in distritos()})


def _departamento(nombre: str) -> str:
    por_clave = {normalizar(d): d for d in departamentos()}
    if normalizar(nombre) in por_clave:
        return por_clave[normalizar(nombre)]
    parecidos = difflib.get_close_matches(normalizar(nombre), list(por_clave), n=3)
    sugerencia = f"; ¿quiso decir {', '.join(por_clave[p] for p in parecidos)}?" if parecidos else ""
    raise ErrorGenerador(f"departamento desconocido «{nombre}»{sugerencia}")


def instancias(departamento: str | None = None, nivel: str | None = None) -> list[dict]:
    """Perfiles mínimos (nivel y lugar, con ubigeo) de las instancias del territorio pedido."""
    if nivel is not None and nivel not in NIVELES:
        raise ErrorGenerador(f"nivel desconocido «{nivel}»; use: {', '.join(NIVELES)}")
    filtro = _departamento(departamento) if departamento else None
    lista = [d for d in distritos() if filtro is None or d["departamento"] == filtro]
    salida: list[dict] = []
    if nivel in (None, "regional"):
        for dep in sorted({d["departamento"] for d in lista}):
            codigo = next(d["ubigeo"][:2] for d in lista if d["departamento"] == dep)
            salida.append(_perfil("regional", codigo, departamento=dep))
            if any(d["ubigeo"][:4] == LIMA_METROPOLITANA for d in lista if d["departamento"] == dep):
                salida.append(
                    _perfil(
                        "regional",
                        LIMA_METROPOLITANA,
                        departamento=dep,
                        ambito_nombre="Lima Metropolitana",
                        gobierno="Municipalidad Metropolitana de Lima",
                    )
                )
    if nivel in (None, "provincial"):
        for d in lista:
            if d["ubigeo"].endswith("01") and d["ubigeo"][:4] != LIMA_METROPOLITANA:
                salida.append(
                    _perfil("provincial", d["ubigeo"][:4], departamento=d["departamento"], provincia=d["provincia"])
                )
    if nivel in (None, "distrital"):
        for d in lista:
            if not d["ubigeo"].endswith("01"):
                salida.append(
                    _perfil(
                        "distrital",
                        d["ubigeo"],
                        departamento=d["departamento"],
                        provincia=d["provincia"],
                        distrito=d["distrito"],
                    )
                )
    return salida


def _perfil(nivel: str, ubigeo: str, **lugar) -> dict:
    if lugar.get("departamento") == "Callao" and nivel in _GOBIERNO_CALLAO:
        lugar["gobierno"] = _GOBIERNO_CALLAO[nivel]
        lugar["ambito_nombre"] = "El Callao"  # «Instancia … del Callao»
    # «ordenanza»: {} → en un lote, su número y fecha salen como «[COMPLETAR: …]»
    return {"nivel": nivel, **lugar, "ubigeo": ubigeo, "ordenanza": {}}


@lru_cache(maxsize=1)
def _capitales() -> tuple[dict, dict]:
    por_ubigeo = {d["ubigeo"]: d for d in distritos()}
    por_nombre = {
        (normalizar(d["departamento"]), normalizar(d["provincia"]), normalizar(d["distrito"])): d
        for d in distritos()
        if d["ubigeo"].endswith("01")
    }
    return por_ubigeo, por_nombre


def capital_de_provincia(perfil: dict) -> dict | None:
    """El distrito del perfil si es la capital de su provincia (ubigeo terminado en 01), o None.

    Su instancia es la provincial: la municipalidad provincial gobierna el distrito capital
    (Ley N° 27972, art. 3), por eso el modo territorio no genera una distrital para él.
    """
    por_ubigeo, por_nombre = _capitales()
    ubigeo = str(perfil.get("ubigeo") or "").strip()
    if ubigeo in por_ubigeo:
        return por_ubigeo[ubigeo] if ubigeo.endswith("01") else None
    clave = tuple(normalizar(str(perfil.get(c) or "")) for c in ("departamento", "provincia", "distrito"))
    return por_nombre.get(clave)
