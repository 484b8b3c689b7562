"""Formularios desde las preguntas declaradas (manifiestos y perfil), y su lectura de vuelta.

Cada campo HTML se llama como la CLI nombra el campo en sus mensajes («asistencia[3].entidad»,
posiciones desde 1): así cada `Problema` de la validación cae junto a su campo sin traducción.
Las fechas se muestran y se escriben como dd/mm/aaaa; en el YAML quedan como AAAA-MM-DD.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import ley
from ..errores import Problema
from ..preguntas import Pregunta
from ..respuestas import nombre_campo
from .lugar import entidad_propuesta

_PALABRAS = {
    "numero": "número",
    "dni": "DNI",
    "anio": "año",
    "descripcion": "descripción",
    "genero": "género",
    "telefono": "teléfono",
    "sesion": "sesión",
    "votacion": "votación",
    "denominacion": "denominación",
    "instalacion": "instalación",
    "designacion": "designación",
    "dias": "días",
    "ambito": "ámbito",
    "comunicacion": "comunicación",
    "secretaria": "secretaría",
    "tecnica": "técnica",
    "periodo": "período",
    "ejecucion": "ejecución",
    "presupuestal": "presupuestal",
    "metas": "metas",
    "diagnostico": "diagnóstico",
    "analisis": "análisis",
    "poblacion": "población",
    "economica": "económica",
    "articulo": "artículo",
    "quorum": "quórum",
    "modalidad": "modalidad",
    "publicacion": "publicación",
}
# Etiquetas enteras cuando la clave, palabra por palabra, no se entiende («Dispensa lectura»).
_ETIQUETAS = {
    "ambito_nombre": "Nombre del ámbito",
    "denominacion_anio": "Denominación del año",
    "dispensa_lectura": "Dispensa del trámite de lectura",
    "plazo_designacion_dias": "Plazo de designación (días hábiles)",
    "plazo_instalacion_dias": "Plazo de instalación (días hábiles)",
    "plazo_reglamento_dias": "Plazo del reglamento interno (días hábiles)",
    "encargado_cumplimiento": "Encargado del cumplimiento",
    "encargado_publicacion": "Encargado de la publicación",
    "medio_publicacion": "Medio de publicación",
    "integrantes_inexistentes": "Integrantes que no existen en el territorio",
    "opcionales": "Integrantes «si los hubiera» que sí existen",
    "mecanismo_anterior": "Mecanismo anterior que se deroga",
    "numero_acta": "Número del acta",
    "hora_inicio": "Hora de inicio",
    "hora_fin": "Hora de término",
    "hora_instalacion": "Hora de la instalación",
    "juramenta_presidencia": "Quién toma juramento a la Presidencia",
    "medios_comunicacion": "Medios de comunicación",
}
MUESTRA_PRESIDENCIA = "Si lo deja vacío: el de la Presidencia"
# «(AAAA-MM-DD)» en la ayuda es el formato del YAML; en la web la ayuda ya dice «Formato dd/mm/aaaa».
_AYUDA_FORMATO = re.compile(r"\s*\((?:AAAA-MM-DD|HH:MM)\)")
_FECHA_CLI = "escriba AAAA-MM-DD, por ejemplo 2026-03-15"
_FECHA_WEB = "escriba dd/mm/aaaa, por ejemplo 15/03/2026"


@dataclass
class Campo:
    nombre: str  # nombre HTML y de los mensajes: «asistencia[3].entidad»
    id: str  # id HTML: «c-asistencia-3-entidad»
    etiqueta: str
    tipo: str
    ayuda: str = ""
    ejemplo: str = ""
    requerido: bool = False
    valor: str = ""
    opciones: list[str] = field(default_factory=list)
    hijos: list[Campo] = field(default_factory=list)  # objeto
    filas: list[list[Campo]] = field(default_factory=list)  # lista de objetos
    errores: list[str] = field(default_factory=list)
    columnas: list[tuple[str, Campo]] = field(default_factory=list)  # lista como tabla: (grupo, campo)
    rotulos: dict[str, str] = field(default_factory=dict)  # lo que se lee de cada opción, si no es ella
    muestra: str = ""  # texto de muestra (placeholder) del campo vacío
    enfocar: bool = False  # el primer campo de una fila recién añadida
    elegidas: list[str] = field(default_factory=list)  # casillas marcadas (lista con opciones)


CASILLAS = "#casillas"  # marca de un grupo de casillas enviado (sin ninguna marcada, no llega nada más)
_SIMPLES = {"texto", "fecha", "hora", "entero", "decimal", "opcion", "booleano", "documento"}


def _columnas(fila: list[Campo]) -> list[tuple[str, Campo]] | None:
    """Columnas de una lista que cabe en una tabla (campos simples o grupos de campos simples)."""
    columnas: list[tuple[str, Campo]] = []
    for c in fila:
        if c.tipo in _SIMPLES:
            columnas.append(("", c))
        elif c.tipo == "objeto" and all(h.tipo in _SIMPLES for h in c.hijos):
            columnas.extend((c.etiqueta, h) for h in c.hijos)
        else:
            return None
    return columnas


def etiqueta(clave: str, p: Pregunta) -> str:
    if p.etiqueta:
        return p.etiqueta[:1].upper() + p.etiqueta[1:]
    if clave in _ETIQUETAS:
        return _ETIQUETAS[clave]
    texto = " ".join(_PALABRAS.get(w, w) for w in clave.split("_"))
    return texto[:1].upper() + texto[1:]


def id_html(nombre: str) -> str:
    return "c-" + re.sub(r"[^\w-]+", "-", nombre).strip("-")


def fecha_web(valor: Any) -> str:
    """2026-04-10 → 10/04/2026 (lo que no es una fecha ISO queda tal cual)."""
    texto = valor.isoformat() if isinstance(valor, dt.date) else str(valor)
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", texto.strip())
    return f"{m.group(3)}/{m.group(2)}/{m.group(1)}" if m else texto


def fecha_iso(texto: str) -> str:
    """10/04/2026 (o 10-4-2026, o 2026-04-10) → 2026-04-10; lo demás queda tal cual (y la
    validación lo señala)."""
    t = texto.strip()
    m = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", t)
    if m:
        return f"{m.group(3)}-{int(m.group(2)):02d}-{int(m.group(1)):02d}"
    return t


def _texto(p: Pregunta, valor: Any) -> str:
    if valor is None:
        return ""
    if p.tipo == "fecha":
        return fecha_web(valor)
    if p.tipo == "hora":
        return valor.strftime("%H:%M") if isinstance(valor, dt.time) else str(valor)
    if p.tipo == "booleano":
        if isinstance(valor, bool):
            return "sí" if valor else "no"
        v = str(valor).strip().lower()
        return {"si": "sí", "true": "sí", "false": "no"}.get(v, v)
    if p.tipo == "texto_largo" and isinstance(valor, list):
        return "\n\n".join(str(v) for v in valor)
    if p.tipo == "lista" and p.elementos is not None:
        return "\n".join(_texto(p.elementos, v) for v in valor) if isinstance(valor, list) else str(valor)
    return str(valor)


def campos(
    preguntas: dict[str, Pregunta],
    datos: Any,
    nivel: str | None,
    errores: dict[str, list[str]],
    prefijo: tuple = (),
    documentos: dict[str, list[str]] | None = None,
    opciones_de: dict[str, list[str]] | None = None,
) -> list[Campo]:
    """Campos del formulario para `preguntas`, con los valores de `datos` (o sus defectos).

    `documentos`: archivos de la carpeta por tipo (preguntas «documento»); `opciones_de`: opciones
    para un texto, por su nombre sin posiciones («integrantes.integrante»)."""
    datos = datos if isinstance(datos, dict) else {}
    salida = []
    for clave, p in preguntas.items():
        if not p.aplica(nivel):
            continue
        ruta = (*prefijo, clave)
        nombre = nombre_campo(ruta)
        valor = datos.get(clave, p.defecto)
        ejemplo = _texto(p, p.ejemplo) if p.ejemplo is not None and p.tipo not in ("objeto", "lista") else ""
        c = Campo(
            nombre,
            id_html(nombre),
            etiqueta(clave, p),
            p.tipo,
            _AYUDA_FORMATO.sub("", p.ayuda) if p.tipo in ("fecha", "hora") else p.ayuda,
            ejemplo,
            p.es_requerida(nivel) and p.defecto is None,
            errores=errores.get(nombre, []),
        )
        if p.tipo == "lista":  # errores de un elemento sin campo propio («visto[2]», «asistencia[3]»)
            patron = re.compile(re.escape(nombre) + (r"\[\d+\]$" if p.elementos is None else r"\["))
            c.errores = c.errores + [m for k, ms in errores.items() if patron.match(k) for m in ms]
        if p.tipo == "objeto":
            c.hijos = campos(p.campos, valor, nivel, errores, ruta, documentos, opciones_de)
        elif p.tipo == "lista" and p.elementos is None:
            c.tipo = "filas"  # lista de objetos: una fila por elemento, con añadir/quitar
            filas = valor if isinstance(valor, list) else []
            c.filas = [
                campos(p.campos, f, nivel, errores, (*ruta, i), documentos, opciones_de) for i, f in enumerate(filas)
            ]
            c.columnas = _columnas(campos(p.campos, {}, nivel, {}, (*ruta, 0), documentos, opciones_de)) or []
            if filas and not filas[-1] and not isinstance(filas[-1], FilaPropuesta):
                # recién añadida (las filas vacías no se guardan): el foco va ahí
                primero = _primero(c.filas[-1])
                if primero is not None:
                    primero.enfocar = True
            if ruta == ("integrantes",):
                for datos_fila, fila in zip(filas, c.filas):
                    _muestra_de_quien_preside(datos_fila, fila)
        elif p.tipo == "lista" and (_opciones_de_lista(p) or (opciones_de and nombre in opciones_de)):
            c.tipo = "casillas"  # una casilla por opción (p. ej. los integrantes «si los hubiera»)
            c.elegidas = [str(v) for v in valor] if isinstance(valor, list) else []
            propias = (opciones_de or {}).get(nombre) or _opciones_de_lista(p)
            c.opciones = [*propias, *(v for v in c.elegidas if v not in propias)]
            c.rotulos = {o: _nombre_integrante(o, nivel) or o for o in c.opciones}
        else:
            c.valor = _texto(p, valor)
            c.opciones = list(p.opciones)
            if p.tipo == "booleano":
                c.opciones = ["sí", "no"]
            elif p.tipo == "documento":
                c.opciones = (documentos or {}).get(p.documento or "", [])
            elif opciones_de and re.sub(r"\[\d+\]", "", nombre) in opciones_de:
                c.opciones = opciones_de[re.sub(r"\[\d+\]", "", nombre)]
            if re.sub(r"\[\d+\]", "", nombre) == "integrantes.integrante":
                c.rotulos = {o: _nombre_integrante(o, nivel) for o in c.opciones if _nombre_integrante(o, nivel)}
        salida.append(c)
    return salida


def _opciones_de_lista(p: Pregunta) -> list[str]:
    """Las opciones de una lista de opciones (`elementos: {tipo: opcion, opciones: […]}`)."""
    return list(p.elementos.opciones) if p.elementos is not None and p.elementos.tipo == "opcion" else []


def _primero(fila: list[Campo]) -> Campo | None:
    """El primer campo que se llena de una fila (dentro de un grupo, su primer campo)."""
    for c in fila:
        if c.hijos:
            c = c.hijos[0]
        if not c.hijos and not c.filas:
            return c
    return None


def _nombre_integrante(codigo: str, nivel: str | None) -> str:
    """«cem» → «Centro Emergencia Mujer», como lo nombra la norma en ese nivel (o en el primero
    que lo tiene)."""
    for n in [nivel, *ley.ley()["niveles"]] if nivel in ley.ley()["niveles"] else ley.ley()["niveles"]:
        if codigo in ley.ids_integrantes(n):
            return entidad_propuesta(ley.ids_integrantes(n)[codigo]["texto"])
    return ""


def _preside(codigo: Any) -> bool:
    return any(ley.ids_integrantes(n).get(str(codigo), {}).get("preside") for n in ley.ley()["niveles"])


def _muestra_de_quien_preside(datos_fila: Any, fila: list[Campo]) -> None:
    """La fila del gobierno que preside: su titular es la Presidencia (cargo indelegable)."""
    if not isinstance(datos_fila, dict) or not _preside(datos_fila.get("integrante")):
        return
    for c in fila:
        if c.nombre.endswith(".titular"):
            for h in c.hijos:
                if h.nombre.endswith(".nombre"):
                    h.muestra = MUESTRA_PRESIDENCIA


def nombres(lista: list[Campo]) -> set[str]:
    """Todos los nombres de campo presentes en el formulario (para enlazar los errores)."""
    salida: set[str] = set()
    for c in lista:
        salida.add(c.nombre)
        salida |= nombres(c.hijos)
        for fila in c.filas:
            salida |= nombres(fila)
    return salida


def _simple(p: Pregunta, texto: str) -> Any:
    t = texto.strip()
    if not t:
        return None
    if p.tipo == "fecha":
        return fecha_iso(t)
    if p.tipo == "hora":
        m = re.fullmatch(r"(\d{1,2})[:.h](\d{2})", t)
        return f"{int(m.group(1)):02d}:{m.group(2)}" if m else t
    if p.tipo == "entero" and re.fullmatch(r"-?\d{1,15}", t):
        return int(t)
    if p.tipo == "texto_largo":
        return texto.replace("\r", "").strip()
    if p.tipo in ("texto", "documento"):
        return " ".join(t.split())
    return t


def leer(preguntas: dict[str, Pregunta], formulario: dict[str, str], nivel: str | None, prefijo: tuple = ()) -> dict:
    """Datos (como los escribiría a mano quien usa la CLI) desde un formulario enviado.

    Lo vacío se omite: un campo opcional vacío no se escribe, un grupo sin nada tampoco, y una
    fila de lista sin ningún valor se descarta.
    """
    datos: dict[str, Any] = {}
    for clave, p in preguntas.items():
        if not p.aplica(nivel):
            continue
        ruta = (*prefijo, clave)
        nombre = nombre_campo(ruta)
        if p.tipo == "objeto":  # un grupo que solo tiene sus valores por defecto no se escribe
            valor: Any = leer(p.campos, formulario, nivel, ruta) or None
            if (
                valor
                and all(
                    _simple(p.campos[k], str(v)) == _simple(p.campos[k], _texto(p.campos[k], p.campos[k].defecto))
                    for k, v in valor.items()
                    if not isinstance(v, (dict, list))
                )
                and not any(isinstance(v, (dict, list)) for v in valor.values())
            ):
                valor = None
        elif p.tipo == "lista" and p.elementos is None:
            try:
                n = min(int(formulario.get(f"{nombre}#filas", "0")), 500)
            except ValueError:
                n = 0
            filas = [leer(p.campos, formulario, nivel, (*ruta, i)) for i in range(n)]
            valor = [f for f in filas if f] or None
        elif p.tipo == "lista" and p.elementos is not None and f"{nombre}{CASILLAS}" in formulario:
            marcadas = [k[len(nombre) + 1 :] for k, v in formulario.items() if k.startswith(f"{nombre}#") and v]
            valor = [o for o in marcadas if f"{nombre}#{o}" != f"{nombre}{CASILLAS}"] or None
        elif p.tipo == "lista" and p.elementos is not None:
            lineas = [_simple(p.elementos, linea) for linea in formulario.get(nombre, "").splitlines()]
            valor = [v for v in lineas if v is not None] or None
        else:
            valor = _simple(p, formulario.get(nombre, ""))
        if valor is not None:
            datos[clave] = valor
    if not prefijo:
        _titular_de_quien_preside(datos)
    return datos


def _titular_de_quien_preside(datos: dict) -> None:
    """En el directorio, la titular del gobierno que preside es la Presidencia (indelegable): si
    su fila no la tiene, se toma del perfil y no se teclea dos veces."""
    presidencia, filas = datos.get("presidencia"), datos.get("integrantes")
    if not isinstance(presidencia, dict) or not presidencia.get("nombre") or not isinstance(filas, list):
        return
    titular = {k: v for k, v in presidencia.items() if k in ("nombre", "genero", "dni")}
    for i, fila in enumerate(filas):
        if isinstance(fila, dict) and _preside(fila.get("integrante")) and not fila.get("titular"):
            resto = {k: v for k, v in fila.items() if k not in ("integrante", "entidad")}
            filas[i] = {k: fila[k] for k in ("integrante", "entidad") if k in fila} | {"titular": titular} | resto


def ruta_de(nombre: str) -> tuple:
    """«asistencia[3].entidad» → ("asistencia", 2, "entidad")."""
    return tuple(int(n) - 1 if n else c for c, n in re.findall(r"([^.\[\]]+)|\[(\d+)\]", nombre))


def _contenedor(datos: dict, ruta: tuple) -> Any:
    actual: Any = datos
    for parte in ruta:
        if isinstance(actual, dict):
            actual = actual.setdefault(parte, {} if not isinstance(parte, int) else [])
        elif isinstance(actual, list) and isinstance(parte, int) and parte < len(actual):
            actual = actual[parte]
        else:
            return None
    return actual


def aplicar_accion(datos: dict, accion: str) -> None:
    """«anadir:acuerdos» añade una fila vacía; «quitar:acuerdos[2]» quita la segunda."""
    verbo, _, nombre = accion.partition(":")
    ruta = ruta_de(nombre)
    if verbo == "anadir" and ruta:
        padre = _contenedor(datos, ruta[:-1])
        if isinstance(padre, dict):
            lista = padre.get(ruta[-1])
            if not isinstance(lista, list):
                lista = padre[ruta[-1]] = []
            if len(lista) < 500:
                lista.append({})
    elif verbo == "quitar" and ruta and isinstance(ruta[-1], int):
        lista = _contenedor(datos, ruta[:-1])
        if isinstance(lista, list) and ruta[-1] < len(lista):
            del lista[ruta[-1]]


class FilaPropuesta(dict):
    """La fila vacía con que empieza una lista obligatoria (no la añadió la persona: sin foco)."""


def prellenar(preguntas: dict[str, Pregunta], perfil: dict) -> dict:
    """Respuestas iniciales de un documento nuevo: las listas que deben cubrir el directorio
    (asistencia) salen de él, con la primera opción de sus campos obligatorios («titular»); las
    demás listas obligatorias (acuerdos) empiezan con una fila vacía, sin tener que añadirla."""
    datos: dict[str, Any] = {}
    directorio = [m for m in perfil.get("integrantes") or [] if isinstance(m, dict)]
    nivel = perfil.get("nivel") if isinstance(perfil.get("nivel"), str) else None
    for clave, p in preguntas.items():
        if not p.aplica(nivel):
            continue
        if p.tipo == "lista" and p.elementos is None and not p.cubre_directorio and p.es_requerida(nivel):
            datos[clave] = [FilaPropuesta()]
        elif p.tipo == "lista" and p.cubre_directorio and directorio:
            filas = []
            for miembro in directorio:
                fila: dict[str, Any] = {p.cubre_directorio: miembro.get("entidad", "")}
                for sub, q in p.campos.items():
                    if q.tipo == "opcion" and q.requerido and q.opciones and sub not in fila:
                        fila[sub] = q.opciones[0]
                filas.append(fila)
            datos[clave] = filas
    return datos


def errores_por_campo(problemas: list[Problema], archivo_nombre: str) -> dict[str, list[str]]:
    """{campo: [mensajes]} de los problemas del archivo del formulario (fechas en dd/mm/aaaa)."""
    salida: dict[str, list[str]] = {}
    for pr in problemas:
        if str(pr.archivo).endswith(archivo_nombre):
            salida.setdefault(pr.campo, []).append(mensaje(pr))
    return salida


def mensaje(pr: Problema) -> str:
    return pr.mensaje.replace(_FECHA_CLI, _FECHA_WEB)


def enlace_de(campo: str, presentes: set[str]) -> str:
    """Id del campo más cercano que está en el formulario («asistencia[3]» → «asistencia»).

    Lo que falta en el perfil («instancia», «instancia.ordenanza.fecha») no está en el formulario
    de un documento: «perfil» o «perfil#c-ordenanza-fecha», la página donde se corrige."""
    ruta = ruta_de(campo)
    if ruta[:1] == ("instancia",) and "instancia" not in presentes:
        return "perfil" + (f"#{id_html(nombre_campo(ruta[1:]))}" if len(ruta) > 1 else "")
    while ruta:
        nombre = nombre_campo(ruta)
        if nombre in presentes:
            return id_html(nombre)
        ruta = ruta[:-1]
    return ""


def resumen(problemas: list[Problema], carpeta: Path, presentes: set[str], archivo: str) -> list[dict]:
    salida = []
    for pr in problemas:
        propio = str(pr.archivo).endswith(archivo) if archivo else False
        try:
            donde = Path(pr.archivo).resolve().relative_to(carpeta.resolve()).as_posix()
        except ValueError:
            donde = Path(pr.archivo).name
        linea = f", línea {pr.linea}" if pr.linea else ""
        salida.append(
            {
                "texto": f"{donde}{linea}" + (f", campo «{pr.campo}»" if pr.campo else "") + f": {mensaje(pr)}",
                "enlace": enlace_de(pr.campo, presentes) if propio or not archivo else "",
            }
        )
    return salida
