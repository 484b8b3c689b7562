"""Carga de archivos YAML de respuestas, recordando la línea de cada campo.

El YAML se lee sin adivinar tipos: todo escalar sin comillas queda como texto (salvo el vacío,
que es nulo). Así «010» no se vuelve 8 (octal), «10:00» no se vuelve 600 (sexagesimal) ni «no» se
vuelve False en un campo de texto: el tipo lo decide la pregunta declarada en el manifiesto.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from .errores import ErrorRespuestas, Problema
from .limites import (
    LIMITE_ALIAS,
    LIMITE_ELEMENTOS,
    LIMITE_PROFUNDIDAD,
    LIMITE_RESPUESTAS,
    ErrorEntrada,
    cifra,
    clave_citable,
    decodificar,
    extracto,
    leer_bytes,
)

Ruta = tuple  # camino de un campo: ("integrantes", 2, "titular", "dni")
_Hijos = Iterator[tuple[yaml.Node, Ruta, tuple[int, int]]]  # (hijo, su ruta, (línea, columna))


if TYPE_CHECKING:
    _Base = yaml.SafeLoader
else:
    _Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml si está disponible


class _Cargador(_Base):
    """SafeLoader que solo resuelve el nulo; el resto de escalares llegan como texto."""


_Cargador.yaml_implicit_resolvers = {
    clave: [(etq, patron) for etq, patron in lista if etq == "tag:yaml.org,2002:null"]
    for clave, lista in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass
class ArchivoYaml:
    """Datos de un YAML y la posición (línea, columna; desde 1) de cada campo."""

    ruta: Path
    datos: Any
    posiciones: dict[Ruta, tuple[int, int]] = field(default_factory=dict)
    avisos: list[str] = field(default_factory=list)  # p. ej. «no está guardado en UTF-8»

    def linea(self, ruta: Ruta) -> tuple[int | None, int | None]:
        """Posición del campo, o la del ancestro más cercano que exista en el archivo."""
        ruta = tuple(ruta)
        while ruta:
            if ruta in self.posiciones:
                return self.posiciones[ruta]
            ruta = ruta[:-1]
        return (None, None)

    def problema(self, ruta: Ruta, mensaje: str) -> Problema:
        linea, columna = self.linea(ruta)
        return Problema(self.ruta, nombre_campo(ruta), mensaje, linea, columna)


def nombre_campo(ruta: Ruta) -> str:
    """("integrantes", 2, "dni") → «integrantes[3].dni» (posiciones contadas desde 1)."""
    texto = ""
    for parte in ruta:
        if isinstance(parte, int):
            texto += f"[{parte + 1}]"
        else:
            texto += ("." if texto else "") + clave_citable(parte)
    return texto


def _hijos(nodo: yaml.Node, ruta: Ruta) -> _Hijos:
    """(hijo, su ruta, (línea, columna)) de un grupo o una lista; la clave da la línea en un grupo."""
    if isinstance(nodo, yaml.MappingNode):
        for clave, valor in nodo.value:
            yield valor, ruta + (clave.value,), (clave.start_mark.line + 1, clave.start_mark.column + 1)
    else:
        for i, valor in enumerate(nodo.value):
            yield valor, ruta + (i,), (valor.start_mark.line + 1, valor.start_mark.column + 1)


def _comprobar_claves(nodo: yaml.MappingNode, problemas: list[tuple[int, int, str]]) -> None:
    """Claves de un grupo: simples (no listas) y sin repetir (YAML se quedaría con la última)."""
    lineas: dict[str, list[tuple[int, int]]] = {}
    for clave, _ in nodo.value:
        posicion = (clave.start_mark.line + 1, clave.start_mark.column + 1)
        if not isinstance(clave, yaml.ScalarNode):
            raise _ErrorEstructura(*posicion, "un nombre de campo no puede ser una lista ni un grupo")
        if clave.tag == "tag:yaml.org,2002:null":
            raise _ErrorEstructura(
                *posicion, "falta el nombre del campo antes de «:» (o es «null» o «~», que en YAML significan vacío)"
            )
        lineas.setdefault(clave.value, []).append(posicion)
    for nombre, posiciones in lineas.items():
        if len(posiciones) > 1:
            numeros = [str(l) for l, _ in posiciones[:6]] + (["…"] if len(posiciones) > 6 else [])
            problemas.append(
                (
                    *posiciones[1],
                    f"el campo «{clave_citable(nombre)}» está repetido "
                    f"(líneas {', '.join(numeros[:-1])} y {numeros[-1]}); deje uno solo",
                )
            )


class _ErrorEstructura(Exception):
    def __init__(self, linea: int, columna: int, mensaje: str):
        self.linea, self.columna, self.mensaje = linea, columna, mensaje


def _recorrer(raiz: yaml.Node) -> tuple[dict, list[tuple[int, int, str]]]:
    """Posición de cada campo, sin expandir los alias, y los problemas de estructura.

    Un nodo con ancla (&a) se recorre una sola vez: sus usos (*a) cuentan como alias y suman su
    tamaño ya calculado. Así una «bomba de alias» (listas de alias de listas de alias) o un ancla
    que se contiene a sí misma se detectan sin construir nada; lanza `_ErrorEstructura`.
    """
    posiciones: dict[Ruta, tuple[int, int]] = {}
    problemas: list[tuple[int, int, str]] = []
    tamanos: dict[int, int] = {}  # id(nodo) → elementos con los alias expandidos
    escalares: set[int] = set()
    alias = 0
    if not isinstance(raiz, (yaml.MappingNode, yaml.SequenceNode)):
        return posiciones, problemas
    if isinstance(raiz, yaml.MappingNode):
        _comprobar_claves(raiz, problemas)
    pila: list[tuple[yaml.Node, _Hijos, list[int]]] = [
        (raiz, _hijos(raiz, ()), [1])
    ]  # (nodo, hijos pendientes, [tamaño acumulado])
    en_curso = {id(raiz)}
    while pila:
        nodo, hijos, acumulado = pila[-1]
        for hijo, ruta, posicion in hijos:
            posiciones[ruta] = posicion
            clave = id(hijo)
            if clave in tamanos or clave in escalares:
                alias += 1
                acumulado[0] += tamanos.get(clave, 1)
                if alias > LIMITE_ALIAS:
                    raise _ErrorEstructura(*posicion, f"demasiados alias («*nombre»): más de {LIMITE_ALIAS}")
            elif clave in en_curso:
                raise _ErrorEstructura(
                    *posicion, "un alias («*nombre») apunta al grupo o la lista que lo contiene (alias recursivo)"
                )
            elif isinstance(hijo, yaml.ScalarNode):
                escalares.add(clave)
                acumulado[0] += 1
            else:
                if len(pila) >= LIMITE_PROFUNDIDAD:
                    raise _ErrorEstructura(
                        *posicion, f"demasiados niveles de anidamiento (más de {LIMITE_PROFUNDIDAD})"
                    )
                if isinstance(hijo, yaml.MappingNode):
                    _comprobar_claves(hijo, problemas)
                en_curso.add(clave)
                pila.append((hijo, _hijos(hijo, ruta), [1]))
                break
            if acumulado[0] > LIMITE_ELEMENTOS:
                raise _ErrorEstructura(*posicion, _demasiados(alias))
        else:
            pila.pop()
            en_curso.discard(id(nodo))
            tamanos[id(nodo)] = acumulado[0]
            if pila:
                pila[-1][2][0] += acumulado[0]
                if pila[-1][2][0] > LIMITE_ELEMENTOS:
                    raise _ErrorEstructura(nodo.start_mark.line + 1, nodo.start_mark.column + 1, _demasiados(alias))
    return posiciones, problemas


_MAXIMO_PROBLEMAS = 20


def _demasiados(alias: int) -> str:
    if not alias:
        return f"el archivo tiene demasiados elementos (más de {cifra(LIMITE_ELEMENTOS)})"
    return (
        f"el archivo es demasiado grande con los alias («*nombre») expandidos: más de "
        f"{cifra(LIMITE_ELEMENTOS)} elementos"
    )


def cargar_yaml(ruta: Path | str, limite: int = LIMITE_RESPUESTAS) -> ArchivoYaml:
    """Lee un YAML; todo error sale como ErrorRespuestas con archivo, línea y columna.

    Solo se lee un archivo regular de como mucho `limite` bytes (`limites.leer_bytes`). Antes de
    construir los datos se comprueba la estructura: alias acotados, sin claves repetidas.
    """
    ruta = Path(ruta)
    try:
        texto, aviso = decodificar(leer_bytes(ruta, limite), ruta)
    except ErrorEntrada as exc:
        raise ErrorRespuestas([Problema(exc.ruta, "", exc.motivo, exc.linea)]) from None
    return cargar_texto(texto, ruta, [str(Problema(ruta, "", aviso[1], aviso[0]))] if aviso else [])


def cargar_texto(texto: str, ruta: Path, avisos: list[str] | None = None) -> ArchivoYaml:
    """Como `cargar_yaml`, con el texto ya leído (p. ej. lo que aún no se guardó en `ruta`)."""
    avisos = avisos or []
    if texto.count("\n") + texto.count(",") > LIMITE_ELEMENTOS:  # antes de construir nada
        raise ErrorRespuestas(
            [Problema(ruta, "", f"el archivo tiene demasiadas líneas o elementos (más de {cifra(LIMITE_ELEMENTOS)})")]
        )
    cargador = _Cargador(texto)
    try:
        nodo = cargador.get_single_node()
        posiciones, problemas = _recorrer(nodo) if nodo is not None else ({}, [])
        if problemas:
            lista = [Problema(ruta, "", m, l, c) for l, c, m in problemas[:_MAXIMO_PROBLEMAS]]
            if len(problemas) > _MAXIMO_PROBLEMAS:
                lista.append(Problema(ruta, "", f"… y {len(problemas) - _MAXIMO_PROBLEMAS} campos repetidos más"))
            raise ErrorRespuestas(lista)
        datos = cargador.construct_document(nodo) if nodo is not None else None
    except _ErrorEstructura as exc:
        raise ErrorRespuestas([Problema(ruta, "", exc.mensaje, exc.linea, exc.columna)]) from None
    except yaml.MarkedYAMLError as exc:
        marca = exc.problem_mark or exc.context_mark
        raise ErrorRespuestas(
            [
                Problema(
                    ruta,
                    "",
                    f"YAML mal formado: {traducir_yaml(exc, texto)}",
                    marca.line + 1 if marca else None,
                    marca.column + 1 if marca else None,
                )
            ]
        ) from None
    except yaml.reader.ReaderError as exc:
        linea = texto.count("\n", 0, max(exc.position, 0)) + 1
        raise ErrorRespuestas(
            [
                Problema(
                    ruta,
                    "",
                    f"carácter no admitido (código {exc.character!r}); bórrelo o vuelva a escribir esa parte del texto",
                    linea,
                )
            ]
        ) from None
    except yaml.YAMLError as exc:
        raise ErrorRespuestas([Problema(ruta, "", f"YAML mal formado: {extracto(exc, 120)}")]) from None
    finally:
        cargador.dispose()
    return ArchivoYaml(ruta, datos, posiciones, avisos)


_COMILLAS = "póngalo entre comillas"
# (fragmento del mensaje de PyYAML o libyaml, explicación con el arreglo); gana el primero que aparece.
_MOTIVOS_YAML = (
    (
        "mapping values are not allowed",
        f'hay «: » dentro de un valor: si el texto lleva «:», {_COMILLAS} (p. ej. asunto: "Informe: avance")',
    ),
    ("found unexpected ':'", f"«:» inesperado: si el texto lleva «:», {_COMILLAS}"),
    (
        "could not find expected ':'",
        "falta «:» después del nombre del campo (o un texto sigue en la "
        f"línea siguiente sin sangría: {_COMILLAS} o escríbalo en una sola línea)",
    ),
    ("found undefined alias", f"un valor empieza con «*», que en YAML es un alias: {_COMILLAS}"),
    ("expected alphabetic or numeric character", f"después de «*» o «&» debe ir un nombre: si es texto, {_COMILLAS}"),
    ("found duplicate anchor", f"un valor empieza con «&», que en YAML es un ancla repetida: {_COMILLAS}"),
    (
        "unknown escape character",
        "entre comillas dobles la barra «\\» inicia un código: use comillas simples (') o escriba «\\\\»",
    ),
    ("found unhashable key", "un nombre de campo no puede ser una lista ni un grupo"),
    ("unknown directive", f"una línea empieza con «%»: {_COMILLAS}"),
    (
        "expected a single document",
        "el archivo tiene más de un documento (una línea «---» o «...» en medio): deje uno solo por archivo",
    ),
    ("expected '<document start>'", "sobra texto después del final del documento: revise la sangría de esta línea"),
    (
        "could not determine a constructor for the tag",
        f"un valor empieza con «!», que en YAML es una etiqueta: {_COMILLAS}",
    ),
    (
        "expected '-' indicator",
        "se mezclan una lista («- ») y campos «clave: valor» en el mismo nivel: revise la sangría",
    ),
    (
        "block sequence entries are not allowed",
        "aquí no puede empezar una lista («- »): si el texto "
        f"empieza con «-», {_COMILLAS}; si es una lista, empiece en la línea siguiente, con sangría",
    ),
    (
        "'<block sequence start>'",
        "sangría incoherente en una lista: cada «- » de la misma lista debe empezar en la misma columna",
    ),
    ("but found '-'", "sangría incoherente en una lista: cada «- » de la misma lista debe empezar en la misma columna"),
    ("but found '?'", "se mezclan una lista («- ») y campos «clave: valor» en el mismo nivel: revise la sangría"),
    (
        "did not find expected key",
        "sangría incoherente: los campos de un mismo grupo deben empezar "
        "en la misma columna (o sobra texto después de cerrar unas comillas: ponga todo el texto entre comillas)",
    ),
    (
        "expected <block end>",
        "sangría incoherente: los campos de un mismo grupo deben empezar en la "
        "misma columna (o sobra texto después de cerrar unas comillas: ponga todo el texto entre comillas)",
    ),
    (
        "found unexpected end of stream",
        "el archivo termina antes de cerrar unas comillas: revise "
        "que cada texto entre comillas las cierre en la misma línea",
    ),
    ("expected ',' or ']'", f"falta cerrar el corchete «]» (o una coma entre elementos); si es texto, {_COMILLAS}"),
    ("expected ',' or '}'", f"falta cerrar la llave «}}» (o una coma entre elementos); si es texto, {_COMILLAS}"),
    ("chomping or indentation indicators", "después de «|» o «>» no puede ir texto en la misma línea"),
    ("while scanning a block scalar", "texto de varias líneas («|» o «>») mal sangrado"),
    ("maximum nesting depth", f"demasiados niveles de anidamiento (más de {LIMITE_PROFUNDIDAD})"),
    ("cannot start any token", f"un valor no puede empezar con ese carácter: {_COMILLAS}"),
)


def traducir_yaml(exc: yaml.MarkedYAMLError, texto: str) -> str:
    """El error de sintaxis de PyYAML explicado en español, con el arreglo."""
    marca = exc.problem_mark or exc.context_mark
    motivo = f"{exc.context or ''} | {exc.problem or ''}"
    if marca is not None:
        lineas = texto.splitlines() or [""]
        linea = lineas[min(marca.line, len(lineas) - 1)]
        anterior = linea[: marca.column + 1]
        en_sangria = "\t" in linea[: len(linea) - len(linea.lstrip())]
        if (
            "tab character" in motivo
            or "'\\t'" in motivo
            or "\t" in anterior
            or (en_sangria and ("indent" in motivo or "expected key" in motivo))
        ):
            return (
                f"hay un tabulador en la línea {marca.line + 1}: use espacios para sangrar (YAML no admite tabuladores)"
            )
        if linea.lstrip().startswith("- ") and ("expected key" in motivo or "block end" in motivo):
            return (
                "se mezclan una lista («- ») y campos «clave: valor» en el mismo nivel, o la «- » "
                "no está alineada con las demás de su lista: revise la sangría"
            )
        caracter = linea[marca.column : marca.column + 1]
        if "cannot start any token" in motivo and caracter:
            return f"un valor no puede empezar con «{caracter}»: {_COMILLAS}"
    for ingles, espanol in _MOTIVOS_YAML:
        if ingles in motivo:
            return espanol
    return "formato no válido en esta línea: revise las comillas, los corchetes y la sangría"
