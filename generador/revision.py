"""`generador revisar`: revisa documentos existentes (.docx y .pdf) contra lo que exige cada
tipo de documento.

Una sola fuente de verdad con `generar`: las secciones exigidas salen de los manifiestos del
catálogo (`plantillas/<id>/manifiesto.yaml`, incluidos sus documentos adicionales) y los
integrantes del nivel, con sus variantes y siglas, de `datos/ley.yaml`. La búsqueda es la misma
que verifica los documentos generados (`verificacion.revisar_texto`). Aquí solo se añade lo que
un documento ajeno necesita: inferir su tipo y su nivel, recortar el fragmento donde se encontró
cada cosa y redactar el informe.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from . import ley
from .errores import ErrorGenerador
from .lectura import ErrorLectura, Texto, archivos, leer
from .manifiesto import NIVELES, Seccion, catalogo
from .normalizacion import contiene, normalizar, patron
from .verificacion import Hallazgo, buscar, revisar_texto

_LINEAS_CABECERA = 12     # líneas del comienzo donde se busca el título del documento
_COBERTURA_MINIMA = 0.4   # por debajo (y sin título reconocible) no se infiere el tipo


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
                salida[f"{m.id}:{a.sufijo}"] = Tipo(f"{m.id}:{a.sufijo}", f"{m.titulo} ({a.sufijo})",
                                                   list(a.secciones), list(m.niveles))
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
    error: str | None = None

    @property
    def faltantes(self) -> list[Hallazgo]:
        return [h for h in self.hallazgos if not h.encontrado]

    @property
    def estado(self) -> str:
        """«completo», «incompleto» o «ilegible» (no se pudo leer o no se pudo revisar)."""
        if self.error or not self.hallazgos:
            return "ilegible"
        return "incompleto" if self.faltantes else "completo"

    def cuenta(self, tipo: str) -> tuple[int, int]:
        propios = [h for h in self.hallazgos if h.tipo == tipo]
        return sum(h.encontrado for h in propios), len(propios)


# --- inferencia ---------------------------------------------------------------------------

def _pares(textos: list[str]) -> list[tuple[str, str]]:
    return [(t, normalizar(t)) for t in textos]


def _posicion(pares: list[tuple[str, str]], variantes: list[str]) -> int | None:
    for i, (original, normal) in enumerate(pares):
        if any(contiene(original, normal, v) for v in variantes):
            return i
    return None


def _recorte(original: str, variantes: list[str], ancho: int = 110) -> str:
    """El trozo del párrafo donde aparece la variante (o su comienzo si no se puede situar)."""
    plano = " ".join(original.split())
    normal = normalizar(original)
    inicio = None
    for v in variantes:
        expresion, en_original = patron(v)
        m = expresion.search(plano if en_original else normal)
        if m:
            inicio = m.start()
            break
    if inicio is None or len(plano) != len(normal) or len(plano) <= ancho:
        return plano if len(plano) <= ancho else plano[:ancho].rstrip() + "…"
    desde = max(0, min(inicio - 30, len(plano) - ancho))
    trozo = plano[desde:desde + ancho].strip()
    return ("…" if desde > 0 else "") + trozo + ("…" if desde + ancho < len(plano) else "")


def _menciones(completo: str) -> dict[str, list[int]]:
    """Posiciones (en el texto normalizado) donde se nombra la instancia de cada nivel:
    «Instancia Provincial de Concertación» (de `ley.yaml`) o sus siglas («IPC»)."""
    plantilla = ley.ley()["nombre_instancia"]
    normal = normalizar(completo)
    escala = len(normal) / max(1, len(completo))
    salida = {}
    for nivel in NIVELES:
        datos = ley.nivel(nivel)
        frase = " ".join(plantilla.format(nivel=datos["nombre"]).split()[:4])
        posiciones = [m.start() for m in patron(frase)[0].finditer(normal)]
        posiciones += [int(m.start() * escala) for m in patron(datos["siglas"])[0].finditer(completo)]
        if posiciones:
            salida[nivel] = sorted(posiciones)
    return salida


def _frase(nivel: str) -> str:
    return " ".join(ley.ley()["nombre_instancia"].format(nivel=ley.nivel(nivel)["nombre"]).split()[:4])


def inferir_nivel(completo: str, cabecera: list[tuple[str, str]]) -> tuple[str | None, str]:
    """Nivel del documento, en este orden: la instancia nombrada en el comienzo (el título),
    la entidad que lo emite en el comienzo («Municipalidad Distrital de …»), y si no, la
    instancia más nombrada en todo el texto (un documento distrital también nombra a la
    instancia provincial, a la que informa)."""
    inicio = _menciones("\n".join(o for o, _ in cabecera))
    if inicio:
        nivel = min(inicio, key=lambda n: inicio[n][0])
        return nivel, f"el comienzo del documento nombra la «{_frase(nivel)}»"
    candidatos = []
    for nivel in NIVELES:
        entidad = ley.nivel(nivel)["gobierno"].split("{")[0].strip()     # «Municipalidad Provincial de»
        i = _posicion(cabecera, [entidad])
        if i is not None:
            candidatos.append((i, NIVELES.index(nivel), nivel, entidad))
    if candidatos:
        i, _, nivel, entidad = min(candidatos)
        return nivel, f"lo emite «{_recorte(cabecera[i][0], [entidad], 70)}»"
    todas = _menciones(completo)
    if todas:
        nivel = max(todas, key=lambda n: (len(todas[n]), -todas[n][0]))
        veces = len(todas[nivel])
        return nivel, f"«{_frase(nivel)}» aparece {veces} {'vez' if veces == 1 else 'veces'}"
    return None, "no se encontró el nombre de la instancia ni de la entidad que emite el documento"


def inferir_tipo(pares: list[tuple[str, str]], cabecera: list[tuple[str, str]], nivel: str | None,
                 candidatos: dict[str, Tipo]) -> tuple[Tipo | None, str]:
    """El tipo cuyas secciones exigidas más aparecen, con ventaja si su título está al comienzo."""
    mejor: tuple[float, Tipo, str] | None = None
    for t in candidatos.values():
        if nivel and nivel not in t.niveles:
            continue
        secciones = t.secciones_de(nivel) if nivel else t.secciones
        if not secciones:
            continue
        hallados = sum(buscar(pares, [s.titulo, *s.variantes]) is not None for s in secciones)
        cobertura = hallados / len(secciones)
        i = _posicion(cabecera, t.identificadores())
        puntos = cobertura + (0.5 * (1 - i / (2 * _LINEAS_CABECERA)) if i is not None else 0)
        if i is None and cobertura < _COBERTURA_MINIMA:
            continue
        titulo = f"título «{_recorte(cabecera[i][0], t.identificadores(), 70)}»; " if i is not None else ""
        motivo = f"{titulo}{hallados} de {len(secciones)} secciones reconocidas"
        if mejor is None or puntos > mejor[0]:
            mejor = (puntos, t, motivo)
    if mejor is None:
        return None, "el texto no se parece a ningún tipo de documento del catálogo"
    return mejor[1], mejor[2]


# --- revisión -----------------------------------------------------------------------------

def revisar_texto_leido(texto: Texto, tipo: str | None = None, nivel: str | None = None) -> Revision:
    r = Revision(texto.ruta, texto.formato)
    candidatos = tipos()
    pares = _pares(texto.parrafos)
    cabecera = _pares(texto.lineas[:_LINEAS_CABECERA])

    if nivel:
        r.nivel = nivel
    else:
        r.nivel, r.motivo_nivel = inferir_nivel("\n".join(texto.lineas), cabecera)
        r.nivel_inferido = r.nivel is not None
    if tipo:
        if tipo not in candidatos:
            raise ErrorGenerador(f"documento desconocido «{tipo}»; disponibles: {', '.join(candidatos)}")
        elegido = candidatos[tipo]
    else:
        elegido, r.motivo_tipo = inferir_tipo(pares, cabecera, r.nivel, candidatos)
        r.tipo_inferido = elegido is not None
    if elegido is None:
        r.error = f"no se pudo inferir el tipo de documento ({r.motivo_tipo}); indíquelo con --tipo"
        return r
    r.tipo = elegido.id
    if r.nivel is None:
        r.error = f"no se pudo inferir el nivel ({r.motivo_nivel}); indíquelo con --nivel"
        return r
    if r.nivel not in elegido.niveles:
        r.error = f"el documento «{elegido.id}» no existe para el nivel {r.nivel}"
        return r

    variantes = {("sección", s.id): [s.titulo, *s.variantes] for s in elegido.secciones_de(r.nivel)}
    variantes.update({("integrante", i["id"]): i["variantes"] for i in ley.nivel(r.nivel)["integrantes"]})
    r.hallazgos = revisar_texto(elegido, r.nivel, texto.parrafos)
    for h in r.hallazgos:
        if h.encontrado:
            v = variantes[(h.tipo, h.id)]
            h.fragmento = _recorte(buscar(pares, v) or h.fragmento, v)
    if elegido.verificar_integrantes:
        for i in ley.nivel(r.nivel)["integrantes"]:
            if i.get("opcional"):
                p = buscar(pares, i["variantes"])
                r.opcionales.append(Hallazgo("integrante opcional", i["id"], i["texto"], p is not None,
                                             _recorte(p, i["variantes"]) if p else ""))
    return r


def revisar_archivo(ruta: Path, tipo: str | None = None, nivel: str | None = None) -> Revision:
    """Revisa un archivo; si no se puede leer, la revisión lleva el error (nunca «completo»)."""
    try:
        texto = leer(ruta)
    except ErrorLectura as exc:
        return Revision(Path(ruta), Path(ruta).suffix.lower().lstrip("."), tipo=tipo, nivel=nivel,
                        error=str(exc))
    except Exception as exc:   # un archivo raro no debe detener la revisión de una carpeta
        return Revision(Path(ruta), Path(ruta).suffix.lower().lstrip("."), tipo=tipo, nivel=nivel,
                        error=f"{ruta}: no se pudo leer ({type(exc).__name__}: {exc})")
    return revisar_texto_leido(texto, tipo, nivel)


def revisar_rutas(rutas: list[Path], tipo: str | None = None, nivel: str | None = None) -> list[Revision]:
    """Revisa archivos y carpetas (recursivo: sus .docx, .pdf y .doc)."""
    return [revisar_archivo(a, tipo, nivel) for a in archivos([Path(r) for r in rutas])]


def codigo_salida(revisiones: list[Revision]) -> int:
    """0 todo completo; 1 falta algo; 2 alguna entrada ilegible (o ninguna revisada)."""
    estados = {r.estado for r in revisiones}
    if not revisiones or "ilegible" in estados:
        return 2
    return 1 if "incompleto" in estados else 0


# --- informes -----------------------------------------------------------------------------

_VEREDICTO = {"completo": "✓ completo", "incompleto": "✗ incompleto", "ilegible": "✗ no revisado"}


def veredicto(r: Revision) -> str:
    if r.estado == "ilegible":
        return f"✗ NO REVISADO: {r.error or 'no hay nada que comprobar'}"
    if r.estado == "incompleto":
        faltan = "; ".join(f"{h.tipo} «{h.descripcion}»" for h in r.faltantes)
        return f"✗ INCOMPLETO: falta{'n' if len(r.faltantes) > 1 else ''} {len(r.faltantes)}: {faltan}"
    return "✓ COMPLETO: contiene todo lo exigido"


def _linea(h: Hallazgo, opcional: bool = False) -> str:
    if h.encontrado:
        return f"    ✓ {h.descripcion} — «{h.fragmento}»"
    if opcional:
        return f"    · {h.descripcion} — no figura (opcional: solo si los hubiera)"
    return f"    ✗ {h.descripcion} — no se encontró"


def informe(r: Revision, solo_faltantes: bool = False) -> str:
    """Informe en español de una revisión: tipo, nivel, cada requisito ✓/✗ y el veredicto."""
    lineas = [f"{r.archivo}"]
    if r.tipo:
        tipo = tipos().get(r.tipo)
        nombre = f"{r.tipo} ({tipo.titulo})" if tipo else r.tipo
        lineas.append(f"  Tipo: {nombre}" + (f" — inferido: {r.motivo_tipo}" if r.tipo_inferido else " — indicado"))
    if r.nivel:
        lineas.append(f"  Nivel: {r.nivel}" + (f" — inferido: {r.motivo_nivel}" if r.nivel_inferido else " — indicado"))
    for tipo_h, titulo in (("sección", "Secciones exigidas"), ("integrante", "Integrantes del nivel")):
        propios = [h for h in r.hallazgos if h.tipo == tipo_h]
        if not propios:
            continue
        hallados, total = r.cuenta(tipo_h)
        lineas.append(f"  {titulo}: {hallados} de {total}")
        lineas.extend(_linea(h) for h in propios if not (solo_faltantes and h.encontrado))
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
    filas = [("Archivo", "Tipo", "Nivel", "Secciones", "Integrantes", "Veredicto")]
    for r in revisiones:
        s, ts = r.cuenta("sección")
        i, ti = r.cuenta("integrante")
        filas.append((_nombre(r.archivo, bases), r.tipo or "?", r.nivel or "?",
                      f"{s}/{ts}" if ts else "-", f"{i}/{ti}" if ti else "-", _VEREDICTO[r.estado]))
    anchos = [max(len(f[c]) for f in filas) for c in range(len(filas[0]))]
    texto = ["  ".join(c.ljust(a) for c, a in zip(f, anchos)).rstrip() for f in filas]
    texto.insert(1, "  ".join("-" * a for a in anchos))
    cuentas = {e: sum(r.estado == e for r in revisiones) for e in ("completo", "incompleto", "ilegible")}
    texto.append(f"{len(revisiones)} documentos: {cuentas['completo']} completos, "
                 f"{cuentas['incompleto']} incompletos, {cuentas['ilegible']} no revisados.")
    return "\n".join(texto)


def como_dict(r: Revision) -> dict:
    def hallazgo(h: Hallazgo) -> dict:
        return {"tipo": h.tipo, "id": h.id, "descripcion": h.descripcion,
                "encontrado": h.encontrado, "fragmento": h.fragmento}
    return {
        "archivo": str(r.archivo), "formato": r.formato, "estado": r.estado, "error": r.error,
        "tipo": r.tipo, "tipo_inferido": r.tipo_inferido, "motivo_tipo": r.motivo_tipo,
        "nivel": r.nivel, "nivel_inferido": r.nivel_inferido, "motivo_nivel": r.motivo_nivel,
        "hallazgos": [hallazgo(h) for h in r.hallazgos],
        "opcionales": [hallazgo(h) for h in r.opcionales],
        "faltantes": [f"{h.tipo}:{h.id}" for h in r.faltantes],
    }


def a_json(revisiones: list[Revision]) -> str:
    cuentas = {e: sum(r.estado == e for r in revisiones) for e in ("completo", "incompleto", "ilegible")}
    return json.dumps({"documentos": [como_dict(r) for r in revisiones], "resumen": cuentas,
                       "codigo_salida": codigo_salida(revisiones)}, ensure_ascii=False, indent=2)
