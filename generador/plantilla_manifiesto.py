"""Una plantilla .docx frente a su manifiesto: los datos que usa y las secciones que produce.

Cada dato que la plantilla usa debe darlo el manifiesto, el perfil o el contexto de los ejemplos
del proyecto (con «¿quiso decir…?» si se parece a uno que existe); y el documento que produce con
esos ejemplos debe conservar las secciones que el manifiesto exige.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jinja2 import meta, nodes

from .errores import ErrorGenerador
from .manifiesto import Manifiesto, Seccion
from .mensajes_validacion import lista_o
from .plantilla_informe import Informe
from .plantilla_word import ETIQUETA, Parrafo, nombre_parte
from .ubicaciones import carpeta_ejemplos

if TYPE_CHECKING:
    from .validacion import Respuestas

_BASE = {"documento", "nivel", "instancia", "ley", "hoy", "cuenta"}  # lo que da el contexto sin ejemplos


def _quiso_decir(parecidos: list[str]) -> str:
    return f"; ¿quiso decir {lista_o(parecidos)}?" if parecidos else ""


def _donde(p: Parrafo | None, archivo: str) -> tuple[str, str]:
    """(parte, párrafo) del primer párrafo que usa el dato; sin él, la parte entera."""
    return (p.parte, p.texto) if p else (nombre_parte(archivo), "")


def _parrafo_que_usa(parrafos: list[Parrafo], nombre: str) -> Parrafo | None:
    patron = re.compile(rf"(?<![\w.]){re.escape(nombre)}\b")
    return next((p for p in parrafos if any(patron.search(e) for e in ETIQUETA.findall(p.texto))), None)


def revisar_datos(
    arboles: dict[str, nodes.Template],
    contextos: list[dict],
    parrafos: list[Parrafo],
    preguntas: set[str],
    informe: Informe,
) -> None:
    """Datos que la plantilla usa y nadie da: con ejemplos, un error; sin ellos, un aviso (no se
    conocen los campos calculados)."""
    if contextos:
        dados = set().union(*(c.keys() for c in contextos)) | {"cuenta"}
    else:
        dados = preguntas | _BASE
    for archivo, arbol in arboles.items():
        # lo que la propia plantilla asigna ({% set %}, variables de bucle) no lo da nadie más
        propios = {n.name for n in arbol.find_all(nodes.Name) if n.ctx in ("store", "param")}
        propios |= {n.name for n in arbol.find_all(nodes.NSRef)}
        for nombre in sorted(meta.find_undeclared_variables(arbol) - dados - propios):
            p = _parrafo_que_usa(parrafos, nombre)
            sugerencia = _quiso_decir(difflib.get_close_matches(nombre, sorted(dados), n=2))
            informe.anotar(
                "error" if contextos else "aviso",
                *_donde(p, archivo),
                f"usa el dato «{nombre}», que ni el manifiesto ni el perfil "
                f"dan{sugerencia}"
                + ("" if contextos else " (no hay ejemplos de este tipo en ejemplos/ para comprobarlo del todo)"),
            )
        if not contextos:
            continue
        for nodo in arbol.find_all(nodes.Getattr):
            if not isinstance(nodo.node, nodes.Name) or nodo.node.name not in dados:
                continue
            valores: list[Any] = [c.get(nodo.node.name) for c in contextos]
            if not all(isinstance(v, dict) for v in valores) or any(nodo.attr in v for v in valores):
                continue
            claves = sorted(set().union(*(v.keys() for v in valores)))
            completo = f"{nodo.node.name}.{nodo.attr}"
            p = _parrafo_que_usa(parrafos, completo)
            parecidos = difflib.get_close_matches(nodo.attr, claves, n=2)
            sugerencia = _quiso_decir([f"{nodo.node.name}.{x}" for x in parecidos])
            informe.anotar(
                "error",
                *_donde(p, archivo),
                f"usa el dato «{completo}», que no existe{sugerencia}",
            )


def revisar_secciones(
    ruta: Path, secciones: list[Seccion], ejemplos: list[tuple[Path, Respuestas, dict]], informe: Informe
) -> None:
    """Secciones exigidas que falten en lo que la plantilla produce con los ejemplos, por nivel."""
    from .renderizado import PlantillaCompilada
    from .verificacion import buscar

    try:
        plantilla = PlantillaCompilada(ruta)
    except ErrorGenerador:
        return  # ya informado como error de sintaxis
    faltan: dict[str, list[str]] = {}
    for archivo, respuestas, contexto in ejemplos:
        try:
            parrafos = plantilla.renderizar(contexto).parrafos
        except ErrorGenerador as exc:
            if not informe.errores:
                informe.anotar("error", "cuerpo", "", f"no se pudo aplicar con {archivo.name}: {exc}")
            continue
        for s in secciones:
            if s.aplica(respuestas.nivel) and buscar(parrafos, [s.titulo, *s.variantes]) is None:
                niveles = faltan.setdefault(f"«{s.titulo}» ({s.id})", [])
                if respuestas.nivel not in niveles:
                    niveles.append(respuestas.nivel)
    for seccion, niveles in faltan.items():
        informe.anotar(
            "error",
            "documento",
            "",
            f"falta la sección exigida {seccion}: el documento que produce "
            f"la plantilla ya no la tiene (nivel {', '.join(niveles)})",
        )


def ejemplos_de(m: Manifiesto) -> list[tuple[Path, Respuestas, dict]]:
    """(archivo, respuestas, contexto) de cada ejemplo del proyecto para este tipo de documento."""
    from .contexto import componer
    from .generacion import es_respuestas
    from .validacion import validar_archivo

    salida = []
    for archivo in sorted(carpeta_ejemplos().rglob("*.yaml")):
        if not es_respuestas(archivo) or not re.search(
            rf"^documento:\s*{re.escape(m.id)}\s*$", archivo.read_text(encoding="utf-8-sig"), re.M
        ):
            continue
        try:
            respuestas = validar_archivo(archivo)
            salida.append((archivo, respuestas, componer(respuestas)))
        except ErrorGenerador:
            continue
    return salida
