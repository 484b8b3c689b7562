"""`generador plantilla revisar`: revisión de una plantilla .docx editada en Word, antes de usarla.

Para capacitadoras y capacitadores que editan las plantillas a mano. Cada observación nombra la
parte (cuerpo, encabezado, pie, celda de tabla) y el párrafo de Word por su texto:

- errores de sintaxis Jinja (cada uno una vez, no una vez por nivel);
- etiquetas partidas entre trozos («runs») con distinto formato: al generar, la etiqueta entera
  toma el formato del primer trozo (una negrita a medias se pierde);
- texto escrito en un párrafo `{%p … %}` (o una fila `{%tr … %}`): ese párrafo se borra entero;
- datos que la plantilla usa y que ni el manifiesto ni el perfil dan;
- secciones exigidas por el manifiesto que el documento producido ya no tiene.
"""

from __future__ import annotations

import difflib
import re
import zipfile
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
from jinja2 import meta, nodes
from lxml import etree

from .errores import ErrorGenerador
from .manifiesto import Manifiesto, Seccion, cargar_manifiesto, catalogo, plantillas_rotas
from .ubicaciones import carpeta_ejemplos

if TYPE_CHECKING:
    from .validacion import Respuestas

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_ETIQUETA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)
_VISIBLES = {
    f"{W}{n}"
    for n in ("b", "i", "u", "strike", "caps", "smallCaps", "color", "sz", "highlight", "vertAlign", "rFonts", "shd")
}
_NOMBRES_FORMATO = {
    "b": "negrita",
    "i": "cursiva",
    "u": "subrayado",
    "strike": "tachado",
    "caps": "mayúsculas",
    "smallCaps": "versalitas",
    "color": "color",
    "sz": "tamaño",
    "highlight": "resaltado",
    "vertAlign": "superíndice",
    "rFonts": "fuente",
    "shd": "sombreado",
}
_BASE = {"documento", "nivel", "instancia", "ley", "hoy", "cuenta"}


@dataclass
class Observacion:
    gravedad: str  # «error» (la plantilla no sirve así) o «aviso»
    parte: str  # «cuerpo», «encabezado 1», «cuerpo, celda de tabla (fila 2, columna 1)»…
    parrafo: str  # texto del párrafo de Word («» si no corresponde a uno)
    mensaje: str

    def __str__(self) -> str:
        marca = "✗" if self.gravedad == "error" else "!"
        donde = self.parte + (f", párrafo «{_corto(self.parrafo)}»" if self.parrafo else "")
        return f"  {marca} {donde}: {self.mensaje}"


@dataclass
class Informe:
    plantilla: Path
    observaciones: list[Observacion] = field(default_factory=list)
    parrafos: int = 0

    @property
    def errores(self) -> list[Observacion]:
        return [o for o in self.observaciones if o.gravedad == "error"]

    def anotar(self, gravedad: str, parte: str, parrafo: str, mensaje: str) -> None:
        nueva = Observacion(gravedad, parte, parrafo, mensaje)
        if nueva not in self.observaciones:  # cada problema, una vez
            self.observaciones.append(nueva)

    def texto(self) -> str:
        if not self.observaciones:
            return f"{self.plantilla}: sin problemas ({self.parrafos} párrafos revisados)."
        avisos = len(self.observaciones) - len(self.errores)
        return "\n".join(
            [f"{self.plantilla}: {len(self.errores)} error(es), {avisos} aviso(s)", *map(str, self.observaciones)]
        )


def _corto(texto: str, largo: int = 90) -> str:
    texto = " ".join(texto.split())
    return texto if len(texto) <= largo else texto[: largo - 1] + "…"


# --- Lectura del .docx: partes y párrafos con su lugar ------------------------------------


@dataclass
class _Parrafo:
    parte: str
    texto: str
    runs: list[tuple[str, tuple]]  # (texto, formato visible)


