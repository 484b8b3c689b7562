"""`generador revisar`: revisa documentos existentes (.docx y .pdf) contra lo que exige cada
tipo de documento.

Una sola fuente de verdad con `generar`: las secciones exigidas salen de los manifiestos del
catálogo (`plantillas/<id>/manifiesto.yaml`, incluidos sus documentos adicionales) y los
integrantes del nivel, con sus variantes y siglas, de `datos/ley.yaml`. La búsqueda es la misma
que verifica los documentos generados (`verificacion.revisar_texto`). Aquí solo se añade lo que
un documento ajeno necesita: inferir su tipo y su nivel (`inferencia`), las marcas sin llenar
(`marcas`), las recomendaciones aparte, el informe y el resumen de una carpeta.
"""

from __future__ import annotations

import csv
import io
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from . import ley
from .errores import ErrorGenerador
from .inferencia import LINEAS_CABECERA, inferir_nivel, inferir_tipo, pares, recorte
from .lectura import ErrorLectura, Texto, archivos, leer
from .manifiesto import Seccion, catalogo
from .marcas import buscar_marcas
from .verificacion import Encabezados, Hallazgo, Indice, revisar_texto, variantes


@dataclass
class Tipo:
    """Un tipo revisable: un manifiesto o uno de sus documentos adicionales."""

    id: str
    titulo: str
    secciones: list[Seccion]
    niveles: list[str]
    verificar_integrantes: bool = False

    def secciones_de(self, nivel: str) -> list[Seccion]:
        return [s for s in self.secciones if s.aplica(nivel)]

    def identificadores(self) -> list[str]:
        """Frases que, al comienzo del documento, lo identifican: su título y su primera sección."""
        primera = self.secciones[:1]
        return [self.titulo, *(v for s in primera for v in [s.titulo, *s.variantes])]


def tipos() -> dict[str, Tipo]:
    """Todos los tipos del catálogo; los adicionales como «<id>:<sufijo>»."""
    salida: dict[str, Tipo] = {}
    for m in catalogo().values():
        salida[m.id] = Tipo(m.id, m.titulo, list(m.secciones), list(m.niveles), m.verificar_integrantes)
        for a in m.adicionales:
            if a.secciones:
                salida[f"{m.id}:{a.sufijo}"] = Tipo(
                    f"{m.id}:{a.sufijo}", f"{m.titulo} ({a.sufijo})", list(a.secciones), list(m.niveles)
                )
    return salida


@dataclass
class Revision:
    archivo: Path
    formato: str = ""
    tipo: str | None = None
    tipo_inferido: bool = False
    motivo_tipo: str = ""
    nivel: str | None = None
    nivel_inferido: bool = False
    motivo_nivel: str = ""
    hallazgos: list[Hallazgo] = field(default_factory=list)
    opcionales: list[Hallazgo] = field(default_factory=list)
    error: str | None = None  # el archivo no se pudo leer
    indeterminado: str | None = None  # se leyó, pero no se sabe qué tipo (o nivel) es
    paginas: int = 0
    paginas_leidas: int = 0

    @property
    def faltantes(self) -> list[Hallazgo]:
        """Lo exigido que falta (y las marcas sin llenar): decide el veredicto."""
        return [h for h in self.hallazgos if not h.encontrado and h.exigido]

    @property
    def recomendaciones(self) -> list[Hallazgo]:
        """Lo recomendado (buena práctica) que falta: se informa aparte, no cambia el veredicto."""
        return [h for h in self.hallazgos if not h.encontrado and not h.exigido]

    @property
    def estado(self) -> str:
        """«completo», «incompleto», «indeterminado» (tipo o nivel desconocido) o «ilegible»."""
        if self.error:
            return "ilegible"
        if self.indeterminado or not self.hallazgos:
            return "indeterminado"
        return "incompleto" if self.faltantes else "completo"

    def cuenta(self, tipo: str) -> tuple[int, int]:
        """(hallados, total) de lo exigido de un tipo de hallazgo."""
        propios = [h for h in self.hallazgos if h.tipo == tipo and h.exigido]
        return sum(h.encontrado for h in propios), len(propios)


