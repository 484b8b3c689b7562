"""La sintaxis Jinja de una plantilla .docx: cada error una vez, señalado en su párrafo de Word.

Primero cada etiqueta `{{ … }}` por separado (así se hallan todas, y las que no se cierran en su
párrafo); después cada parte entera como la ve Jinja al generar, para los bloques `if`/`for` mal
cerrados, que se señalan en la línea donde se abrieron. Los mensajes de Jinja, en español.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import jinja2
from jinja2 import nodes

from .plantilla_informe import Informe, corto
from .plantilla_word import ETIQUETA, Parrafo, nombre_parte


def _entorno() -> jinja2.Environment:
    from .renderizado import entorno

    return entorno()


def _mensaje_jinja(exc: jinja2.TemplateSyntaxError) -> str:
    texto = exc.message or ""
    if m := re.match(
        r"Encountered unknown tag '(\w+)'\.(.*Jinja was looking for the following tags: ([^.]*)\.)?", texto
    ):
        if m.group(3):
            return (
                f"«{m.group(1)}» no cierra el bloque abierto: se esperaba {m.group(3).replace(' or ', ' o ')} "
                f"(error de sintaxis: {texto})"
            )
        return f"etiqueta desconocida «{m.group(1)}» (¿if, for, endif, endfor mal escritos o sobrantes?)"
    if texto.startswith("Unexpected end of template"):
        bloque = re.search(r"needs to be closed is '(\w+)'", texto)
        cierre = f"{{%p end{bloque.group(1)} %}}" if bloque else "su cierre"
        return f"un bloque abierto aquí no se cierra: falta {cierre}"
    if re.search("unexpected char '[“”‘’«»]'", texto):
        return "lleva comillas tipográficas (“ ” o ‘ ’), que Word pone solas: use comillas rectas (\" o ')"
    return f"error de sintaxis en una etiqueta ({texto})"


def _xml_de_partes(ruta: Path) -> dict[str, str]:
    """El XML de cada parte como lo ve Jinja al generar (con los mismos pasos de renderizado.py)."""
    from docxtpl import DocxTemplate

    from .renderizado import partes_con_jinja, por_lineas

    plantilla = DocxTemplate(str(ruta))
    plantilla.render_init()
    return {n: por_lineas(plantilla, x) for n, x in partes_con_jinja(plantilla).items()}


def _texto_de_linea(linea: str) -> str:
    return " ".join(
        re.sub(r"<[^>]+>", "", linea)
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
        .replace("&quot;", '"')
        .split()
    )


def _abierto_sin_cerrar(lineas: list[str]) -> int | None:
    """Línea del último bloque if/for abierto sin su cierre (para señalar dónde está)."""
    pila: list[int] = []
    for i, linea in enumerate(lineas, 1):
        for m in re.finditer(r"\{%-?\s*(if|for|endif|endfor)\b", _texto_de_linea(linea)):
            if m.group(1) in ("if", "for"):
                pila.append(i)
            elif pila:
                pila.pop()
    return pila[-1] if pila else None


@lru_cache(maxsize=4096)
def _error_de_etiqueta(etiqueta: str) -> str | None:
    try:
        _entorno().parse(etiqueta)
    except jinja2.TemplateSyntaxError as exc:
        return _mensaje_jinja(exc)
    return None


def _etiquetas_del_parrafo(p: Parrafo, informe: Informe) -> bool:
    """Cada {{ … }} del párrafo por separado (así se hallan todos), y las que no se cierran."""
    hallado = False
    for etiqueta in re.findall(r"\{\{.*?\}\}", p.texto):
        error = _error_de_etiqueta(etiqueta)
        if error:
            hallado = True
            informe.anotar("error", p.parte, p.texto, f"«{corto(etiqueta, 50)}»: {error}")
    resto = ETIQUETA.sub("", p.texto)
    for abre, cierra in (("{{", "}}"), ("{%", "%}")):
        if abre in resto:
            hallado = True
            suelta = resto[resto.index(abre) :][:40]
            informe.anotar(
                "error",
                p.parte,
                p.texto,
                f"la etiqueta «{corto(suelta, 40)}» no se cierra en este "
                f"párrafo: falta «{cierra}» (toda etiqueta empieza y termina en el mismo párrafo)",
            )
        elif cierra in resto:
            hallado = True
            informe.anotar(
                "error", p.parte, p.texto, f"sobra «{cierra}»: no hay un «{abre}» que lo abra en este párrafo"
            )
    return hallado


def revisar_sintaxis(ruta: Path, parrafos: list[Parrafo], informe: Informe) -> dict[str, nodes.Template]:
    """Árbol Jinja de cada parte sin errores; los errores, al informe (uno por etiqueta)."""
    hallados = [_etiquetas_del_parrafo(p, informe) for p in parrafos]
    arboles = {}
    for archivo, xml in _xml_de_partes(ruta).items():
        lineas = xml.split("\n")
        try:
            arboles[archivo] = _entorno().parse(xml)
        except jinja2.TemplateSyntaxError as exc:
            de_bloque = (exc.message or "").startswith(("Encountered", "Unexpected end"))
            if any(hallados) and not de_bloque:
                continue  # es un error de etiqueta, ya anotado en su párrafo
            linea = exc.lineno
            if (exc.message or "").startswith("Unexpected end"):
                linea = _abierto_sin_cerrar(lineas) or linea
            texto = _texto_de_linea(lineas[linea - 1]) if 0 < linea <= len(lineas) else ""
            informe.anotar("error", nombre_parte(archivo), texto, _mensaje_jinja(exc))
    return arboles
