"""El lugar de la instancia: su nombre (una sola función, `lugar`) y su comprobación contra el
ubigeo del INEI incluido (datos/ubigeo_inei_2025.csv).

- `lugar(perfil)`: «Chota», «Lima Metropolitana», «El Callao»… lo que sigue a «Instancia … de».
- `comprobar(perfil)`: errores y avisos sobre el lugar. El departamento, la provincia y el
  distrito deben existir y estar uno dentro del otro (con «¿quiso decir …?» si no); el ubigeo,
  existir y ser el de ese lugar; y el directorio no debería nombrar lugares de otro territorio
  (un perfil copiado de otra instancia que aún lista sus entidades).
"""

from __future__ import annotations

import difflib
import re
from functools import lru_cache

from . import ley
from .limites import extracto
from .normalizacion import normalizar
from .pendientes import es_pendiente
from .territorio import distritos

Ruta = tuple
Hallazgo = tuple[Ruta, str]  # (ruta del campo en el perfil, mensaje)
_PROFUNDIDAD = {"departamento": 1, "provincia": 2, "distrito": 3}
# Provincias con nombre de persona, santo o río: aparecen en nombres de colegios, parroquias o
# calles («I.E. Miguel Grau», «Parroquia San Martín»), así que no delatan otro lugar.
_NO_DELATAN = re.compile(r"^(San|Santa|Santo|Mariscal|General|Coronel|Contralmirante|Padre|La|El|Dos) ")
_PERSONAS_Y_RIOS = {
    "Antonio Raymondi",
    "Asunción",
    "Bolognesi",
    "Bolívar",
    "Carlos Fermín Fitzcarrald",
    "Castilla",
    "Concepción",
    "Daniel Alcides Carrión",
    "Grau",
    "Jorge Basadre",
    "Leoncio Prado",
    "Melgar",
    "Rodríguez de Mendoza",
    "Santa",
    "Sucre",
    "Sánchez Carrión",
    "Víctor Fajardo",
    "Marañón",
    "Huallaga",
    "Putumayo",
}


def lugar(perfil: dict) -> str:
    """Nombre del ámbito de la instancia: `ambito_nombre` o el del territorio de su nivel."""
    return perfil.get("ambito_nombre") or perfil[ley.nivel(perfil["nivel"])["territorio"]]


# --- Índices del ubigeo ---------------------------------------------------------------------


@lru_cache(maxsize=1)
def _por_codigo() -> dict[str, tuple[str, ...]]:
    """«08», «0804», «080405» → («Cusco»,), («Cusco», «Calca»), («Cusco», «Calca», «Pisac»)."""
    codigos: dict[str, tuple[str, ...]] = {}
    for d in distritos():
        u = d["ubigeo"]
        codigos.setdefault(u[:2], (d["departamento"],))
        codigos.setdefault(u[:4], (d["departamento"], d["provincia"]))
        codigos[u] = (d["departamento"], d["provincia"], d["distrito"])
    return codigos


@lru_cache(maxsize=1)
def _hijos() -> dict[tuple[str, ...], dict[str, str]]:
    """Para cada lugar (tupla normalizada), sus partes: {nombre normalizado: nombre oficial}.

    Se arma fila a fila (no por código), así una fila cuya provincia difiere de la de su código
    (061306 dice provincia «Ninabamba») sigue siendo válida tal como la da el territorio.
    """
    hijos: dict[tuple[str, ...], dict[str, str]] = {}
    for d in distritos():
        nombres = (d["departamento"], d["provincia"], d["distrito"])
        for i in range(3):
            padre = tuple(normalizar(n) for n in nombres[:i])
            hijos.setdefault(padre, {})[normalizar(nombres[i])] = nombres[i]
    return hijos


@lru_cache(maxsize=1)
def _codigos_por_nombre() -> dict[tuple[str, ...], str]:
    return {tuple(normalizar(x) for x in n): c for c, n in _por_codigo().items()}


def _codigo_de(nombres: tuple[str, ...]) -> str | None:
    return _codigos_por_nombre().get(tuple(normalizar(n) for n in nombres))


def _donde(nombres: tuple[str, ...]) -> str:
    """«Lares (Calca, Cusco)»."""
    return nombres[-1] + (f" ({', '.join(reversed(nombres[:-1]))})" if len(nombres) > 1 else "")


def _sugerencias(nombre: str, opciones: dict[str, str]) -> str:
    parecidos = difflib.get_close_matches(normalizar(nombre), list(opciones), n=3, cutoff=0.75)
    return " o ".join(f"«{opciones[p]}»" for p in parecidos)


# --- Comprobación del perfil ----------------------------------------------------------------


def comprobar(perfil: dict) -> tuple[list[Hallazgo], list[Hallazgo]]:
    """(errores, avisos) del lugar del perfil ya validado en sus tipos."""
    errores: list[Hallazgo] = []
    avisos: list[Hallazgo] = []
    oficiales = _comprobar_nombres(perfil, errores, avisos)
    if oficiales is not None:
        _comprobar_ubigeo(perfil, oficiales, errores)
        _comprobar_directorio(perfil, oficiales, avisos)
    return errores, avisos


