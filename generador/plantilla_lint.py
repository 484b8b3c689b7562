"""`generador plantilla revisar`: revisión de una plantilla .docx editada en Word, antes de usarla.

Para capacitadoras y capacitadores que editan las plantillas a mano. Cada observación nombra la
parte (cuerpo, encabezado, pie, celda de tabla) y el párrafo de Word por su texto
(`plantilla_informe.py`):

- errores de sintaxis Jinja, cada uno una vez, no una vez por nivel (`plantilla_sintaxis.py`);
- etiquetas partidas entre trozos («runs») con distinto formato: al generar, la etiqueta entera
  toma el formato del primer trozo (una negrita a medias se pierde); y texto escrito en un
  párrafo `{%p … %}` (o una fila `{%tr … %}`): ese párrafo se borra entero (`plantilla_word.py`);
- datos que la plantilla usa y que ni el manifiesto ni el perfil dan, y secciones exigidas por el
  manifiesto que el documento producido ya no tiene (`plantilla_manifiesto.py`).
"""

from __future__ import annotations

from pathlib import Path

from .errores import ErrorGenerador
from .manifiesto import Manifiesto, Seccion, cargar_manifiesto, catalogo, plantillas_rotas
from .plantilla_informe import Informe
from .plantilla_manifiesto import ejemplos_de, revisar_datos, revisar_secciones
from .plantilla_sintaxis import revisar_sintaxis
from .plantilla_word import parrafos_de, partes_de, revisar_texto


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
        partes = partes_de(ruta)
        parrafos = parrafos_de(partes)
        informe.parrafos = sum(1 for p in parrafos if p.texto.strip())
        revisar_texto(partes, parrafos, informe)
        arboles = revisar_sintaxis(ruta, parrafos, informe)
        if m is not None:
            if m.id not in ejemplos_por_tipo:
                ejemplos_por_tipo[m.id] = ejemplos_de(m)
            ejemplos = ejemplos_por_tipo[m.id]
            revisar_datos(arboles, [c for _, _, c in ejemplos], parrafos, set(m.preguntas), informe)
            aplicables = [e for e in ejemplos if not si or e[2].get(si)]  # adicional: solo si se genera
            if secciones and exigidas and aplicables:
                revisar_secciones(ruta, exigidas, aplicables, informe)
        informes.append(informe)
    return informes
