"""Una tarea de un lote (una instancia y un documento): qué se pide, cómo se ejecuta y su resultado.

- Cada tarea pasa por el mismo camino que `generar` (validar_datos → producir_todo → escribir),
  así que el texto es idéntico.
- Nunca lanza: una fila mala queda en su resultado con su mensaje y el lote sigue.
- Se omite lo ya escrito cuyas entradas no cambiaron (ver `lote_estado`); lo que el lote no
  escribió no se pisa sin --sobrescribir.
- La carpeta de cada instancia queda como carpeta de instancia (`instancia.yaml` y las respuestas
  usadas), para generar desde ella los documentos que vengan después.
"""

from __future__ import annotations

import contextlib
from dataclasses import asdict, dataclass, field
from pathlib import Path

from . import lote_estado
from .errores import ErrorGenerador
from .escritura import escribir
from .generacion import _con_sufijo, producir_todo
from .manifiesto import manifiesto
from .pdf import Metadatos, metadatos_de
from .pendientes import rellenar
from .perfil import preguntas_perfil
from .respuestas import ArchivoYaml
from .validacion import validar_datos


@dataclass
class Tarea:
    fila: str  # «tabla.xlsx, fila 5» o «ubigeo 080101»
    instancia: str  # «Cusco / Anta / Ancahuasi»
    documento: str
    perfil: dict
    respuestas: dict
    destino: Path
    huella: str = ""  # de las entradas efectivas (lote_estado.huella_entradas)
    previo: dict | None = None  # lo que el registro dice de este documento
    sobrescribir: bool = False
    carpeta: Path | None = None  # la del lote (registro y rutas relativas)


@dataclass
class ResultadoTarea:
    fila: str
    instancia: str
    documento: str
    estado: str  # generado, omitido, error
    archivo: str = ""
    mensajes: list[str] = field(default_factory=list)
    metadatos: Metadatos | None = None  # pdf.Metadatos del documento (título, autor…), para --pdf
    destino: str = ""  # la ruta prevista (también si no se generó)
    reemplazo: bool = False  # el archivo existía y se rehízo
    conservado: bool = False  # existía sin registro o editado: no se tocó

    def fila_csv(self) -> list[str]:
        return [self.fila, self.instancia, self.documento, self.estado, self.archivo, " | ".join(self.mensajes)]


def resultado(t: Tarea, estado: str, mensajes: list[str], **extra) -> ResultadoTarea:
    return ResultadoTarea(t.fila, t.instancia, t.documento, estado, mensajes=mensajes, destino=str(t.destino), **extra)


def pendiente(t: Tarea, motivo: str = "interrumpido: no se llegó a generar; repita la orden para completarlo"):
    return resultado(t, "pendiente", [motivo])


def _omitir(t: Tarea, salidas: list[Path], propios: dict[str, bool]) -> ResultadoTarea | None:
    """Omitido si ya existe y sus entradas no cambiaron; conservado si el lote no lo escribió.

    `propios`: lote_estado.propios de la tarea (leer y resumir sus archivos se hace una sola vez)."""
    carpeta = t.carpeta or t.destino.parent
    existentes = [d for d in salidas if d.exists()]
    if t.sobrescribir or not t.destino.exists():
        return None
    ajenos = [d for d in existentes if not propios.get(lote_estado.relativa(carpeta, d))]
    if ajenos:
        return resultado(
            t,
            "omitido",
            [
                f"ya existía y no es el que escribió este lote ({'editado después' if t.previo else 'sin registro'}): "
                "se conserva; use --sobrescribir para rehacerlo"
            ],
            archivo=str(t.destino),
            conservado=True,
        )
    assert t.previo is not None  # sin registro, el destino existente ya salió como ajeno
    if t.previo.get("huella") == t.huella and all(propios.values()):
        previos = [m for m in t.previo.get("mensajes") or [] if not m.startswith("rehecho")]
        meta = t.previo.get("metadatos")
        return resultado(
            t,
            "omitido",
            ["ya existía, sin cambios en sus datos ni en la plantilla", *previos],
            archivo=str(t.destino),
            metadatos=Metadatos(**meta) if isinstance(meta, dict) else None,
        )
    return None  # lo escribió el lote y sus entradas cambiaron: se rehace