# --- revisión -----------------------------------------------------------------------------


def _lugares(indice: Indice, parrafos: list[int], secciones: list[Seccion]) -> list[str]:
    """«párrafo 12, en «Artículo 3.- …»» de cada párrafo (en orden): el encabezado más cercano
    antes. Lo ya recorrido no se vuelve a mirar (miles de marcas sin encabezados: lineal)."""
    anterior: dict[int, int | None] = {}  # párrafo → su encabezado más cercano (o ninguno)
    encabezados = Encabezados(indice, secciones)
    salida = []
    for i in parrafos:
        j, encabezado = i, None
        while j >= 0:
            if j in anterior:
                encabezado = anterior[j]
                break
            if encabezados.es(j):
                encabezado = j
                break
            j -= 1
        anterior[i] = encabezado
        if encabezado is None or encabezado == i:
            salida.append(f"párrafo {i + 1}")
            continue
        texto = indice.plano(encabezado)
        corto = texto if len(texto) <= 60 else texto[:60].rstrip() + "…"
        salida.append(f"párrafo {i + 1}, en «{corto}»")
    return salida


def revisar_texto_leido(texto: Texto, tipo: str | None = None, nivel: str | None = None) -> Revision:
    r = Revision(
        texto.ruta, texto.formato, paginas=texto.paginas, paginas_leidas=getattr(texto, "paginas_leidas", texto.paginas)
    )
    candidatos = tipos()
    indice = Indice(texto.parrafos)
    # las primeras líneas de un .docx son sus primeros párrafos con los espacios simples, que
    # se normalizan igual si no tienen saltos de línea: no se vuelven a normalizar
    primeros = dict(zip(indice.parrafos[:LINEAS_CABECERA], indice.normales[:LINEAS_CABECERA], strict=True))
    for k in range(min(LINEAS_CABECERA, len(indice.parrafos))):
        if "\n" not in indice.parrafos[k]:
            primeros[indice.plano(k)] = indice.normales[k]
    cabecera = Indice(pares(texto.lineas[:LINEAS_CABECERA], primeros))

    if nivel:
        r.nivel = nivel
    else:
        r.nivel, r.motivo_nivel = inferir_nivel("\n".join(texto.lineas), cabecera)
        r.nivel_inferido = r.nivel is not None
    elegido: Tipo | None
    if tipo:
        if tipo not in candidatos:
            raise ErrorGenerador(f"documento desconocido «{tipo}»; disponibles: {', '.join(candidatos)}")
        elegido = candidatos[tipo]
    else:
        elegido, r.motivo_tipo = inferir_tipo(indice, cabecera, r.nivel, candidatos)
        r.tipo_inferido = elegido is not None
    if elegido is None:
        r.indeterminado = (
            f"no se pudo inferir el tipo de documento ({r.motivo_tipo}); indíquelo con --tipo ({', '.join(candidatos)})"
        )
        return r
    r.tipo = elegido.id
    if r.nivel is None:
        r.indeterminado = f"no se pudo inferir el nivel ({r.motivo_nivel}); indíquelo con --nivel"
        return r
    if r.nivel not in elegido.niveles:
        r.indeterminado = f"el documento «{elegido.id}» no existe para el nivel {r.nivel}; indique --tipo y --nivel"
        return r

    secciones = elegido.secciones_de(r.nivel)
    opcionales = [i["id"] for i in ley.nivel(r.nivel)["integrantes"] if i.get("opcional")]
    hallazgos = revisar_texto(elegido, r.nivel, indice, opcionales)
    formas = {("sección", s.id): variantes(s) for s in secciones}
    formas.update({("integrante", i["id"]): i["variantes"] for i in ley.nivel(r.nivel)["integrantes"]})
    for h in hallazgos:
        if h.encontrado:
            i = h.parrafo  # el párrafo tal cual (no «lista de integrantes: …»): ya normalizado
            propio = i is not None and h.fragmento is indice.parrafos[i]
            normal, plano = (indice.normales[i], indice.plano(i)) if i is not None and propio else (None, None)
            h.fragmento = recorte(h.fragmento, formas[(h.tipo, h.id)], normal=normal, plano=plano)
        if h.tipo == "integrante" and h.id in opcionales:
            h.tipo = "integrante opcional"
            r.opcionales.append(h)
        else:
            r.hallazgos.append(h)
    marcas = buscar_marcas(indice.parrafos)
    for m, lugar in zip(marcas, _lugares(indice, [m.parrafo for m in marcas], secciones), strict=True):
        r.hallazgos.append(Hallazgo("marca", m.clase, f"marca sin llenar {m.texto}", False, lugar))
    return r