def _nombre_parte(archivo: str) -> str:
    m = re.match(r"word/(header|footer)(\d*)\.xml$", archivo)
    if not m:
        return "cuerpo"
    return ("encabezado" if m.group(1) == "header" else "pie") + (f" {m.group(2)}" if m.group(2) else "")


def _formato(run) -> tuple:
    rpr = run.find(f"{W}rPr")
    if rpr is None:
        return ()
    return tuple(sorted((h.tag, tuple(sorted(h.attrib.items()))) for h in rpr if h.tag in _VISIBLES))


def _lugar(p, parte: str) -> str:
    celda = next(p.iterancestors(f"{W}tc"), None)
    if celda is None:
        return parte
    fila = celda.getparent()
    tabla = fila.getparent()
    f = [t for t in tabla if t.tag == f"{W}tr"].index(fila) + 1
    c = [t for t in fila if t.tag == f"{W}tc"].index(celda) + 1
    return f"{parte}, celda de tabla (fila {f}, columna {c})"


def _partes(ruta: Path) -> dict[str, etree._Element]:
    try:
        with zipfile.ZipFile(ruta) as z:
            nombres = [
                n for n in z.namelist() if n == "word/document.xml" or re.match(r"word/(header|footer)\d*\.xml$", n)
            ]
            return {n: etree.fromstring(z.read(n)) for n in sorted(nombres, key=lambda n: n != "word/document.xml")}
    except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError, OSError) as exc:
        raise ErrorGenerador(f"{ruta}: no es un .docx legible ({exc})") from None


def _parrafos(partes: dict[str, etree._Element]) -> list[_Parrafo]:
    salida = []
    for archivo, arbol in partes.items():
        for p in arbol.iter(f"{W}p"):
            runs = [("".join(t.text or "" for t in r.iter(f"{W}t")), _formato(r)) for r in p.iter(f"{W}r")]
            runs = [r for r in runs if r[0]]
            salida.append(_Parrafo(_lugar(p, _nombre_parte(archivo)), "".join(t for t, _ in runs), runs))
    return salida


# --- Comprobaciones sobre el texto de Word --------------------------------------------------


def _diferencias(formatos: list[tuple]) -> str:
    distintos = set().union(*map(set, formatos)) - set.intersection(*map(set, formatos))
    nombres = sorted({_NOMBRES_FORMATO.get(etree.QName(tag).localname, "formato") for tag, _ in distintos})
    return ", ".join(nombres) or "formato"


def _etiquetas_partidas(p: _Parrafo, informe: Informe) -> None:
    limites, pos = [], 0
    for texto, formato in p.runs:
        limites.append((pos, pos + len(texto), formato, texto))
        pos += len(texto)
    for m in _ETIQUETA.finditer(p.texto):
        trozos = [(f, t) for a, b, f, t in limites if a < m.end() and b > m.start()]
        formatos = [f for f, _ in trozos]
        if len(set(formatos)) > 1:
            informe.anotar(
                "error",
                p.parte,
                p.texto,
                f"la etiqueta «{_corto(m.group(), 60)}» está partida en trozos con distinto formato "
                f"({_diferencias(formatos)}): al generar, toda ella toma el formato del primer trozo "
                "y el resto se pierde. Bórrela y escríbala de nuevo de una vez, con un solo formato",
            )


def _texto_en_linea_de_control(p: _Parrafo, informe: Informe) -> None:
    control = re.search(r"\{%p\s.*?%\}", p.texto, re.DOTALL)
    if not control:
        return
    resto = " ".join(re.sub(r"\{%p\s.*?%\}", " ", p.texto, flags=re.DOTALL).split())
    if resto:
        informe.anotar(
            "error",
            p.parte,
            p.texto,
            f"este párrafo lleva «{_corto(control.group(), 40)}», y un párrafo así se borra entero al "
            f"generar: el texto «{_corto(resto, 60)}» desaparecería. Páselo a su propio párrafo",
        )


