"""Composición del contexto de la plantilla: respuestas + perfil + hechos de la ley + cálculos."""

from __future__ import annotations

import datetime as dt
from typing import Any

from . import ley
from .registro import calculo


def _trato(persona: dict | None) -> dict:
    """Palabras que dependen del género de una persona («la señora», «Presidenta»…)."""
    femenino = (persona or {}).get("genero") == "femenino"
    return {
        "senor": "señora" if femenino else "señor",
        "art": "la" if femenino else "el",
        "del": "de la" if femenino else "del",
        "al": "a la" if femenino else "al",
        "sr": "Sra." if femenino else "Sr.",
        "o": "a" if femenino else "o",      # designad{{ p.trato.o }}
        "presidente": "Presidenta" if femenino else "Presidente",
    }


def _con_trato(persona: dict | None) -> dict | None:
    return None if persona is None else {**persona, "trato": _trato(persona)}


def componer_instancia(perfil: dict) -> dict[str, Any]:
    """El perfil con sus campos calculados: nombre oficial, gobierno, cargos con género, lugar."""
    nivel = perfil["nivel"]
    datos_nivel = ley.nivel(nivel)
    lugar = perfil[datos_nivel["territorio"]]
    presidencia = perfil["presidencia"]
    cargo = datos_nivel["presidencia"][presidencia["genero"]]
    nombre = ley.ley()["nombre_instancia"].format(nivel=datos_nivel["nombre"])
    gobierno = perfil.get("gobierno") or datos_nivel["gobierno"].format(**perfil)
    st = perfil["secretaria_tecnica"]
    return {
        **perfil,
        "nombre_generico": nombre,
        "nombre": f"{nombre} de {lugar}",
        "siglas": datos_nivel["siglas"],
        "nivel_nombre": datos_nivel["nombre"],
        "lugar": lugar,
        "ambito": datos_nivel["ambito"],
        "gobierno": gobierno,
        "gobierno_de": ("del " if gobierno.startswith("Gobierno") else "de la ") + gobierno,
        "organo": datos_nivel["organo"],
        "norma": datos_nivel["norma"],
        "presidencia": {**_con_trato(presidencia), "cargo": cargo,
                        "cargo_completo": f"{cargo} de {lugar}"},
        "secretaria_tecnica": {**st, "responsable": _con_trato(st["responsable"])},
        "integrantes": [
            {**m, "titular": _con_trato(m["titular"]), "alterno": _con_trato(m.get("alterno"))}
            for m in perfil.get("integrantes") or []
        ],
        "destino_informe": datos_nivel["destino_informe"],
    }


def componer_ley(perfil: dict) -> dict[str, Any]:
    """Hechos de la norma para el nivel del perfil, con citas listas para el texto."""
    nivel = perfil["nivel"]
    datos_nivel = ley.nivel(nivel)
    todo = ley.ley()
    return {
        "normas": {k: v["cita"] for k, v in todo["normas"].items()},
        "cman": todo["cman"],
        "impedimentos": todo["impedimentos"],
        "funcion_comun": todo["funcion_comun"],
        "integrantes": ley.integrantes(nivel, perfil.get("opcionales")),
        "funciones": datos_nivel["funciones"],
        "cita_conformacion": ley.cita_reglamento(datos_nivel["articulo_conformacion"]),
        "cita_funciones": ley.cita_reglamento(datos_nivel["articulo_funciones"]),
        # con su artículo: «los artículos 105 y 106 del Reglamento…» o «el Reglamento…»
        "cita_conformacion_y_funciones": _con_articulo(ley.cita_reglamento(
            datos_nivel["articulo_conformacion"], datos_nivel["articulo_funciones"])),
        "autonomia": {"cita": ley.cita_norma(datos_nivel["autonomia"]), "texto": datos_nivel["autonomia"]["texto"]},
        "atribucion": {"cita": ley.cita_norma(datos_nivel["atribucion"]), "texto": datos_nivel["atribucion"]["texto"]},
    }


def _con_articulo(cita: str) -> str:
    return ("los " if cita.startswith("artículos") else "el ") + cita


class Contadores:
    """Numeración automática en el orden del documento: {{ cuenta('articulo') }} → 1, 2, 3…

    Así, un artículo opcional que no se imprime no deja un hueco en la numeración.
    """

    def __init__(self) -> None:
        self._valores: dict[str, int] = {}

    def __call__(self, nombre: str, reiniciar: str | None = None) -> int:
        if reiniciar:
            self._valores[reiniciar] = 0
        self._valores[nombre] = self._valores.get(nombre, 0) + 1
        return self._valores[nombre]


def componer(respuestas) -> dict[str, Any]:
    """Contexto completo para renderizar `respuestas` (validacion.Respuestas)."""
    contexto: dict[str, Any] = {
        **respuestas.datos,
        "documento": respuestas.manifiesto.id,
        "nivel": respuestas.nivel,
        "instancia": componer_instancia(respuestas.perfil),
        "ley": componer_ley(respuestas.perfil),
        "hoy": dt.date.today(),
    }
    for nombre in respuestas.manifiesto.calculos:
        contexto.update(calculo.obtener(nombre, respuestas.manifiesto.id)(respuestas, contexto))
    return contexto