def revisar_archivo(ruta: Path, tipo: str | None = None, nivel: str | None = None) -> Revision:
    """Revisa un archivo; si no se puede leer, la revisión lleva el error (nunca «completo»)."""
    try:
        texto = leer(ruta)
    except ErrorLectura as exc:
        return Revision(Path(ruta), Path(ruta).suffix.lower().lstrip("."), tipo=tipo, nivel=nivel, error=str(exc))
    except Exception as exc:  # un archivo raro no debe detener la revisión de una carpeta
        return Revision(
            Path(ruta),
            Path(ruta).suffix.lower().lstrip("."),
            tipo=tipo,
            nivel=nivel,
            error=f"{ruta}: no se pudo leer ({type(exc).__name__}: {exc})",
        )
    return revisar_texto_leido(texto, tipo, nivel)


_EN_PARALELO = 200  # desde cuántos archivos se reparte la revisión entre procesos


def _nucleos_libres() -> int:
    """Núcleos sin trabajo ahora (en una máquina ocupada, más procesos solo estorban)."""
    nucleos = os.cpu_count() or 1
    try:
        carga = os.getloadavg()[0]
    except OSError:
        carga = 0.0
    return max(1, min(8, nucleos - round(carga)))


def _revisar_uno(argumentos: tuple[Path, str | None, str | None]) -> Revision:
    return revisar_archivo(*argumentos)