def _texto_en_fila_de_control(partes: dict[str, etree._Element], informe: Informe) -> None:
    for archivo, arbol in partes.items():
        for fila in arbol.iter(f"{W}tr"):
            texto = "".join(t.text or "" for t in fila.iter(f"{W}t"))
            control = re.search(r"\{%tr\s.*?%\}", texto, re.DOTALL)
            if control:
                resto = _ETIQUETA.sub("", texto[: control.start()] + texto[control.end() :]).strip()
                if resto:
                    primer = next(fila.iter(f"{W}p"))
                    informe.anotar(
                        "error",
                        _lugar(primer, _nombre_parte(archivo)),
                        texto,
                        f"esta fila lleva «{_corto(control.group(), 40)}», y una fila así se borra entera "
                        f"al generar: el texto «{_corto(resto, 60)}» desaparecería. Póngalo en otra fila",
                    )


# --- Jinja: sintaxis y datos usados ---------------------------------------------------------


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
    """El XML de cada parte como lo ve Jinja al generar (los mismos pasos de renderizado.py)."""
    from docxtpl import DocxTemplate

    plantilla = DocxTemplate(str(ruta))
    plantilla.render_init()
    salida = {"word/document.xml": plantilla.get_xml()}
    for parte in plantilla.docx.part.package.parts:
        if parte.partname.startswith(("/word/header", "/word/footer")):
            salida[parte.partname.lstrip("/")] = plantilla.get_part_xml(parte)
    return {
        n: plantilla.patch_xml(x).replace("<w:p ", "\n<w:p ").replace("<w:p>", "\n<w:p>") for n, x in salida.items()
    }


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


def _etiquetas_del_parrafo(p: _Parrafo, informe: Informe) -> bool:
    """Cada {{ … }} del párrafo por separado (así se hallan todos), y las que no se cierran."""
    hallado = False
    for etiqueta in re.findall(r"\{\{.*?\}\}", p.texto):
        error = _error_de_etiqueta(etiqueta)
        if error:
            hallado = True
            informe.anotar("error", p.parte, p.texto, f"«{_corto(etiqueta, 50)}»: {error}")
    resto = _ETIQUETA.sub("", p.texto)
    for abre, cierra in (("{{", "}}"), ("{%", "%}")):
        if abre in resto:
            hallado = True
            suelta = resto[resto.index(abre) :][:40]
            informe.anotar(
                "error",
                p.parte,
                p.texto,
                f"la etiqueta «{_corto(suelta, 40)}» no se cierra en este "
                f"párrafo: falta «{cierra}» (toda etiqueta empieza y termina en el mismo párrafo)",
            )
        elif cierra in resto:
            hallado = True
            informe.anotar(
                "error", p.parte, p.texto, f"sobra «{cierra}»: no hay un «{abre}» que lo abra en este párrafo"
            )
    return hallado


def _sintaxis(ruta: Path, parrafos: list[_Parrafo], informe: Informe) -> dict[str, nodes.Template]:
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
            informe.anotar("error", _nombre_parte(archivo), texto, _mensaje_jinja(exc))
    return arboles


def _parrafo_que_usa(parrafos: list[_Parrafo], nombre: str) -> _Parrafo | None:
    patron = re.compile(rf"(?<![\w.]){re.escape(nombre)}\b")
    return next((p for p in parrafos if any(patron.search(e) for e in _ETIQUETA.findall(p.texto))), None)


