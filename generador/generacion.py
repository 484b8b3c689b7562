"""El flujo completo de un documento: validar → componer → renderizar → verificar → escribir.

Validar (validacion.py) ya incluye cargar, tipar, calcular y las reglas.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .contexto import componer
from .errores import ErrorGenerador, ErrorPlantilla
from .escritura import comprobar_libre, escribir
from .limites import LIMITE_RESPUESTAS, decodificar, leer_bytes
from .lugar import lugar
from .renderizado import renderizar
from .validacion import Respuestas, validar_archivo
from .verificacion import Hallazgo, buscar, revisar_texto

CARPETA_SALIDA = Path("salidas")


@dataclass
class Resultado:
    respuestas: Path
    salida: Path | None = None
    adicionales: list[Path] = field(default_factory=list)
    avisos: list[str] = field(default_factory=list)
    error: str | None = None
    omitido: bool = False


_RESERVADOS_WINDOWS = {
    "CON",
    "PRN",
    "AUX",
    "NUL",
    "CONIN$",
    "CONOUT$",
    *(f"{p}{i}" for p in ("COM", "LPT") for i in (*range(10), "¹", "²", "³")),
}
MAXIMO_BYTES_NOMBRE = 200  # por componente, en UTF-8 (los sistemas de archivos admiten 255)


def nombre_archivo(texto: str, espacios: bool = False) -> str:
    """Nombre de archivo seguro: conserva tildes y ñ, sin separadores de ruta (ni espacios, salvo que se pidan).

    Quita los caracteres de control y de formato (bidireccionales como U+202E, que harían ver
    «xexe.jpg» en «x\u202egpj.exe»), los signos que abren una fórmula en una hoja de cálculo
    (=, +, -, @ al inicio), evita los nombres reservados de Windows (CON, NUL, COM1…) y recorta
    a MAXIMO_BYTES_NOMBRE bytes añadiendo una huella del texto completo, para que siga siendo único.
    """
    import hashlib
    import unicodedata

    limpio = "".join(
        " " if c in "\t\n\r\x0b\x0c\x85" else c for c in str(texto) if c.isspace() or unicodedata.category(c)[0] != "C"
    )
    limpio = " ".join(re.sub(r'[\\/:*?"<>|]', "", limpio).split())
    if not espacios:
        limpio = limpio.replace(" ", "-")
    limpio = limpio.lstrip("=+-@ ").strip(".- ") or "documento"
    if limpio.split(".")[0].strip().upper() in _RESERVADOS_WINDOWS:
        limpio = "_" + limpio
    if len(limpio.encode("utf-8")) > MAXIMO_BYTES_NOMBRE:
        huella = hashlib.sha256(limpio.encode("utf-8")).hexdigest()[:10]
        recorte = limpio.encode("utf-8")[: MAXIMO_BYTES_NOMBRE - len(huella) - 1].decode("utf-8", "ignore")
        limpio = f"{recorte.rstrip('.- ')}~{huella}"
    return limpio


def nombre_salida(respuestas: Respuestas) -> str:
    """«ordenanza_provincial_Chota.docx»: nombre del archivo de respuestas, nivel y lugar.

    Se parte del nombre del archivo de respuestas (no del tipo de documento) para que dos
    respuestas del mismo tipo (informe semestral y anual) no choquen.
    """
    return nombre_archivo(f"{respuestas.ruta.stem}_{respuestas.nivel}_{lugar(respuestas.perfil)}") + ".docx"


def _verificado(ruta_plantilla: Path, hallazgos: list[Hallazgo]) -> None:
    perdidas = [h for h in hallazgos if not h.encontrado]
    if perdidas:
        detalle = "; ".join(f"{h.tipo} «{h.descripcion}»" for h in perdidas)
        raise ErrorPlantilla(f"{ruta_plantilla}: el documento generado no contiene lo exigido: {detalle}")


def producir_todo(respuestas: Respuestas) -> dict[str, bytes]:
    """Renderiza y verifica en memoria el documento ("") y sus adicionales (por sufijo).

    Falla si un documento perdió una sección exigida: nada se escribe en ese caso.
    """
    m = respuestas.manifiesto
    contexto = componer(respuestas)
    principal = renderizar(m.ruta_plantilla, contexto)
    _verificado(
        m.ruta_plantilla, revisar_texto(m, respuestas.nivel, principal.parrafos, respuestas.perfil.get("opcionales"))
    )
    salida = {"": principal.datos}
    for adicional in m.adicionales:
        if adicional.si and not contexto.get(adicional.si):
            continue
        ruta = m.carpeta / adicional.plantilla
        extra = renderizar(ruta, contexto)
        _verificado(
            ruta,
            [
                Hallazgo("sección", s.id, s.titulo, buscar(extra.parrafos, [s.titulo, *s.variantes]) is not None)
                for s in adicional.secciones
            ],
        )
        salida[adicional.sufijo] = extra.datos
    return salida


def producir(respuestas: Respuestas) -> bytes:
    """El documento principal, renderizado y verificado en memoria."""
    return producir_todo(respuestas)[""]


def _con_sufijo(destino: Path, sufijo: str) -> Path:
    return destino if not sufijo else destino.with_name(f"{destino.stem}_{sufijo}{destino.suffix}")


def generar(
    ruta_respuestas: Path | str,
    carpeta: Path | None = None,
    sobrescribir: bool = False,
    estricto: bool = False,
    destino: Path | None = None,
    validadas: Respuestas | None = None,
) -> Resultado:
    """Genera un documento. `destino` fija la ruta exacta; si no, `carpeta/<nombre_salida>`.
    `validadas`: las respuestas de ese archivo ya validadas (no se vuelven a leer)."""
    respuestas = validadas or validar_archivo(ruta_respuestas, estricto=estricto)
    destino = destino or (carpeta or CARPETA_SALIDA) / nombre_salida(respuestas)
    posibles = [_con_sufijo(destino, a.sufijo) for a in respuestas.manifiesto.adicionales]
    if not sobrescribir:
        for ruta in [destino, *posibles]:
            comprobar_libre(ruta)  # antes de trabajar: ningún archivo existente se toca
    documentos = producir_todo(respuestas)
    escritos = [
        escribir(_con_sufijo(destino, sufijo), datos, sobrescribir=sobrescribir) for sufijo, datos in documentos.items()
    ]
    return Resultado(Path(ruta_respuestas), escritos[0], escritos[1:], respuestas.avisos)


@dataclass
class Cuenta:
    """Cuántos se generaron, se omitieron (ya existían) o fallaron."""

    hechos: int
    omitidos: int
    fallidos: int

    @classmethod
    def de(cls, resultados: list[Resultado]) -> Cuenta:
        fallidos = sum(1 for r in resultados if r.error)
        omitidos = sum(1 for r in resultados if r.omitido and not r.error)
        return cls(len(resultados) - fallidos - omitidos, omitidos, fallidos)


def generar_varios(
    archivos: list[Path], carpeta: Path | None = None, sobrescribir: bool = False, estricto: bool = False
) -> list[Resultado]:
    """Genera cada archivo; un archivo con error no detiene a los demás (queda en su Resultado)."""
    resultados = []
    for ruta in archivos:
        try:
            resultados.append(generar(ruta, carpeta, sobrescribir=sobrescribir, estricto=estricto))
        except ErrorGenerador as exc:
            texto = str(exc)
            resultados.append(Resultado(ruta, error=texto if str(ruta) in texto else f"{ruta}: {texto}"))
    return resultados


def archivos_de_respuestas(carpeta: Path) -> list[Path]:
    """Los YAML de respuestas de una carpeta, en orden: en una carpeta de instancia, el de su
    vida (ordenanza, instalación, reglamento, sesiones por fecha…); si no, por nombre."""
    from .carpeta import ARCHIVO_PERFIL, Carpeta

    if (carpeta / ARCHIVO_PERFIL).is_file():
        archivos = [r for r in Carpeta(carpeta).en_orden() if es_respuestas(r)]
    else:
        archivos = [r for r in sorted(carpeta.rglob("*.yaml")) + sorted(carpeta.rglob("*.yml")) if es_respuestas(r)]
    if not archivos:
        raise ErrorGenerador(f"no hay archivos de respuestas (YAML con «documento:») en la carpeta {carpeta}")
    return archivos


def es_respuestas(ruta: Path) -> bool:
    """Un YAML de ejemplos es de respuestas si declara `documento:` (los perfiles no)."""
    try:  # como se leerá después: solo archivos regulares acotados, y Latin-1 con aviso
        cabecera, _ = decodificar(leer_bytes(ruta, LIMITE_RESPUESTAS), ruta)
    except ErrorGenerador:
        return False
    return re.search(r"^documento\s*:", cabecera, re.MULTILINE) is not None


def generar_ejemplos(carpeta_ejemplos: Path, carpeta_salida: Path, sobrescribir: bool = False) -> list[Resultado]:
    """Genera cada archivo de respuestas de `carpeta_ejemplos`, reflejando su estructura."""
    resultados = []
    for ruta in sorted(carpeta_ejemplos.rglob("*.yaml")):
        if not es_respuestas(ruta):
            continue
        destino = carpeta_salida / ruta.relative_to(carpeta_ejemplos).with_suffix(".docx")
        if destino.exists() and not sobrescribir:
            resultados.append(Resultado(ruta, destino, omitido=True))
            continue
        try:
            resultados.append(generar(ruta, destino=destino, sobrescribir=sobrescribir))
        except ErrorGenerador as exc:
            resultados.append(Resultado(ruta, error=str(exc)))
    return resultados
