"""El lugar de una instancia nueva, elegido del ubigeo del INEI (departamento → provincia →
distrito), con el nombre del gobierno y los integrantes del nivel propuestos desde la ley."""

from __future__ import annotations

import re
import unicodedata

from .. import ley, territorio
from ..errores import ErrorGenerador
from ..manifiesto import NIVELES


def opciones(nivel: str, departamento: str = "", provincia: str = "") -> dict:
    """Listas para los tres selectores; las de abajo dependen de lo elegido arriba."""
    nivel = nivel if nivel in NIVELES else "distrital"
    filas = territorio.distritos()
    deps = sorted(territorio.departamentos(), key=alfabetico)
    departamento = departamento if departamento in deps else ""
    provs = sorted({d["provincia"] for d in filas if d["departamento"] == departamento}, key=alfabetico)
    provincia = provincia if provincia in provs else ""
    dists = sorted(
        (
            d["distrito"]
            for d in filas
            if d["departamento"] == departamento and d["provincia"] == provincia and not d["ubigeo"].endswith("01")
        ),  # el distrito capital lo cubre la instancia provincial
        key=alfabetico,
    )
    return {
        "nivel": nivel,
        "niveles": NIVELES,
        "departamento": departamento,
        "departamentos": deps,
        "provincia": provincia,
        "provincias": provs,
        "distritos": dists,
    }


def alfabetico(nombre: str) -> tuple[str, str]:
    """Orden de diccionario: «Áncash» junto a «Amazonas», «Víctor Fajardo» antes de «Vilcas Huamán»,
    la «ñ» después de la «n»."""
    texto = nombre.replace("ñ", "n~").replace("Ñ", "N~")  # «~» va después de la «z»
    sin_tildes = "".join(c for c in unicodedata.normalize("NFD", texto) if not unicodedata.combining(c))
    return sin_tildes.casefold(), nombre


def entidad_propuesta(texto: str) -> str:
    """«La Gobernación Provincial» → «Gobernación Provincial»: propuesta a completar."""
    base = re.split(r"[;,(]", texto)[0]
    base = re.sub(r"^(La|El|Las|Los|Un|Una|Dos|Tres|Hasta \w+)\s+", "", base.strip())
    return f"{base[:1].upper()}{base[1:]}".strip()


def perfil_nuevo(nivel: str, departamento: str, provincia: str = "", distrito: str = "") -> dict:
    """Perfil inicial: el lugar y su ubigeo, el gobierno, y una fila del directorio por
    integrante obligatorio del nivel (tantas como la norma admite)."""
    if nivel not in NIVELES:
        raise ErrorGenerador(f"elija el nivel ({', '.join(NIVELES)})")
    candidatas = territorio.instancias(departamento or "-", nivel) if departamento else []
    buscado = {
        "regional": {},
        "provincial": {"provincia": provincia},
        "distrital": {"provincia": provincia, "distrito": distrito},
    }[nivel]
    elegida = next(
        (
            c
            for c in candidatas
            if all(c.get(k) == v for k, v in buscado.items())
            and not c.get("ambito_nombre", "").startswith("Lima Metropolitana")
        ),
        None,
    )
    if elegida is None:
        falta = {
            "regional": "el departamento",
            "provincial": "el departamento y la provincia",
            "distrital": "el departamento, la provincia y el distrito",
        }[nivel]
        raise ErrorGenerador(f"elija {falta} de la lista del ubigeo")
    perfil = {k: v for k, v in elegida.items() if k != "ordenanza"}
    perfil["gobierno"] = perfil.get("gobierno") or ley.nivel(nivel)["gobierno"].format(**perfil)
    filas = []
    for integrante in ley.integrantes(nivel):
        cantidad = integrante.get("cantidad", 1) if not integrante.get("hasta") else 1
        for n in range(1, cantidad + 1):
            entidad = perfil["gobierno"] if integrante.get("preside") else entidad_propuesta(integrante["texto"])
            filas.append({"integrante": integrante["id"], "entidad": f"{entidad} {n}" if cantidad > 1 else entidad})
    perfil["integrantes"] = filas
    return perfil