def _datos_usados(
    arboles: dict[str, nodes.Template],
    contextos: list[dict],
    parrafos: list[_Parrafo],
    preguntas: set[str],
    informe: Informe,
) -> None:
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
            parecidos = difflib.get_close_matches(nombre, sorted(dados), n=2)
            sugerencia = f"; ¿quiso decir {' o '.join(f'«{x}»' for x in parecidos)}?" if parecidos else ""
            # sin ejemplos no se conocen los campos calculados («asistencia»…): solo un aviso
            informe.anotar(
                "error" if contextos else "aviso",
                p.parte if p else _nombre_parte(archivo),
                p.texto if p else "",
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
            sugerencia = (
                f"; ¿quiso decir {' o '.join(f'«{nodo.node.name}.{x}»' for x in parecidos)}?" if parecidos else ""
            )
            informe.anotar(
                "error",
                p.parte if p else _nombre_parte(archivo),
                p.texto if p else "",
                f"usa el dato «{completo}», que no existe{sugerencia}",
            )


# --- Secciones exigidas, sobre lo que la plantilla produce ----------------------------------


def _secciones(
    ruta: Path, secciones: list[Seccion], ejemplos: list[tuple[Path, Respuestas, dict]], informe: Informe
) -> None:
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
                faltan.setdefault(f"«{s.titulo}» ({s.id})", [])
                if respuestas.nivel not in faltan[f"«{s.titulo}» ({s.id})"]:
                    faltan[f"«{s.titulo}» ({s.id})"].append(respuestas.nivel)
    for seccion, niveles in faltan.items():
        informe.anotar(
            "error",
            "documento",
            "",
            f"falta la sección exigida {seccion}: el documento que produce "
            f"la plantilla ya no la tiene (nivel {', '.join(niveles)})",
        )


def _ejemplos_de(m: Manifiesto) -> list[tuple[Path, Respuestas, dict]]:
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


# --- Entrada: un id del catálogo o un archivo .docx ------------------------------------------


def _objetivos(objetivo: str) -> list[tuple[Path, Manifiesto | None, list[Seccion] | None, str]]:
    """(plantilla, manifiesto, secciones exigidas, condición «si») de cada .docx a revisar."""
    if objetivo in plantillas_rotas():
        raise ErrorGenerador(plantillas_rotas()[objetivo])
    if objetivo in catalogo():
        m = catalogo()[objetivo]
        return [
            (m.ruta_plantilla, m, m.secciones, ""),
            *((m.carpeta / a.plantilla, m, a.secciones, a.si) for a in m.adicionales),
        ]
    ruta = Path(objetivo)
    if ruta.suffix.lower() != ".docx":
        raise ErrorGenerador(
            f"«{objetivo}» no es un tipo de documento ni un archivo .docx; tipos: {', '.join(catalogo())}"
        )
    if not ruta.is_file():
        raise ErrorGenerador(f"{ruta}: el archivo no existe")
    if not (ruta.parent / "manifiesto.yaml").is_file():
        return [(ruta, None, None, "")]
    m = cargar_manifiesto(ruta.parent)
    adicional = next((a for a in m.adicionales if a.plantilla == ruta.name), None)
    if adicional:
        return [(ruta, m, adicional.secciones, adicional.si)]
    return [(ruta, m, m.secciones, "")]


def revisar_plantilla(objetivo: str, secciones: bool = True) -> list[Informe]:
    """Un informe por .docx: el de `objetivo` (archivo) o los del tipo de documento `objetivo`.

    Con `secciones=False` no se aplica la plantilla a los ejemplos (la generación ya lo verifica).
    """
    informes = []
    ejemplos_por_tipo: dict[str, list] = {}
    for ruta, m, exigidas, si in _objetivos(objetivo):
        informe = Informe(ruta)
        partes = _partes(ruta)
        parrafos = _parrafos(partes)
        informe.parrafos = sum(1 for p in parrafos if p.texto.strip())
        for p in parrafos:
            _etiquetas_partidas(p, informe)
            _texto_en_linea_de_control(p, informe)
        _texto_en_fila_de_control(partes, informe)
        arboles = _sintaxis(ruta, parrafos, informe)
        if m is not None:
            if m.id not in ejemplos_por_tipo:
                ejemplos_por_tipo[m.id] = _ejemplos_de(m)
            ejemplos = ejemplos_por_tipo[m.id]
            _datos_usados(arboles, [c for _, _, c in ejemplos], parrafos, set(m.preguntas), informe)
            aplicables = [e for e in ejemplos if not si or e[2].get(si)]  # adicional: solo si se genera
            if secciones and exigidas and aplicables:
                _secciones(ruta, exigidas, aplicables, informe)
        informes.append(informe)
    return informes
