"""`generador nuevo`: un YAML de respuestas comentado, generado desde las preguntas declaradas.

Los ejemplos van solo en comentarios: un valor que no es de la persona usuaria nunca llega a un
documento. Los campos obligatorios quedan vivos y vacíos (`validar` dice cuáles faltan); los
opcionales y los que tienen valor por defecto, comentados con su ejemplo.

Dentro de una carpeta de instancia (o en su sesiones/), el esqueleto usa su perfil: el nivel es
el del perfil, no lleva «instancia:», y las listas que deben cubrir el directorio (la asistencia)
traen una fila por entidad, con la entidad escrita, su titular y alterno/a en un comentario y
los demás campos obligatorios vacíos (quién asistió lo dice la persona usuaria).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml

from .carpeta import ARCHIVO_PERFIL, raiz_de
from .errores import ErrorGenerador
from .manifiesto import manifiesto
from .perfil import preguntas_perfil
from .preguntas import Pregunta

_TIPOS = {
    "texto": "texto",
    "texto_largo": "texto largo (párrafos separados por una línea en blanco)",
    "fecha": "fecha AAAA-MM-DD",
    "hora": "hora HH:MM",
    "entero": "número entero",
    "decimal": "número (punto decimal)",
    "opcion": "una opción",
    "booleano": "sí / no",
    "lista": "lista",
    "objeto": "grupo de campos",
    "documento": "ruta a otro archivo de respuestas de la instancia",
}


def _valor(v) -> str:
    if isinstance(v, (dt.date, dt.time)):
        return v.isoformat()[:5] if isinstance(v, dt.time) else v.isoformat()
    if isinstance(v, bool):
        return "sí" if v else "no"
    texto = yaml.safe_dump(v, allow_unicode=True, default_flow_style=True, width=10_000).strip()
    return texto.removesuffix("\n...").removesuffix("...").strip()


def _obligatoria(p: Pregunta, nivel: str) -> bool:
    return p.es_requerida(nivel) and p.defecto is None


def _describir(p: Pregunta, nivel: str) -> str:
    partes = [_TIPOS[p.tipo]]
    if p.tipo == "opcion":
        partes[0] += ": " + " | ".join(p.opciones)
    partes.append("obligatorio" if _obligatoria(p, nivel) else "opcional")
    if p.defecto is not None:
        partes.append(f"por defecto: {_valor(p.defecto)}")
    return "; ".join(partes)


def _comentar(lineas: list[str], sangria: str) -> list[str]:
    """Las líneas de un campo opcional, como comentario (la ayuda ya lo es)."""
    return [l if l.lstrip().startswith("#") or not l.strip() else f"{sangria}# {l[len(sangria) :]}" for l in lineas]


def _ejemplo(clave: str, p: Pregunta, sangria: str) -> list[str]:
    """El bloque «clave: ejemplo» tal como lo escribiría la persona usuaria."""
    ejemplo = p.ejemplo if p.ejemplo is not None else p.defecto
    if p.tipo == "texto_largo":
        texto = ejemplo if isinstance(ejemplo, str) else "\n\n".join(ejemplo or [""])
        return [f"{sangria}{clave}: |", *(f"{sangria}  {l}".rstrip() for l in texto.splitlines())]
    return [f"{sangria}{clave}: {_valor(ejemplo) if ejemplo is not None else ''}".rstrip()]


def _campo(clave: str, p: Pregunta, nivel: str, sangria: str) -> list[str]:
    """Líneas de un campo con todos sus subcampos, con los ejemplos como valores."""
    if p.tipo == "objeto":
        return [f"{sangria}{clave}:", *_bloque(p.campos, nivel, sangria + "  ", ejemplo=True)]
    if p.tipo == "lista" and p.campos:
        sub = _bloque(p.campos, nivel, sangria + "    ", ejemplo=True)
        return [f"{sangria}{clave}:", *_primer_elemento(sub, sangria)]
    return _ejemplo(clave, p, sangria)


def _vivas(lineas: list[str]) -> bool:
    return any(l.strip() and not l.lstrip().startswith("#") for l in lineas)


def _primer_elemento(sub: list[str], sangria: str) -> list[str]:
    """Pone «- » delante de la primera línea de datos del elemento de una lista."""
    for i, linea in enumerate(sub):
        if linea.strip() and not linea.lstrip().startswith("#"):
            sub[i] = f"{sangria}  - " + linea.lstrip()
            break
    return sub


def _respuesta(clave: str, p: Pregunta, nivel: str, sangria: str) -> list[str]:
    """Lo que el esqueleto deja: obligatorio vivo y vacío; opcional comentado con su ejemplo."""
    if not _obligatoria(p, nivel):
        return _comentar(_campo(clave, p, nivel, sangria), sangria)
    if p.tipo == "objeto":
        interno = _bloque(p.campos, nivel, sangria + "  ")
        return [f"{sangria}{clave}:" + ("" if _vivas(interno) else " {}"), *interno]
    if p.tipo == "lista" and p.campos:
        interno = _bloque(p.campos, nivel, sangria + "    ")
        if _vivas(interno):
            return [f"{sangria}{clave}:", *_primer_elemento(interno, sangria)]
    vacio = f"{sangria}{clave}:"  # vacío: `validar` lo señala hasta que se llene
    if p.ejemplo is None:
        return [vacio]
    ejemplo = _campo(clave, p, nivel, sangria)
    if len(ejemplo) == 1:
        return [f"{sangria}# Ejemplo: {ejemplo[0][len(sangria) + len(clave) + 2 :]}", vacio]
    return [f"{sangria}# Ejemplo:", *_comentar(ejemplo, sangria), vacio]


def _comentario(texto: str) -> str:
    return " ".join(str(texto).split())  # un nombre con saltos de línea no rompe el comentario


def _personas(miembro: dict) -> str:
    """«titular: Ana Díaz (Alcaldesa) · alterno/a: Luis Paz», tal como figuran en el directorio."""
    partes = []
    for rol, etiqueta in (("titular", "titular"), ("alterno", "alterno/a")):
        valor = miembro.get(rol)
        persona: dict = valor if isinstance(valor, dict) else {}
        if persona.get("nombre"):
            cargo = f" ({persona['cargo']})" if persona.get("cargo") else ""
            partes.append(f"{etiqueta}: {persona['nombre']}{cargo}")
        else:
            partes.append(f"sin {etiqueta} en el directorio")
    return _comentario(" · ".join(partes))


def _desde_directorio(clave: str, p: Pregunta, nivel: str, directorio: list[dict]) -> list[str]:
    """La lista con una fila por entidad del directorio: la entidad escrita; los demás campos
    obligatorios vivos y vacíos (un esqueleto sin llenar no valida), los opcionales comentados."""
    propio = p.cubre_directorio or ""
    lineas = ["# Prellenada con cada entidad del directorio de la instancia (instancia.yaml); en cada una:"]
    for sub, q in p.campos.items():
        if sub != propio:
            lineas.append(f"#   {sub}: {q.ayuda} ({_describir(q, nivel)})".replace(" ()", ""))
    lineas.append(f"{clave}:")
    for miembro in directorio:
        lineas += [f"  - {propio}: {_valor(str(miembro['entidad']))}", f"    # {_personas(miembro)}"]
        for sub, q in p.campos.items():
            if sub == propio:
                continue
            lineas += [f"    {sub}:"] if _obligatoria(q, nivel) else _comentar(_campo(sub, q, nivel, "    "), "    ")
    return lineas


def _bloque(
    preguntas: dict[str, Pregunta],
    nivel: str,
    sangria: str,
    ejemplo: bool = False,
    directorio: list[dict] | None = None,
) -> list[str]:
    lineas: list[str] = []
    for clave, p in preguntas.items():
        if not p.aplica(nivel):
            continue
        if p.ayuda:
            lineas.append(f"{sangria}# {p.ayuda}")
        lineas.append(f"{sangria}# ({_describir(p, nivel)})")
        if p.tipo == "lista" and p.cubre_directorio and p.campos and directorio and not ejemplo:
            lineas += _desde_directorio(clave, p, nivel, directorio)
        else:
            lineas += _campo(clave, p, nivel, sangria) if ejemplo else _respuesta(clave, p, nivel, sangria)
        lineas.append("")
    return lineas


def perfil_del_destino(destino: Path) -> tuple[Path, dict] | None:
    """El perfil (ruta y datos) de la carpeta de instancia en que se crea `destino`, o None."""
    from .respuestas import cargar_yaml

    raiz = raiz_de(destino)
    if raiz is None:
        return None
    ruta = raiz / ARCHIVO_PERFIL
    datos = cargar_yaml(ruta).datos
    return ruta, datos if isinstance(datos, dict) else {}


def nivel_para(nivel: str | None, perfil: tuple[Path, dict] | None) -> str:
    """El nivel del esqueleto: el pedido con --nivel o, dentro de una carpeta, el de su perfil
    (si se piden los dos y no coinciden, error)."""
    propio = str(perfil[1].get("nivel") or "").lower() if perfil else ""
    if nivel and propio and nivel.lower() != propio:
        raise ErrorGenerador(
            f"--nivel {nivel}: la instancia de la carpeta es de nivel «{propio}» ({perfil[0] if perfil else ''}); "
            "quite --nivel o cree el archivo fuera de la carpeta"
        )
    return (nivel or propio).lower()


def esqueleto(documento: str, nivel: str, perfil: dict | None = None) -> str:
    """Texto YAML comentado para `documento` (o «instancia», el perfil) en `nivel`.

    `perfil`: el de la carpeta de instancia en que se crea (su directorio prellena la asistencia)."""
    lineas = [
        f"# Respuestas para «{documento}», nivel {nivel}. Generado por «generador nuevo».",
        "# Llene los campos que quedan vacíos; los ejemplos y los campos opcionales van comentados:",
        "# para usar un opcional, quite el «# » del comienzo de su línea.",
        "",
    ]
    if documento == "instancia":
        preguntas = dict(preguntas_perfil())
        lineas += [f"nivel: {nivel}", ""]
        preguntas.pop("nivel")
        lineas += _bloque(preguntas, nivel, "")
        return "\n".join(lineas).rstrip() + "\n"
    m = manifiesto(documento)
    lineas[0] = f"# {m.titulo} — nivel {nivel}. Generado por «generador nuevo»."
    lineas += [f"documento: {m.id}", f"nivel: {nivel}"]
    if perfil is None:
        lineas += [
            "# Perfil de la instancia: ruta a un instancia.yaml (cree uno con «generador nuevo instancia --nivel "
            f"{nivel}») o el perfil escrito aquí mismo.",
            "instancia: instancia.yaml",
        ]
    else:
        lineas.append(
            "# Dentro de la carpeta de la instancia se usa su perfil (instancia.yaml): no lleva «instancia:»."
        )
    directorio = [
        m for m in (perfil or {}).get("integrantes") or [] if isinstance(m, dict) and m.get("entidad") is not None
    ]
    lineas += ["", *_bloque(m.preguntas, nivel, "", directorio=directorio)]
    return "\n".join(lineas).rstrip() + "\n"