def revisar_rutas(
    rutas: list[Path], tipo: str | None = None, nivel: str | None = None, trabajadores: int | None = None
) -> list[Revision]:
    """Revisa archivos y carpetas (recursivo: sus .docx, .pdf y .doc), en paralelo si son muchos
    (con `trabajadores` procesos; por defecto, los núcleos libres). El resultado va en el orden
    de los archivos."""
    lista = archivos([Path(r) for r in rutas])
    trabajadores = trabajadores or _nucleos_libres()
    trabajos = [(a, tipo, nivel) for a in lista]
    if trabajadores < 2 or len(lista) < _EN_PARALELO:
        return [_revisar_uno(t) for t in trabajos]
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(trabajadores, mp_context=multiprocessing.get_context("spawn")) as grupo:
        return list(grupo.map(_revisar_uno, trabajos, chunksize=max(1, len(lista) // (trabajadores * 8))))


def codigo_salida(revisiones: list[Revision]) -> int:
    """0 todo completo; 1 falta algo exigido (o no se sabe el tipo); 2 alguna entrada ilegible
    (o ninguna)."""
    estados = {r.estado for r in revisiones}
    if not revisiones or "ilegible" in estados:
        return 2
    return 1 if estados & {"incompleto", "indeterminado"} else 0


# --- informes -----------------------------------------------------------------------------

_VEREDICTO = {
    "completo": "✓ completo",
    "incompleto": "✗ incompleto",
    "indeterminado": "? sin tipo",
    "ilegible": "✗ ilegible",
}


def veredicto(r: Revision) -> str:
    if r.estado == "ilegible":
        return f"✗ NO REVISADO: {r.error}"
    if r.estado == "indeterminado":
        return f"✗ NO REVISADO: {r.indeterminado}"
    recomendaciones = len(r.recomendaciones)
    nota = f" ({recomendaciones} recomendación{'es' if recomendaciones > 1 else ''} aparte)" if recomendaciones else ""
    if r.estado == "incompleto":
        faltan = "; ".join(f"{h.tipo} «{h.descripcion}»" for h in r.faltantes)
        return f"✗ INCOMPLETO: falta{'n' if len(r.faltantes) > 1 else ''} {len(r.faltantes)}: {faltan}{nota}"
    return f"✓ COMPLETO: contiene todo lo exigido{nota}"


def _fuente(h: Hallazgo) -> str:
    return f" [fuente: {h.fuente}]" if h.fuente else ""


def _linea(h: Hallazgo, opcional: bool = False) -> str:
    if h.tipo == "marca":
        return f"    ✗ {h.descripcion} — {h.fragmento}"
    if h.encontrado:
        return f"    ✓ {h.descripcion} — «{h.fragmento}»"
    if opcional:
        return f"    · {h.descripcion} — no figura (opcional: solo si los hubiera)"
    if not h.exigido:
        return f"    · {h.descripcion} — no se encontró (recomendado){_fuente(h)}"
    return f"    ✗ {h.descripcion} — no se encontró{_fuente(h)}"


def informe(r: Revision, solo_faltantes: bool = False) -> str:
    """Informe en español de una revisión: tipo, nivel, cada requisito ✓/✗, las
    recomendaciones aparte, las marcas sin llenar y el veredicto."""
    lineas = [f"{r.archivo}"]
    if r.tipo:
        tipo = tipos().get(r.tipo)
        nombre = f"{r.tipo} ({tipo.titulo})" if tipo else r.tipo
        lineas.append(f"  Tipo: {nombre}" + (f" — inferido: {r.motivo_tipo}" if r.tipo_inferido else " — indicado"))
    if r.nivel:
        lineas.append(f"  Nivel: {r.nivel}" + (f" — inferido: {r.motivo_nivel}" if r.nivel_inferido else " — indicado"))
    if r.paginas_leidas < r.paginas:
        lineas.append(
            f"  Páginas: se leyeron las primeras {r.paginas_leidas} de {r.paginas} (límite por PDF); "
            "el resto no se revisó"
        )
    exigidas = [h for h in r.hallazgos if h.tipo == "sección" and h.exigido]
    recomendadas = [h for h in r.hallazgos if h.tipo == "sección" and not h.exigido]
    integrantes = [h for h in r.hallazgos if h.tipo == "integrante"]
    for titulo, propios in (("Secciones exigidas", exigidas), ("Integrantes del nivel (en su lista)", integrantes)):
        if propios:
            lineas.append(f"  {titulo}: {sum(h.encontrado for h in propios)} de {len(propios)}")
            lineas.extend(_linea(h) for h in propios if not (solo_faltantes and h.encontrado))
    if recomendadas:
        lineas.append(
            f"  Recomendadas (buena práctica, no cambian el veredicto): "
            f"{sum(h.encontrado for h in recomendadas)} de {len(recomendadas)}"
        )
        lineas.extend(_linea(h) for h in recomendadas if not (solo_faltantes and h.encontrado))
    marcas = [h for h in r.hallazgos if h.tipo == "marca"]
    if marcas:
        lineas.append(f"  Marcas sin llenar: {len(marcas)}")
        lineas.extend(_linea(h) for h in marcas)
    if r.opcionales and not solo_faltantes:
        lineas.append("  Integrantes opcionales:")
        lineas.extend(_linea(h, opcional=True) for h in r.opcionales)
    lineas.append(f"  Veredicto: {veredicto(r)}")
    return "\n".join(lineas)


def _nombre(ruta: Path, bases: list[Path]) -> str:
    for base in bases:
        if base.is_dir():
            try:
                return str(ruta.relative_to(base))
            except ValueError:
                continue
    return str(ruta)


def resumen(revisiones: list[Revision], bases: list[Path] | None = None) -> str:
    """Tabla resumen de varias revisiones y el recuento de veredictos."""
    bases = bases or []
    filas = [("Archivo", "Tipo", "Nivel", "Exigidas", "Integrantes", "Marcas", "Recom.", "Veredicto")]
    for r in revisiones:
        s, ts = r.cuenta("sección")
        i, ti = r.cuenta("integrante")
        marcas = sum(h.tipo == "marca" for h in r.hallazgos)
        filas.append(
            (
                _nombre(r.archivo, bases),
                r.tipo or "?",
                r.nivel or "?",
                f"{s}/{ts}" if ts else "-",
                f"{i}/{ti}" if ti else "-",
                str(marcas) if marcas else "-",
                str(len(r.recomendaciones)) if r.recomendaciones else "-",
                _VEREDICTO[r.estado],
            )
        )
    anchos = [max(len(f[c]) for f in filas) for c in range(len(filas[0]))]
    texto = ["  ".join(c.ljust(a) for c, a in zip(f, anchos, strict=True)).rstrip() for f in filas]
    texto.insert(1, "  ".join("-" * a for a in anchos))
    c = {e: sum(r.estado == e for r in revisiones) for e in _VEREDICTO}
    texto.append(
        f"{len(revisiones)} documentos: {c['completo']} completos, {c['incompleto']} incompletos, "
        f"{c['indeterminado']} sin tipo reconocido, {c['ilegible']} no se pudieron leer."
    )
    return "\n".join(texto)


def como_dict(r: Revision) -> dict:
    def hallazgo(h: Hallazgo) -> dict:
        return {
            "tipo": h.tipo,
            "id": h.id,
            "descripcion": h.descripcion,
            "encontrado": h.encontrado,
            "exigencia": "exigido" if h.exigido else "recomendado",
            "fuente": h.fuente,
            "fragmento": h.fragmento,
        }

    return {
        "archivo": str(r.archivo),
        "formato": r.formato,
        "estado": r.estado,
        "error": r.error or r.indeterminado,
        "tipo": r.tipo,
        "tipo_inferido": r.tipo_inferido,
        "motivo_tipo": r.motivo_tipo,
        "nivel": r.nivel,
        "nivel_inferido": r.nivel_inferido,
        "motivo_nivel": r.motivo_nivel,
        "paginas": r.paginas,
        "paginas_leidas": r.paginas_leidas,
        "hallazgos": [hallazgo(h) for h in r.hallazgos],
        "opcionales": [hallazgo(h) for h in r.opcionales],
        "faltantes": [f"{h.tipo}:{h.id}" for h in r.faltantes if h.tipo != "marca"],
        "marcas": [f"{h.descripcion} ({h.fragmento})" for h in r.hallazgos if h.tipo == "marca"],
        "recomendaciones": [f"{h.tipo}:{h.id}" for h in r.recomendaciones],
    }


def a_json(revisiones: list[Revision]) -> str:
    cuentas = {e: sum(r.estado == e for r in revisiones) for e in _VEREDICTO}
    return json.dumps(
        {
            "documentos": [como_dict(r) for r in revisiones],
            "resumen": cuentas,
            "codigo_salida": codigo_salida(revisiones),
        },
        ensure_ascii=False,
        indent=2,
    )


_COLUMNAS = ("archivo", "formato", "estado", "tipo", "nivel", "faltantes", "marcas", "recomendaciones", "error")


def a_csv(revisiones: list[Revision], bases: list[Path] | None = None) -> str:
    """Resumen de una carpeta, una fila por archivo (para una hoja de cálculo)."""
    salida = io.StringIO()
    escritor = csv.writer(salida, lineterminator="\n")
    escritor.writerow(_COLUMNAS)
    for r in revisiones:
        d = como_dict(r)
        d["archivo"] = _nombre(r.archivo, bases or [])
        escritor.writerow(["; ".join(d[c]) if isinstance(d[c], list) else (d[c] or "") for c in _COLUMNAS])
    return salida.getvalue()
