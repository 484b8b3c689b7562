"""Restricciones declaradas en los manifiestos junto a cada pregunta, al estilo de copier.

Qué se comprueba y con qué mensaje es dato, no código (como los `validator`/`when` de copier).

Dos momentos del flujo:
- al tipar (`comprobar_campos`): `requerido_si`, `posterior_a`/`no_anterior_a`/`no_posterior_a`,
  `unico`, `en_directorio`, `cubre_directorio`. Ven las respuestas tipadas, el perfil
  (`instancia`) y el directorio (`directorio`, por entidad).
- las `validaciones` del manifiesto y las de cada elemento de una lista (por elemento ven
  `elemento` y `n`, su número desde 1): las que no usan ningún cálculo, al tipar, junto a lo
  anterior; las que usan un cálculo, tras los cálculos (`comprobar_validaciones`), con el
  contexto completo de la plantilla (respuestas, cálculos, `instancia` compuesta).

Las expresiones son de Jinja (entorno aislado); se compilan al cargar el manifiesto, así un
error de escritura en un manifiesto falla en `generador listar`, no al generar.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable, Iterator
from decimal import Decimal
from functools import cache
from typing import Any

from jinja2 import TemplateSyntaxError, meta
from jinja2.exceptions import UndefinedError
from jinja2.sandbox import SandboxedEnvironment

from .errores import ErrorPlantilla
from .plazos import calendario_de
from .preguntas import Comparacion, Pregunta, Unico, Validacion

# nombres que toda expresión puede usar, además de las preguntas y los cálculos del documento
GLOBALES = frozenset({"instancia", "directorio", "hoy", "documento", "nivel", "ley", "en_carpeta", "no_habil"})
POR_ELEMENTO = frozenset({"elemento", "n"})


def _texto(valor: Any) -> str:
    if isinstance(valor, dt.date):
        return f"{valor:%d/%m/%Y}"
    if isinstance(valor, dt.time):
        return f"{valor:%H:%M}"
    if isinstance(valor, Decimal):
        return format(valor.normalize(), "f")
    return str(valor)


def _al_imprimir(valor: Any) -> Any:
    """Lo que un mensaje imprime con {{ }}: fechas dd/mm/aaaa, horas HH:MM, cifras sin exponente."""
    return _texto(valor) if isinstance(valor, (dt.date, dt.time, Decimal)) else valor


_ENTORNO = SandboxedEnvironment(autoescape=False, keep_trailing_newline=False, finalize=_al_imprimir)
_ENTORNO.filters.update(texto=_texto, sin_tildes=lambda v: _clave(v))


def _clave(valor: Any) -> Any:
    """Para comparar textos sin tildes ni mayúsculas («Categoría» = «categoria»)."""
    if not isinstance(valor, str):
        return valor
    sin = unicodedata.normalize("NFKD", valor.casefold())
    return "".join(c for c in sin if not unicodedata.combining(c)).strip()


@cache
def expresion(texto: str) -> Callable[..., Any]:
    return _ENTORNO.compile_expression(texto, undefined_to_none=False)


@cache
def mensaje(texto: str) -> Any:
    return _ENTORNO.from_string(texto)


@cache
def nombres_de(texto: str, es_mensaje: bool = False) -> frozenset[str]:
    """Variables que usa una expresión (o un mensaje con {{ }}); falla si no compila."""
    fuente = texto if es_mensaje else "{{ " + texto + " }}"
    return frozenset(meta.find_undeclared_variables(_ENTORNO.parse(fuente)))


def evaluar(texto: str, entorno: dict) -> Any:
    try:
        return expresion(texto)(**entorno)
    except UndefinedError as exc:
        raise ErrorPlantilla(f"la expresión «{texto}» del manifiesto no se puede evaluar ({exc})") from None


def redactar(plantilla: str, entorno: dict) -> str:
    return mensaje(plantilla).render(**entorno)


def resolver(camino: str, entorno: dict) -> Any:
    """«instancia.ordenanza.fecha» → el valor, o None si falta algún tramo."""
    valor: Any = entorno
    for parte in camino.split("."):
        if not isinstance(valor, dict):
            return None
        valor = valor.get(parte)
    return valor


# ---------------------------------------------------------------- al cargar el manifiesto


def comprobar_declaraciones(
    preguntas: dict[str, Pregunta], validaciones: list[Validacion], conocidos: set[str], donde: Callable[[tuple], str]
) -> None:
    """Compila cada expresión y comprueba que cada nombre que usa exista; `donde(ruta)` da
    «archivo, línea N, campo «x»» para el mensaje."""
    raices = set(preguntas)

    def revisar(texto: str, ruta: tuple, extra: frozenset = frozenset(), es_mensaje: bool = False) -> None:
        try:
            usados = nombres_de(texto, es_mensaje)
        except TemplateSyntaxError as exc:
            raise ErrorPlantilla(f"{donde(ruta)}: expresión mal escrita «{texto}» ({exc.message})") from None
        desconocidos = usados - conocidos - GLOBALES - extra
        if desconocidos:
            raise ErrorPlantilla(
                f"{donde(ruta)}: «{texto}» usa {', '.join(f'«{n}»' for n in sorted(desconocidos))}, que no es "
                "una pregunta ni un cálculo de este documento"
            )

    def revisar_validacion(v: Validacion, ruta: tuple, extra: frozenset) -> None:
        revisar(v.si, ruta + ("si",), extra)
        revisar(v.error or v.aviso, ruta + ("error" if v.error else "aviso",), extra | {"valor"}, es_mensaje=True)

    def revisar_comparacion(c: Comparacion, ruta: tuple) -> None:
        if c.campo.split(".")[0] not in raices | {"instancia"}:
            raise ErrorPlantilla(
                f"{donde(ruta)}: «{c.campo}» no es una pregunta de este documento "
                "ni un campo del perfil («instancia.…»)"
            )

    def recorrer(grupo: dict[str, Pregunta], ruta: tuple, en_lista: bool) -> None:
        extra = POR_ELEMENTO if en_lista else frozenset()
        for clave, p in grupo.items():
            aqui = ruta + (clave,)
            if p.requerido_si:
                revisar(p.requerido_si.si, aqui + ("requerido_si",), extra)
            for nombre in ("posterior_a", "no_anterior_a", "no_posterior_a"):
                if getattr(p, nombre):
                    revisar_comparacion(getattr(p, nombre), aqui + (nombre,))
            for u in p.unico:
                if u.campo not in p.campos:
                    raise ErrorPlantilla(f"{donde(aqui + ('unico',))}: «{u.campo}» no es un campo de «{clave}»")
                if u.mensaje:
                    revisar(u.mensaje, aqui + ("unico",), frozenset({"valor", "primero"}), es_mensaje=True)
            if p.cubre_directorio and p.cubre_directorio not in p.campos:
                raise ErrorPlantilla(
                    f"{donde(aqui + ('cubre_directorio',))}: «{p.cubre_directorio}» no es un campo de «{clave}»"
                )
            if p.tipo == "documento" and not p.documento:
                raise ErrorPlantilla(
                    f"{donde(aqui)}: una pregunta de tipo «documento» dice de qué tipo («documento: plan-trabajo»)"
                )
            for i, v in enumerate(p.validaciones):
                revisar_validacion(v, aqui + ("validaciones", i), POR_ELEMENTO)
            recorrer(p.campos, aqui + ("campos",), en_lista or p.tipo == "lista")

    recorrer(preguntas, ("preguntas",), False)
    for i, v in enumerate(validaciones):
        revisar_validacion(v, ("validaciones", i), frozenset())


# ---------------------------------------------------------------- al validar unas respuestas


def _elementos(
    preguntas: dict[str, Pregunta], datos: dict, ruta: tuple, nivel: str, elemento: dict | None = None
) -> Iterator[tuple[Pregunta, str, Any, tuple, dict | None]]:
    """Cada pregunta que aplica, con su valor, su ruta y el elemento de lista que la contiene."""
    for clave, p in preguntas.items():
        if not p.aplica(nivel):
            continue
        valor = datos.get(clave) if isinstance(datos, dict) else None
        aqui = ruta + (clave,)
        yield p, clave, valor, aqui, elemento
        if p.tipo == "objeto" and isinstance(valor, dict):
            yield from _elementos(p.campos, valor, aqui, nivel, elemento)
        elif p.tipo == "lista" and isinstance(valor, list) and p.campos:
            for i, el in enumerate(valor):
                if isinstance(el, dict):
                    yield from _elementos(p.campos, el, aqui + (i,), nivel, el)


def _vacio(valor: Any) -> bool:
    return valor is None or valor == "" or valor == []


_ORDEN = {
    "posterior_a": (lambda a, b: a > b, "debe ser posterior a"),
    "no_anterior_a": (lambda a, b: a >= b, "no puede ser anterior a"),
    "no_posterior_a": (lambda a, b: a <= b, "no puede ser posterior a"),
}


def no_habil(perfil: dict) -> Callable[[Any], str]:
    """Para las expresiones: `no_habil(fecha)` da por qué no es día hábil («domingo», el nombre
    del feriado o del día no laborable del perfil) o «» si lo es."""
    calendario = calendario_de(perfil)

    def motivo(fecha: Any) -> str:
        if not isinstance(fecha, dt.date):
            return ""
        if fecha.weekday() >= 5:
            return "sábado" if fecha.weekday() == 5 else "domingo"
        nombre = calendario.feriado(fecha)
        if not nombre:
            return ""
        return nombre if fecha in calendario.no_laborables else f"feriado ({nombre})"

    return motivo


def entorno_de_campos(r) -> dict:
    directorio = {m["entidad"]: m for m in r.perfil.get("integrantes") or []}
    return {
        **r.datos,
        "instancia": r.perfil,
        "directorio": directorio,
        "nivel": r.nivel,
        "documento": r.manifiesto.id,
        "hoy": dt.date.today(),
        "en_carpeta": r.carpeta is not None,
        "no_habil": no_habil(r.perfil),
    }


def comprobar_campos(r) -> None:
    """Restricciones de las preguntas (antes de los cálculos); anota en r.error / r.aviso."""
    entorno = entorno_de_campos(r)
    directorio = entorno["directorio"]
    for p, clave, valor, ruta, elemento in _elementos(r.manifiesto.preguntas, r.datos, (), r.nivel):
        local = {**entorno, "elemento": elemento}
        if p.requerido_si and _vacio(valor) and evaluar(p.requerido_si.si, local):
            r.error(
                _causa(p.requerido_si.si, r.datos, ruta, elemento),
                redactar(p.requerido_si.mensaje, local)
                if p.requerido_si.mensaje
                else f"falta «{clave}»: es obligatorio cuando {p.requerido_si.si}",
            )
        for nombre, (cumple, verbo) in _ORDEN.items():
            c: Comparacion | None = getattr(p, nombre)
            otro = resolver(c.campo, entorno) if c else None
            if c is None or valor is None or otro is None or cumple(valor, otro):
                continue
            texto = (
                redactar(c.mensaje, {**local, "valor": valor, "otro": otro})
                if c.mensaje
                else f"«{clave}» ({_texto(valor)}) {verbo} «{c.campo}» ({_texto(otro)})"
            )
            (r.aviso if c.aviso else r.error)(ruta, texto)
        if p.en_directorio and isinstance(valor, str) and directorio and valor not in directorio:
            r.error(ruta, f"«{valor}» no está en el directorio del perfil; entidades: {'; '.join(sorted(directorio))}")
        if p.tipo == "lista" and isinstance(valor, list):
            _unicos(r, p, valor, ruta)
            if p.cubre_directorio and directorio:
                vistas = {el.get(p.cubre_directorio) for el in valor if isinstance(el, dict)}
                for entidad in sorted(set(directorio) - vistas):
                    r.error(ruta, f"falta «{entidad}», del directorio del perfil")
    _validaciones(r, entorno, tras_calculos=False)


def _causa(condicion: str, datos: dict, ruta: tuple, elemento: dict | None) -> tuple:
    """Dónde señalar un campo que falta: el campo escrito que lo hace obligatorio (tiene línea)."""
    if elemento is None:
        for nombre in sorted(nombres_de(condicion)):
            if nombre in datos and datos[nombre] is not None:
                return (nombre,)
    return ruta


def _unicos(r, p: Pregunta, valor: list, ruta: tuple) -> None:
    u: Unico
    for u in p.unico:
        vistos: dict[Any, int] = {}
        for i, el in enumerate(valor):
            v = el.get(u.campo) if isinstance(el, dict) else None
            if v is None:
                continue
            clave = _clave(v)
            if clave in vistos:
                texto = (
                    redactar(u.mensaje, {"valor": v, "primero": vistos[clave] + 1})
                    if u.mensaje
                    else f"«{v}» aparece dos veces (ya figura en el elemento {vistos[clave] + 1} de «{ruta[-1]}»)"
                )
                r.error(ruta + (i, u.campo), texto)
            else:
                vistos[clave] = i


def comprobar_validaciones(r, contexto: dict) -> None:
    """Validaciones que usan algún cálculo (tras los cálculos, con el contexto de la plantilla)."""
    entorno = {
        **contexto,
        "directorio": {m["entidad"]: m for m in r.perfil.get("integrantes") or []},
        "no_habil": no_habil(r.perfil),
    }
    _validaciones(r, entorno, tras_calculos=True)


def _usa_calculos(v: Validacion, producidos: set[str]) -> bool:
    return bool(nombres_de(v.si) & producidos)


def _validaciones(r, entorno: dict, tras_calculos: bool) -> None:
    producidos = r.manifiesto.producidos
    for v in r.manifiesto.validaciones:
        if _usa_calculos(v, producidos) == tras_calculos:
            _aplicar(r, v, entorno, ())
    for p, _, valor, ruta, _ in _elementos(r.manifiesto.preguntas, r.datos, (), r.nivel):
        propias = [v for v in p.validaciones if _usa_calculos(v, producidos) == tras_calculos]
        if propias and isinstance(valor, list):
            for i, el in enumerate(valor):
                local = {**entorno, "elemento": el, "n": i + 1}
                for v in propias:
                    _aplicar(r, v, local, ruta + (i,))


def _aplicar(r, v: Validacion, entorno: dict, base: tuple) -> None:
    if not evaluar(v.si, entorno):
        return
    ruta = base + tuple(int(x) if x.isdigit() else x for x in v.campo.split(".") if x)
    while len(ruta) > 1 and ruta not in r.archivo.posiciones and ruta[:-1] in r.archivo.posiciones:
        ruta = ruta[:-1]  # un campo que no se escribió: se señala el elemento que sí está (tiene línea)
    texto = redactar(v.error or v.aviso, entorno)
    (r.error if v.error else r.aviso)(ruta, texto)
