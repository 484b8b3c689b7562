"""La carpeta de la instancia: el registro de su vida, del que sale cada documento.

    mi-instancia/
      instancia.yaml                       el perfil, con el directorio
      ordenanza.yaml, acta-instalacion.yaml, reglamento.yaml, diagnostico.yaml, plan-2027.yaml…
      sesiones/2026-06-19-ordinaria.yaml   una por sesión (su acta)

Dentro de la carpeta, un archivo de respuestas no necesita `instancia:` (usa el perfil de la
carpeta). El número de cada sesión («II Sesión Ordinaria 2026») se calcula de la carpeta, nunca
se teclea; un documento aprobado en una sesión la nombra (`aprobado_en: sesiones/….yaml`), y de
ahí salen el nombre y la fecha de esa sesión en su texto y la aprobación en el acta.

Qué tipos son sesiones lo declara su manifiesto (`sesion: {numerada_por: tipo}`): este módulo no
conoce ningún tipo de documento por su id.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from .errores import ErrorGenerador, ErrorRespuestas
from .registro import calculo
from .respuestas import cargar_yaml

ARCHIVO_PERFIL = "instancia.yaml"
CARPETA_SESIONES = "sesiones"
CAMPO_APROBACION = "aprobado_en"


@dataclass
class Entrada:
    """Un archivo de respuestas de la carpeta, leído sin validar (para ordenar y enlazar)."""

    ruta: Path
    documento: str
    datos: dict

    @property
    def fecha(self) -> dt.date | None:
        return fecha_de(self.datos.get("fecha"))

    @property
    def orden(self) -> tuple:
        return (self.fecha or dt.date.max, str(self.datos.get("hora_inicio") or ""), self.ruta.name)


def fecha_de(valor) -> dt.date | None:
    """La fecha de un valor leído del YAML (fecha o texto AAAA-MM-DD); None si no lo es."""
    if isinstance(valor, dt.date):
        return valor
    try:
        return dt.date.fromisoformat(str(valor))
    except ValueError:
        return None


def raiz_de(ruta: Path) -> Path | None:
    """La carpeta de instancia que contiene `ruta` (la suya o la de arriba, p. ej. desde sesiones/)."""
    carpeta = Path(ruta).resolve().parent
    for candidata in (carpeta, carpeta.parent):
        if (candidata / ARCHIVO_PERFIL).is_file():
            return candidata
    return None


class Carpeta:
    """Lectura de una carpeta de instancia: sus archivos, sus sesiones en orden, sus enlaces."""

    def __init__(self, raiz: Path | str, propia: tuple[Path, dict] | None = None) -> None:
        """`propia`: un archivo (ruta, datos) que se lee así y no del disco: el que se valida,
        quizá aún sin guardar (la vista previa de la web)."""
        self.raiz = Path(raiz).resolve()
        self.propia = (Path(propia[0]).resolve(), propia[1]) if propia else None
        if not self.raiz.is_dir():
            raise ErrorGenerador(f"{raiz}: no es una carpeta")
        if not (self.raiz / ARCHIVO_PERFIL).is_file():
            raise ErrorGenerador(
                f"{raiz}: la carpeta no tiene {ARCHIVO_PERFIL} (el perfil de la instancia, con su "
                f"directorio); créelo con «generador nuevo instancia --nivel … -o {Path(raiz) / ARCHIVO_PERFIL}»"
            )

    @classmethod
    def de(cls, ruta_respuestas: Path, datos: dict | None = None) -> Carpeta | None:
        raiz = raiz_de(ruta_respuestas)
        return cls(raiz, (ruta_respuestas, datos) if datos is not None else None) if raiz else None

    @property
    def perfil(self) -> Path:
        return self.raiz / ARCHIVO_PERFIL

    def archivos(self) -> list[Path]:
        """Archivos YAML de respuestas de la carpeta (sin el perfil), arriba y en sesiones/."""
        candidatos = [*sorted(self.raiz.glob("*.yaml")), *sorted((self.raiz / CARPETA_SESIONES).glob("*.yaml"))]
        return [p for p in candidatos if p.name != ARCHIVO_PERFIL and not p.name.startswith(".")]

    @cached_property
    def entradas(self) -> list[Entrada]:
        """Cada archivo de respuestas con su tipo; los que no se pueden leer se omiten aquí (la
        validación de la carpeta los informa)."""
        salida = []
        propia = self.propia[0] if self.propia else None
        rutas = self.archivos()
        if propia is not None and propia not in {r.resolve() for r in rutas}:
            rutas.append(propia)
        for ruta in rutas:
            try:
                datos = self.propia[1] if self.propia and ruta.resolve() == propia else cargar_yaml(ruta).datos
            except ErrorRespuestas:
                continue
            if isinstance(datos, dict) and datos.get("documento"):
                salida.append(Entrada(ruta.resolve(), str(datos["documento"]), datos))
        return salida

    def en_orden(self) -> list[Path]:
        """Los archivos en el orden de la vida de la instancia: por la etapa que cumple su tipo
        (ordenanza, instalación, reglamento…), las sesiones y los demás por fecha."""
        from .manifiesto import catalogo

        tipos = catalogo()

        def clave(e: Entrada) -> tuple:
            m = tipos.get(e.documento)
            etapa = min((x.orden for x in m.etapas), default=99) if m else 99
            return (self._fecha_efectiva(e) or dt.date.max, etapa, e.ruta.name)

        leidos = {e.ruta for e in self.entradas}
        return [e.ruta for e in sorted(self.entradas, key=clave)] + [
            p.resolve() for p in self.archivos() if p.resolve() not in leidos
        ]

    def _fecha_efectiva(self, e: Entrada) -> dt.date | None:
        """Su fecha, o la de la sesión que lo aprobó."""
        if e.fecha:
            return e.fecha
        sesion = e.datos.get(CAMPO_APROBACION)
        aprobada = self.entrada(e.ruta.parent / sesion) if isinstance(sesion, str) else None
        return aprobada.fecha if aprobada else None

    def de_tipo(self, documento: str) -> list[Entrada]:
        return sorted((e for e in self.entradas if e.documento == documento), key=lambda e: e.orden)

    def entrada(self, ruta: Path) -> Entrada | None:
        ruta = Path(ruta).resolve()
        return next((e for e in self.entradas if e.ruta == ruta), None)

    # --- sesiones ---------------------------------------------------------------------------

    @cached_property
    def sesiones(self) -> list[Entrada]:
        """Actas de sesión (los tipos cuyo manifiesto declara `sesion`), en orden de fecha y hora."""
        from .manifiesto import catalogo

        tipos = {id_ for id_, m in catalogo().items() if m.sesion is not None}
        return sorted((e for e in self.entradas if e.documento in tipos), key=lambda e: e.orden)

    def numero_de(self, ruta: Path) -> int | None:
        """Número de la sesión en su año y clase («II Sesión Ordinaria 2026» → 2), según la carpeta."""
        from .manifiesto import catalogo

        propia = self.entrada(ruta)
        if propia is None or propia.fecha is None or propia.documento not in catalogo():
            return None
        sesion = catalogo()[propia.documento].sesion
        campo = sesion.numerada_por if sesion else None
        if not campo:
            return None
        clase = propia.datos.get(campo)
        mismas = [
            e
            for e in self.sesiones
            if e.documento == propia.documento
            and e.datos.get(campo) == clase
            and e.fecha is not None
            and e.fecha.year == propia.fecha.year
        ]
        return next(i for i, e in enumerate(mismas, 1) if e.ruta == propia.ruta)

    def anteriores(self, ruta: Path) -> list[Entrada]:
        """Sesiones anteriores a la de `ruta` (para el historial de asistencia)."""
        propia = self.entrada(ruta)
        if propia is None:
            return []
        return [e for e in self.sesiones if e.orden < propia.orden]

    # --- aprobaciones -----------------------------------------------------------------------

    def aprobados_en(self, sesion: Path) -> list[Entrada]:
        """Documentos de la carpeta que dicen haberse aprobado en la sesión `sesion`."""
        sesion = Path(sesion).resolve()
        return [
            e
            for e in self.entradas
            if isinstance(e.datos.get(CAMPO_APROBACION), str)
            and (e.ruta.parent / e.datos[CAMPO_APROBACION]).resolve() == sesion
        ]


def historial_de_asistencia(sesiones: list[Entrada]) -> dict[str, list[str]]:
    """{entidad: [«titular»|«alterno»|«ausente», …]} en el orden de las sesiones dadas."""
    historial: dict[str, list[str]] = {}
    for e in sesiones:
        for fila in e.datos.get("asistencia") or []:
            if isinstance(fila, dict) and fila.get("entidad"):
                historial.setdefault(str(fila["entidad"]), []).append(str(fila.get("asiste") or ""))
    return historial


@calculo("sesion_de_aprobacion", produce=("sesion_de_aprobacion",))
def sesion_de_aprobacion(r, contexto: dict) -> dict:
    """La sesión en que se aprobó el documento (`aprobado_en`), con su nombre, fecha y quórum
    tal como los calcula su propia acta: el texto los cita sin volver a teclearlos."""
    acta = r.documentos.get(CAMPO_APROBACION)
    if acta is None:
        return {"sesion_de_aprobacion": None}
    sesion = acta.contexto.get("sesion") or {}
    asistencia = acta.contexto.get("asistencia") or {}
    return {
        "sesion_de_aprobacion": {
            "sesion": sesion.get("nombre") or acta.manifiesto.titulo,
            "fecha": acta.datos.get("fecha"),
            "hay_quorum": bool(asistencia.get("hay_quorum")),
            "acta": acta.ruta.name,
        }
    }
