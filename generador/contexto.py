"""Composición del contexto de la plantilla: respuestas + perfil + hechos de la ley + cálculos."""

from __future__ import annotations

import datetime as dt
from typing import Any

from . import ley
from .lugar import lugar as lugar_de

_TRATO = {  # palabras que dependen del género de una persona («la señora», «Presidenta»…)
    "femenino": {
        "senor": "señora",
        "art": "la",
        "del": "de la",
        "al": "a la",
        "sr": "Sra.",
        "o": "a",
        "presidente": "Presidenta",
    },
    "masculino": {
        "senor": "señor",
        "art": "el",
        "del": "del",
        "al": "al",
        "sr": "Sr.",
        "o": "o",
        "presidente": "Presidente",
    },
    "neutro": {
        "senor": "señor/a",
        "art": "el/la",
        "del": "del/de la",
        "al": "al/a la",
        "sr": "Sr./Sra.",
        "o": "o/a",
        "presidente": "Presidente/a",
    },
}


def _genero(persona: dict | None) -> str:
    genero = (persona or {}).get("genero")
    return genero if genero in ("femenino", "masculino") else "neutro"


def _trato(persona: dict | None) -> dict:
    return _TRATO[_genero(persona)]


def _con_trato(persona: dict | None) -> dict | None:
    return None if persona is None else {**persona, "trato": _trato(persona)}


def de(lugar: str) -> str:
    """«de Chota», y «del Callao» cuando el nombre lleva artículo («El Callao»)."""
    return f"del {lugar[3:]}" if lugar.startswith("El ") else f"de {lugar}"


def componer_instancia(perfil: dict) -> dict[str, Any]:
    """El perfil con sus campos calculados: nombre oficial, gobierno, cargos con género, lugar."""
    nivel = perfil["nivel"]
    datos_nivel = ley.nivel(nivel)
    lugar = lugar_de(perfil)
    presidencia = perfil["presidencia"]
    cargo = datos_nivel["presidencia"][_genero(presidencia)]
    nombre = ley.ley()["nombre_instancia"].format(nivel=datos_nivel["nombre"])
    gobierno = perfil.get("gobierno") or datos_nivel["gobierno"].format(**perfil)
    st = perfil["secretaria_tecnica"]
    con_trato = _con_trato(presidencia)
    assert con_trato is not None  # la presidencia es obligatoria en el perfil
    return {
        **perfil,
        "nombre_generico": nombre,
        "nombre": f"{nombre} {de(lugar)}",
        "de_lugar": de(lugar),
        "siglas": datos_nivel["siglas"],
        "nivel_nombre": datos_nivel["nombre"],
        "lugar": lugar,
        "ambito": datos_nivel["ambito"],
        "el_ambito": ("el " if datos_nivel["ambito"] == "distrito" else "la ") + datos_nivel["ambito"],
        "del_ambito": ("del " if datos_nivel["ambito"] == "distrito" else "de la ") + datos_nivel["ambito"],
        "gobierno": gobierno,
        "gobierno_de": ("del " if gobierno.startswith("Gobierno") else "de la ") + gobierno,
        "organo": datos_nivel["organo"],
        "norma": datos_nivel["norma"],
        "presidencia": {**con_trato, "cargo": cargo, "cargo_completo": f"{cargo} {de(lugar)}"},
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
        "cita_conformacion_y_funciones": _con_articulo(
            ley.cita_reglamento(datos_nivel["articulo_conformacion"], datos_nivel["articulo_funciones"])
        ),
        "autonomia": {"cita": ley.cita_norma(datos_nivel["autonomia"]), "texto": datos_nivel["autonomia"]["texto"]},
        "atribucion": {"cita": ley.cita_norma(datos_nivel["atribucion"]), "texto": datos_nivel["atribucion"]["texto"]},
        # lista completa de la norma (la ordenanza la transcribe, con los integrantes condicionales)
        "integrantes_norma": datos_nivel["integrantes"],
        "competencia": {
            "cita": ley.cita_norma(datos_nivel["competencia"]),
            "texto": datos_nivel["competencia"]["texto"],
        },
        "instrumento_reglamento": {
            **datos_nivel["instrumento_reglamento"],
            "cita": ley.cita_norma(datos_nivel["instrumento_reglamento"]),
        },
        "sistema_nacional": todo["sistema_nacional"],
        "ley_31439": todo["normas"]["ley_31439"],
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


def calcular(respuestas) -> dict[str, Any]:
    """Contexto de la plantilla: respuestas, instancia compuesta, ley y los cálculos del manifiesto,
    en su orden, cada uno una sola vez (las reglas y la plantilla ven este mismo contexto)."""
    contexto: dict[str, Any] = {
        **respuestas.datos,
        "documento": respuestas.manifiesto.id,
        "nivel": respuestas.nivel,
        "instancia": componer_instancia(respuestas.perfil),
        "ley": componer_ley(respuestas.perfil),
        "hoy": dt.date.today(),
        "en_carpeta": respuestas.carpeta is not None,
    }
    m = respuestas.manifiesto
    for nombre in m.calculos:
        contexto.update(m.codigo.calculos[nombre].funcion(respuestas, contexto))
    return contexto


def componer(respuestas) -> dict[str, Any]:
    """Contexto completo para renderizar `respuestas` (ya calculado al validarlas)."""
    return respuestas.contexto
