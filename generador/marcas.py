"""Marcas sin llenar en un documento: «[COMPLETAR: …]» (las que deja un lote), «[…]», «XXXX» y
rayas «____» en el lugar de un número o una fecha («N° ____-2024», «__ de ______ de 2024»).

Una raya sola (la línea de una firma) no es una marca: solo cuenta junto a un número, «N°»,
«DNI» o una fecha.
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass

_MESES = "enero|febrero|marzo|abril|mayo|junio|julio|agosto|se(?:p)?tiembre|octubre|noviembre|diciembre"
_RAYA = r"_{2,}"
_JUNTAS = 8  # dos marcas a menos de estos caracteres son una sola
_MARCAS = [
    ("«[COMPLETAR: …]»", re.compile(r"\[\s*COMPLETAR\b[^\]]*\]", re.IGNORECASE)),
    ("«[…]»", re.compile(r"\[\s*(?:…|\.{3})\s*\]")),
    ("«XXXX»", re.compile(r"(?<![A-Za-z])X{3,}(?![A-Za-z])")),
    (
        "«____» en un número o fecha",
        re.compile(
            rf"(?:\b(?:N|n)\s*[°º.ro]+\s*|\bDNI\s*:?\s*|\d\s*[-/]?\s*|[-/]\s*){_RAYA}"
            rf"|{_RAYA}(?=\s*[-/]\s*\d|\s*\d|\s+de\s+(?:{_MESES}|_{{2,}}|\d{{4}}))"
            rf"|\bde\s+{_RAYA}(?=\s+(?:de|del)\s+\d{{4}})",
            re.IGNORECASE,
        ),
    ),
]


@dataclass
class Marca:
    clase: str  # «[COMPLETAR: …]», «XXXX»…
    texto: str  # la marca tal como está
    parrafo: int  # índice del párrafo donde está


def buscar_marcas(parrafos: list[str]) -> list[Marca]:
    """Todas las marcas sin llenar, en orden, cada una con su párrafo."""
    salida = []
    for i, p in enumerate(parrafos):
        tramos: list[list] = []  # [inicio, fin, clase]
        for (clase, expresion), necesario in zip(_MARCAS, ("[", "[", "XXX", "__"), strict=True):
            if necesario not in p:  # lo que toda marca de la clase contiene: no se busca en vano
                continue
            # la marca no debe empezar dentro de otra ya hallada (de una clase anterior: las de
            # la misma no se solapan); con el mayor final hasta cada comienzo, sin recorrerlas todas
            previos = sorted(tramos)
            comienzos = [a for a, _, _ in previos]
            finales = list(itertools.accumulate((b for _, b, _ in previos), max))
            for m in expresion.finditer(p):
                k = bisect.bisect_right(comienzos, m.start())
                if not (k and finales[k - 1] > m.start()):
                    tramos.append([m.start(), m.end(), clase])
        unidos: list[list] = []
        for t in sorted(tramos):  # «__ de ______ de 2025» es una sola fecha sin llenar
            if unidos and unidos[-1][2] == t[2] and t[0] - unidos[-1][1] <= _JUNTAS:
                unidos[-1][1] = max(unidos[-1][1], t[1])
            else:
                unidos.append(t)
        salida += [Marca(clase, " ".join(p[a:b].split()), i) for a, b, clase in unidos]
    return salida