def _comprobar_nombres(perfil: dict, errores: list, avisos: list) -> tuple[str, ...] | None:
    """Los nombres oficiales del lugar (departamento, provincia, distrito), o None si alguno falla."""
    oficiales: tuple[str, ...] = ()
    for campo in ("departamento", "provincia", "distrito"):
        nombre = perfil.get(campo)
        if not nombre or es_pendiente(nombre):  # en un lote puede faltar: «[COMPLETAR: …]»
            break
        opciones = _hijos().get(tuple(normalizar(n) for n in oficiales), {})
        oficial = opciones.get(normalizar(nombre))
        if oficial is None:
            errores.append(((campo,), _desconocido(campo, nombre, oficiales, opciones)))
            return None
        if oficial != nombre:
            avisos.append(
                (
                    (campo,),
                    f"el nombre oficial en el ubigeo del INEI es «{oficial}» (se escribió "
                    f"«{extracto(nombre)}»); corríjalo para que el documento lo lleve así",
                )
            )
        oficiales += (oficial,)
    return oficiales


def _desconocido(campo: str, nombre: str, dentro: tuple[str, ...], opciones: dict[str, str]) -> str:
    lugar_padre = f" de {_donde(dentro)}" if dentro else ""
    mensaje = f"«{extracto(nombre)}» no es un{'a' if campo == 'provincia' else ''} {campo}{lugar_padre} según el ubigeo del INEI"
    sugerencia = _sugerencias(nombre, opciones)
    if sugerencia:
        return f"{mensaje}; ¿quiso decir {sugerencia}?"
    en_otro = [
        n for n in _por_codigo().values() if len(n) == _PROFUNDIDAD[campo] and normalizar(n[-1]) == normalizar(nombre)
    ]
    if en_otro:
        padres = " y ".join(_donde(n[:-1]) for n in en_otro[:3])
        return f"{mensaje}: «{nombre}» está en {padres}; revise {'el departamento' if campo == 'provincia' else 'la provincia'}"
    return mensaje


def _comprobar_ubigeo(perfil: dict, oficiales: tuple[str, ...], errores: list) -> None:
    codigo = perfil.get("ubigeo")
    if not codigo:
        return
    propio = _codigo_de(oficiales)
    es_de = _por_codigo().get(codigo)
    if es_de is None:
        correcto = f"; el de {_donde(oficiales)} es {propio}" if propio else ""
        errores.append((("ubigeo",), f"el ubigeo «{codigo}» no existe en el ubigeo del INEI{correcto}"))
        return
    comparable = oficiales[: len(es_de)]
    if tuple(map(normalizar, es_de[: len(comparable)])) != tuple(map(normalizar, comparable)):
        propio = _codigo_de(oficiales[: len(es_de)])
        correcto = f"; el de {_donde(comparable)} es {propio}" if propio else ""
        errores.append(
            (("ubigeo",), f"el ubigeo {codigo} es el de {_donde(es_de)}, no el de {_donde(comparable)}{correcto}")
        )


# --- El directorio no debería nombrar otro lugar --------------------------------------------


@lru_cache(maxsize=1)
def _nombres_del_pais() -> dict[str, set[tuple[str, ...]]]:
    """Nombres de provincias y departamentos (los distritos dan demasiadas palabras comunes)."""
    nombres: dict[str, set[tuple[str, ...]]] = {}
    for codigo, lugar_ in _por_codigo().items():
        nombre = lugar_[-1]
        if len(codigo) < 6 and len(nombre) >= 4 and nombre not in _PERSONAS_Y_RIOS and not _NO_DELATAN.match(nombre):
            nombres.setdefault(nombre, set()).add(lugar_)
    return nombres


@lru_cache(maxsize=1)
def _patron_nombres() -> re.Pattern:
    alternativas = sorted(_nombres_del_pais(), key=len, reverse=True)
    return re.compile(r"(?<!\w)(" + "|".join(map(re.escape, alternativas)) + r")(?!\w)")


def _propio(encontrado: tuple[str, ...], oficiales: tuple[str, ...]) -> bool:
    """Un lugar es propio si contiene al de la instancia o está dentro de él."""
    corto = min(len(encontrado), len(oficiales))
    return tuple(map(normalizar, encontrado[:corto])) == tuple(map(normalizar, oficiales[:corto]))


def _comprobar_directorio(perfil: dict, oficiales: tuple[str, ...], avisos: list) -> None:
    nivel = perfil.get("nivel")
    territorio = ley.nivel(nivel)["territorio"] if isinstance(nivel, str) and nivel in ley.ley()["niveles"] else None
    if territorio is None or len(oficiales) < _PROFUNDIDAD[territorio]:
        return
    oficiales = oficiales[: _PROFUNDIDAD[territorio]]
    ajenos: dict[str, list[tuple[int, str]]] = {}  # lugar ajeno → [(índice, entidad)]
    for i, miembro in enumerate(perfil.get("integrantes") or []):
        texto = miembro.get("entidad") or ""
        for nombre in dict.fromkeys(_patron_nombres().findall(texto)):
            lugares = _nombres_del_pais()[nombre]
            if not any(_propio(l, oficiales) for l in lugares):
                ajenos.setdefault(" o ".join(sorted(_donde(l) for l in lugares)), []).append((i, texto))
    for donde, entidades in ajenos.items():
        muestra = "; ".join(f"«{e}»" for _, e in entidades[:3]) + ("…" if len(entidades) > 3 else "")
        avisos.append(
            (
                ("integrantes", entidades[0][0], "entidad"),
                f"el directorio nombra {donde}, fuera de {_donde(oficiales)}, en {len(entidades)} "
                f"entidad(es): {muestra}. ¿Es un directorio copiado de otra instancia? Revise las entidades",
            )
        )
