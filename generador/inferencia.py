"""Inferencia del tipo y del nivel de un documento ajeno, para `generador revisar`.

El nivel sale de lo primero que aparece al comienzo (la instancia nombrada o la entidad que
emite el documento); el tipo, del manifiesto cuyas secciones más aparecen, con ventaja si su
título está al comienzo. También el recorte del fragmento donde se encontró algo.
"""

from __future__ import annotations

import bisect
import itertools
from typing import TYPE_CHECKING

from . import ley
from .manifiesto import NIVELES
from .normalizacion import normalizar
from .verificacion import Indice, apariciones, primera, variantes

if TYPE_CHECKING:
    from .revision import Tipo

LINEAS_CABECERA = 12  # líneas del comienzo donde se busca el título del documento
_COBERTURA_MINIMA = 0.4  # por debajo (y sin título reconocible) no se infiere el tipo


def pares(textos: list[str], conocidos: dict[str, str] | None = None) -> list[tuple[str, str]]:
    """(texto, normalizado) de cada texto; el de los `conocidos` (texto → normalizado) no se
    rehace: el comienzo de un .docx son sus primeros párrafos, ya normalizados en el `Indice`."""
    conocidos = conocidos or {}
    return [(t, conocidos[t] if t in conocidos else normalizar(t)) for t in textos]


def recorte(
    original: str, variantes: list[str], ancho: int = 110, normal: str | None = None, plano: str | None = None
) -> str:
    """El trozo del párrafo donde aparece la variante (o su comienzo si no se puede situar).
    `normal` y `plano` (el párrafo normalizado y con los espacios simples), si ya se tienen:
    rehacerlos en cada hallazgo de un párrafo gigante era lo más lento de la revisión."""
    plano = " ".join(original.split()) if plano is None else plano
    normal = normalizar(original) if normal is None else normal
    inicio = next((i for v in variantes if (i := primera(v, plano, normal)) is not None), None)
    if inicio is None or len(plano) != len(normal) or len(plano) <= ancho:
        return plano if len(plano) <= ancho else plano[:ancho].rstrip() + "…"
    desde = max(0, min(inicio - 30, len(plano) - ancho))
    trozo = plano[desde : desde + ancho].strip()
    return ("…" if desde > 0 else "") + trozo + ("…" if desde + ancho < len(plano) else "")


def _recorte_cabecera(cabecera: Indice, i: int, variantes: list[str]) -> str:
    """`recorte` de una línea del comienzo, ya normalizada y con los espacios simples (`lectura`)."""
    return recorte(cabecera.parrafos[i], variantes, 70, normal=cabecera.normales[i], plano=cabecera.parrafos[i])


def _normal_unido(lineas: Indice) -> str:
    """`normalizar` de las líneas unidas con «\\n», sin rehacerlo si basta unir las ya normalizadas:
    cuando ninguna línea (salvo la última) acaba en guion de corte ni en lo que podría ser una
    numeración de artículo partida («Art.» | «1.-»), que son lo único que cruza una línea."""
    pares = list(zip(lineas.parrafos, lineas.normales, strict=True))
    if all(not o.rstrip().endswith(("-", "\u00ad")) and "art" not in n[-100:] for o, n in pares[:-1]):
        return " ".join(n for n in lineas.normales if n)
    return normalizar("\n".join(lineas.parrafos))


def _menciones(completo: str, normal: str | None = None) -> dict[str, list[int]]:
    """Posiciones (en el texto normalizado, `normal` si ya se tiene) donde se nombra la instancia
    de cada nivel: «Instancia Provincial de Concertación» (de `ley.yaml`) o sus siglas («IPC»)."""
    plantilla = ley.ley()["nombre_instancia"]
    normal = normalizar(completo) if normal is None else normal
    escala = len(normal) / max(1, len(completo))
    salida = {}
    for nivel in NIVELES:
        datos = ley.nivel(nivel)
        frase = " ".join(plantilla.format(nivel=datos["nombre"]).split()[:4])
        posiciones = apariciones(frase, normal)
        posiciones += [int(p * escala) for p in apariciones(datos["siglas"], completo)]
        if posiciones:
            salida[nivel] = sorted(posiciones)
    return salida


def _frase(nivel: str) -> str:
    return " ".join(ley.ley()["nombre_instancia"].format(nivel=ley.nivel(nivel)["nombre"]).split()[:4])


def inferir_nivel(completo: str, cabecera: Indice) -> tuple[str | None, str]:
    """Nivel del documento, en este orden: lo primero que aparece en el comienzo, sea la
    instancia nombrada (el título) o la entidad que lo emite («Municipalidad Distrital de …»,
    el membrete: un informe distrital se dirige a la instancia provincial); y si no, la
    instancia más nombrada en todo el texto."""
    inicio = _menciones("\n".join(cabecera.parrafos), _normal_unido(cabecera))
    linea_instancia, nivel_instancia = None, None
    if inicio:
        nivel_instancia = min(inicio, key=lambda n: inicio[n][0])
        finales = list(itertools.accumulate(len(n) + 1 for n in cabecera.normales))
        linea_instancia = bisect.bisect_right(finales, inicio[nivel_instancia][0])
    candidatos = []
    for nivel in NIVELES:
        entidad = ley.nivel(nivel)["gobierno"].split("{")[0].strip()  # «Municipalidad Provincial de»
        i = cabecera.posicion([entidad])
        if i is not None:
            candidatos.append((i, NIVELES.index(nivel), nivel, entidad))
    if candidatos and (linea_instancia is None or min(candidatos)[0] < linea_instancia):
        i, _, nivel, entidad = min(candidatos)
        return nivel, f"lo emite «{_recorte_cabecera(cabecera, i, [entidad])}»"
    if nivel_instancia:
        return nivel_instancia, f"el comienzo del documento nombra la «{_frase(nivel_instancia)}»"
    todas = _menciones(completo)
    if todas:
        nivel = max(todas, key=lambda n: (len(todas[n]), -todas[n][0]))
        veces = len(todas[nivel])
        return nivel, f"«{_frase(nivel)}» aparece {veces} {'vez' if veces == 1 else 'veces'}"
    return None, "no se encontró el nombre de la instancia ni de la entidad que emite el documento"


def inferir_tipo(
    indice: Indice, cabecera: Indice, nivel: str | None, candidatos: dict[str, Tipo]
) -> tuple[Tipo | None, str]:
    """El tipo cuyas secciones exigidas más aparecen, con ventaja si su título está al comienzo."""
    mejor: tuple[float, Tipo, str] | None = None
    for t in candidatos.values():
        if nivel and nivel not in t.niveles:
            continue
        secciones = t.secciones_de(nivel) if nivel else t.secciones
        if not secciones:
            continue
        hallados = sum(indice.posicion(variantes(s)) is not None for s in secciones)
        cobertura = hallados / len(secciones)
        i = cabecera.posicion(t.identificadores())
        puntos = cobertura + (0.5 * (1 - i / (2 * LINEAS_CABECERA)) if i is not None else 0)
        if i is None and cobertura < _COBERTURA_MINIMA:
            continue
        titulo = f"título «{_recorte_cabecera(cabecera, i, t.identificadores())}»; " if i is not None else ""
        motivo = f"{titulo}{hallados} de {len(secciones)} secciones reconocidas"
        if mejor is None or puntos > mejor[0]:
            mejor = (puntos, t, motivo)
    if mejor is None:
        return None, "el texto no se parece a ningún tipo de documento del catálogo"
    return mejor[1], mejor[2]
