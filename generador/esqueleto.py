"""`generador nuevo`: un YAML de respuestas comentado, generado desde las preguntas declaradas."""

from __future__ import annotations

import datetime as dt

import yaml

from .manifiesto import manifiesto
from .perfil import preguntas_perfil
from .preguntas import Pregunta

_TIPOS = {
    "texto": "texto", "texto_largo": "texto largo (párrafos separados por una línea en blanco)",
    "fecha": "fecha AAAA-MM-DD", "hora": "hora HH:MM", "entero": "número entero",
    "decimal": "número (punto decimal)", "opcion": "una opción", "booleano": "sí / no",
    "lista": "lista", "objeto": "grupo de campos",
}


def _valor(v) -> str:
    if isinstance(v, (dt.date, dt.time)):
        return v.isoformat()[:5] if isinstance(v, dt.time) else v.isoformat()
    if isinstance(v, bool):
        return "sí" if v else "no"
    texto = yaml.safe_dump(v, allow_unicode=True, default_flow_style=True, width=10_000).strip()
    return texto.removesuffix("\n...").removesuffix("...").strip()


def _describir(p: Pregunta, nivel: str) -> str:
    partes = [_TIPOS[p.tipo]]
    if p.tipo == "opcion":
        partes[0] += ": " + " | ".join(p.opciones)
    partes.append("obligatorio" if p.es_requerida(nivel) and p.defecto is None else "opcional")
    if p.defecto is not None:
        partes.append(f"por defecto: {_valor(p.defecto)}")
    return "; ".join(partes)


def _lineas(preguntas: dict[str, Pregunta], nivel: str, sangria: str, lineas: list[str]) -> None:
    for clave, p in preguntas.items():
        if not p.aplica(nivel):
            continue
        if p.ayuda:
            lineas.append(f"{sangria}# {p.ayuda}")
        lineas.append(f"{sangria}# ({_describir(p, nivel)})")
        ejemplo = p.ejemplo if p.ejemplo is not None else p.defecto
        if p.tipo == "objeto":
            lineas.append(f"{sangria}{clave}:")
            _lineas(p.campos, nivel, sangria + "  ", lineas)
        elif p.tipo == "lista" and p.campos:
            lineas.append(f"{sangria}{clave}:")
            sub: list[str] = []
            _lineas(p.campos, nivel, sangria + "    ", sub)
            primera = next(i for i, l in enumerate(sub) if not l.lstrip().startswith("#"))
            sub[primera] = f"{sangria}  - " + sub[primera].lstrip()
            lineas.extend(sub)
        elif p.tipo == "texto_largo":
            texto = ejemplo if isinstance(ejemplo, str) else "\n\n".join(ejemplo or [""])
            lineas.append(f"{sangria}{clave}: |")
            lineas.extend(f"{sangria}  {l}" for l in texto.splitlines())
        else:
            lineas.append(f"{sangria}{clave}: {_valor(ejemplo) if ejemplo is not None else ''}".rstrip())
        lineas.append("")


def esqueleto(documento: str, nivel: str) -> str:
    """Texto YAML comentado para `documento` (o «instancia», el perfil) en `nivel`."""
    lineas = [f"# Respuestas para «{documento}», nivel {nivel}. Generado por «generador nuevo».",
              "# Reemplace los ejemplos por sus datos; las líneas que empiezan con # son ayuda.", ""]
    if documento == "instancia":
        preguntas = dict(preguntas_perfil())
        preguntas["nivel"] = preguntas["nivel"].model_copy(update={"ejemplo": nivel})
        _lineas(preguntas, nivel, "", lineas)
        return "\n".join(lineas).rstrip() + "\n"
    m = manifiesto(documento)
    lineas[0] = f"# {m.titulo} — nivel {nivel}. Generado por «generador nuevo»."
    lineas += [f"documento: {m.id}", f"nivel: {nivel}",
               "# Perfil de la instancia: ruta a un instancia.yaml (cree uno con «generador nuevo instancia --nivel "
               f"{nivel}») o el perfil escrito aquí mismo.",
               "instancia: instancia.yaml", ""]
    _lineas(m.preguntas, nivel, "", lineas)
    return "\n".join(lineas).rstrip() + "\n"