def ejecutar_tarea(t: Tarea) -> ResultadoTarea:
    """Una instancia y un documento; nunca lanza: todo problema queda en el resultado."""
    m = manifiesto(t.documento)
    carpeta = t.carpeta or t.destino.parent
    salidas = [t.destino, *(_con_sufijo(t.destino, a.sufijo) for a in m.adicionales)]
    propios = lote_estado.propios(t.previo, carpeta)
    omitido = _omitir(t, salidas, propios)
    if omitido is not None:
        return omitido
    reemplazo = t.destino.exists()
    nivel = t.perfil.get("nivel")
    perfil, faltan_perfil = rellenar(t.perfil, preguntas_perfil(), nivel)
    respuestas, faltan = rellenar(t.respuestas, m.preguntas, nivel)
    pendientes = [f"instancia.{c}" for c in faltan_perfil] + faltan
    archivo = ArchivoYaml(Path(t.fila), {"documento": t.documento, "instancia": perfil, **respuestas})
    huellas: dict[str, str] = {}
    try:
        r = validar_datos(archivo)
        documentos = producir_todo(r)
        for sufijo, datos in documentos.items():
            ruta = _con_sufijo(t.destino, sufijo)
            rel = lote_estado.relativa(carpeta, ruta)
            escribir(ruta, datos, sobrescribir=t.sobrescribir or propios.get(rel, False), sincronizar=False)
            huellas[rel] = lote_estado._sha(datos)
    except ErrorGenerador as exc:
        return resultado(t, "error", [str(exc)])
    except Exception as exc:  # una fila nunca detiene el lote
        if pendientes:
            motivo = (
                f"no se puede generar con datos por completar ({', '.join(pendientes)}); "
                "déles valor en la tabla o en --comunes"
            )
        else:
            motivo = f"error interno ({type(exc).__name__}: {exc}); avise a quien mantiene la plantilla"
        return resultado(t, "error", [motivo])
    mensajes = [f"pendiente: {', '.join(pendientes)}"] if pendientes else []
    mensajes += r.avisos
    registrar_en_carpeta(t)
    metadatos = metadatos_de(r)
    lote_estado.anotar(
        carpeta,
        {
            "documento_ruta": lote_estado.relativa(carpeta, t.destino),
            "huella": t.huella,
            "archivos": huellas,
            "fila": t.fila,
            "documento": t.documento,
            "mensajes": mensajes,
            "metadatos": asdict(metadatos),
        },
    )
    if reemplazo:
        mensajes = [
            "rehecho: cambiaron sus datos o la plantilla" if not t.sobrescribir else "rehecho (--sobrescribir)",
            *mensajes,
        ]
    return resultado(t, "generado", mensajes, archivo=str(t.destino), metadatos=metadatos, reemplazo=reemplazo)


def _como_yaml(datos: dict) -> bytes:
    import yaml

    # el emisor de libyaml: unas 10 veces más rápido que el de Python (era un tercio del tiempo de
    # cada documento) y, a diferencia de él, lo que escribe se relee igual (también «\x85»)
    emisor = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    sin_vacios = {k: v for k, v in datos.items() if v not in ({}, [], None, "")}
    return yaml.dump(sin_vacios, Dumper=emisor, allow_unicode=True, sort_keys=False).encode("utf-8")


def registrar_en_carpeta(t: Tarea) -> None:
    """La carpeta de cada instancia del lote queda como carpeta de instancia (ver carpeta.py): su
    `instancia.yaml` y las respuestas que se usaron para cada documento, así los documentos que
    vengan después (actas, reglamento, plan) se generan desde ella con `generador generar CARPETA`.
    Nada que ya exista se reemplaza (pudo editarse a mano); dos trabajadores a la vez no chocan."""
    from .carpeta import ARCHIVO_PERFIL

    carpeta = t.destino.parent
    respuestas = {"documento": t.documento, **t.respuestas}
    for nombre, datos in ((ARCHIVO_PERFIL, t.perfil), (f"{t.destino.stem}.yaml", respuestas)):
        if not (carpeta / nombre).exists():
            with contextlib.suppress(ErrorGenerador):  # otro trabajador lo escribió antes: es lo mismo
                escribir(carpeta / nombre, _como_yaml(datos), sincronizar=False)
