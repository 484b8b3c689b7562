"""Hojas de cálculo de los lotes: leer filas (.xlsx o .csv) y escribir la plantilla vacía.

Una fila es una instancia. Las columnas del perfil se llaman como sus campos («provincia»,
«presidencia.nombre»); las de un documento llevan delante su id («ordenanza.numero»). Una celda
que empieza con «[» es una lista (`[uno, dos]`). Las listas de grupos (directorio, acuerdos…) van
en el YAML de respuestas comunes.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path
from typing import Any, Iterator

import yaml

from .errores import ErrorGenerador, ErrorRespuestas, Problema
from .escritura import escribir
from .manifiesto import catalogo
from .perfil import preguntas_perfil
from .preguntas import Pregunta
from .respuestas import _Cargador

SIMPLES = ("texto", "fecha", "hora", "entero", "decimal", "opcion", "booleano")
#: Inicios con los que Excel y LibreOffice Calc leen una celda como fórmula (regla de OWASP).
INICIO_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def celda_segura(valor: Any) -> Any:
    """Texto para una celda de CSV o XLSX que la herramienta escribe: si empieza como una fórmula
    («=HYPERLINK(…)», «+1+1», «@SUM(…)», «-», tabulador, retorno), se antepone «'» para que la
    hoja lo muestre como texto y nunca lo ejecute. Los números quedan como números."""
    if isinstance(valor, str) and valor.startswith(INICIO_FORMULA):
        return "'" + valor
    return valor


def _celda(valor: Any, es_lista: bool = False) -> Any:
    if isinstance(valor, dt.datetime):
        return valor.date().isoformat() if valor.time() == dt.time() else valor.isoformat()
    if isinstance(valor, (dt.date, dt.time)):
        return valor.isoformat()
    if isinstance(valor, float) and valor.is_integer():
        return str(int(valor))
    if isinstance(valor, (int, float)):
        return str(valor)
    if isinstance(valor, str):
        if valor.startswith("'") and valor[1:2] and valor[1:2] in "".join(INICIO_FORMULA):
            valor = valor[1:]     # lo que celda_segura neutralizó al escribir la plantilla
        valor = valor.strip()
        if es_lista and valor.startswith("[") and valor.endswith("]"):
            try:
                return yaml.load(valor, Loader=_Cargador)
            except yaml.YAMLError:
                return valor
    return valor


def anidar(fila: dict[str, Any], listas: set[str] = frozenset()) -> dict:
    """{"presidencia.nombre": "Ana"} → {"presidencia": {"nombre": "Ana"}} (celdas vacías fuera).

    Las columnas de `listas` admiten «[uno, dos]».
    """
    salida: dict = {}
    for columna, valor in fila.items():
        valor = _celda(valor, str(columna).strip() in listas)
        if columna is None or valor in (None, ""):
            continue
        destino = salida
        *ruta, ultima = str(columna).strip().split(".")
        for parte in ruta:
            destino = destino.setdefault(parte, {})
        destino[ultima] = valor
    return salida


def _separador(cabecera: str) -> str:
    """«,», «;» o tabulador: el que da más columnas en la cabecera (leída con comillas RFC 4180)."""
    cuentas = {d: len(next(csv.reader([cabecera], delimiter=d, quotechar='"', doublequote=True), []))
               for d in (",", ";", "\t")}
    return max(cuentas, key=lambda d: (cuentas[d], d == ","))


def _filas_csv(ruta: Path) -> Iterator[tuple[int, dict]]:
    """Filas del CSV con el dialecto RFC 4180 que escriben las hojas de cálculo: comillas dobles
    que encierran comas y saltos de línea, y «""» dentro de ellas para una comilla. Una fila con
    otro número de columnas que la cabecera se rechaza (correría los valores a otra columna)."""
    try:
        texto = ruta.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        linea = ruta.read_bytes()[:exc.start].count(b"\n") + 1
        raise ErrorGenerador(f"{ruta}, línea {linea}: el archivo no está en UTF-8; en Excel use «Guardar como» "
                             "→ «CSV UTF-8 (delimitado por comas)», en LibreOffice elija el juego de "
                             "caracteres «Unicode (UTF-8)»") from None
    except OSError as exc:
        raise ErrorGenerador(f"{ruta}: no se puede leer ({exc.strerror})") from None
    primera = texto.split("\n", 1)[0]
    lector = csv.reader(io.StringIO(texto, newline=""), delimiter=_separador(primera), quotechar='"',
                        doublequote=True, skipinitialspace=False, strict=False)
    try:
        registros = [(numero, fila) for numero, fila in enumerate(lector, start=1)]
    except csv.Error as exc:
        raise ErrorGenerador(f"{ruta}, línea {lector.line_num}: CSV mal formado ({exc})") from None
    if not registros:
        return
    cabecera = [c.strip() for c in registros[0][1]]
    malas = [(n, len(f)) for n, f in registros[1:] if f and any(c.strip() for c in f) and len(f) != len(cabecera)]
    if malas:
        detalle = "; ".join(f"fila {n}: {k} columnas" for n, k in malas[:10])
        mas = f" (y {len(malas) - 10} filas más)" if len(malas) > 10 else ""
        raise ErrorGenerador(
            f"{ruta}: la cabecera tiene {len(cabecera)} columnas y hay filas con otro número ({detalle}{mas}). "
            "Un valor con coma, punto y coma o comillas debe ir entre comillas dobles, con las comillas "
            "interiores duplicadas: \"Rosa \"\"Chabuca\"\", Quispe\"")
    for numero, fila in registros[1:]:
        yield numero, dict(zip(cabecera, fila))


def _filas_xlsx(ruta: Path) -> Iterator[tuple[int, dict]]:
    import openpyxl
    try:
        libro = openpyxl.load_workbook(ruta, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl lanza varios tipos ante un archivo dañado
        raise ErrorGenerador(f"{ruta}: no se puede leer como hoja de cálculo .xlsx ({exc})") from None
    hoja = libro.worksheets[0]
    filas = hoja.iter_rows(values_only=True)
    cabecera = [str(c).strip() if c is not None else None for c in next(filas, [])]
    for numero, valores in enumerate(filas, start=2):
        yield numero, dict(zip(cabecera, valores))
    libro.close()


def leer_tabla(ruta: Path) -> list[tuple[int, dict]]:
    """Filas no vacías como (número de fila en la hoja, datos anidados)."""
    ruta = Path(ruta)
    if not ruta.is_file():
        raise ErrorRespuestas([Problema(ruta, "", "el archivo no existe")])
    sufijo = ruta.suffix.lower()
    if sufijo == ".csv":
        filas = _filas_csv(ruta)
    elif sufijo in (".xlsx", ".xlsm"):
        filas = _filas_xlsx(ruta)
    else:
        raise ErrorGenerador(f"{ruta}: formato no admitido «{sufijo}»; use .xlsx o .csv")
    listas = {c for c, p in columnas() if p.tipo == "lista"}
    return [(n, datos) for n, fila in filas if (datos := anidar(fila, listas))]


def _columnas(preguntas: dict[str, Pregunta], prefijo: str = "") -> Iterator[tuple[str, Pregunta]]:
    for clave, p in preguntas.items():
        if p.tipo in SIMPLES or (p.tipo == "lista" and p.elementos is not None):
            yield prefijo + clave, p
        elif p.tipo == "objeto":
            yield from _columnas(p.campos, f"{prefijo}{clave}.")


def columnas() -> list[tuple[str, Pregunta]]:
    """Columnas de la plantilla: el perfil y las preguntas simples de cada documento."""
    cols = [c for c in _columnas(preguntas_perfil())]
    for doc in catalogo().values():
        cols += list(_columnas(doc.preguntas, f"{doc.id}."))
    return cols


def _tipo_legible(p: Pregunta) -> str:
    if p.tipo == "opcion":
        return "una de: " + ", ".join(p.opciones)
    if p.tipo == "lista":
        return "lista entre corchetes: [uno, dos]"
    return {"fecha": "fecha AAAA-MM-DD", "hora": "hora HH:MM", "entero": "número entero",
            "decimal": "número", "booleano": "sí / no"}.get(p.tipo, "texto")


def _obligatorio(p: Pregunta) -> str:
    if isinstance(p.requerido, list):
        return "sí, en " + ", ".join(p.requerido)
    return "sí" if p.requerido and p.defecto is None else "no"


def escribir_plantilla(destino: Path, ejemplo: dict | None = None, sobrescribir: bool = False) -> Path:
    """Hoja «Instancias» con las columnas y una fila de ejemplo; hoja «Columnas» que las explica."""
    import openpyxl
    from openpyxl.styles import Font

    cols = columnas()
    libro = openpyxl.Workbook()
    hoja = libro.active
    hoja.title = "Instancias"
    hoja.append([c for c, _ in cols])
    for celda in hoja[1]:
        celda.font = Font(bold=True)
    if ejemplo:
        plano = _aplanar(ejemplo)
        hoja.append([plano.get(c, "") for c, _ in cols])
    hoja.freeze_panes = "A2"
    ayuda = libro.create_sheet("Columnas")
    ayuda.append(["columna", "descripción", "tipo", "obligatorio"])
    for celda in ayuda[1]:
        celda.font = Font(bold=True)
    for columna, p in cols:
        ayuda.append([columna, p.ayuda, _tipo_legible(p), _obligatorio(p)])
    ayuda.append([])
    ayuda.append(["", "Una fila por instancia. Las columnas «documento.campo» son respuestas de ese documento. "
                      "Lo común a todas las filas (y las listas de grupos: directorio, acuerdos, actividades) "
                      "va en un YAML de respuestas comunes (--comunes); el valor de la fila manda. "
                      "Lo obligatorio que falte sale como «[COMPLETAR: …]» y se lista en resumen.csv."])
    for hoja_ in (hoja, ayuda):
        for columna in hoja_.columns:
            hoja_.column_dimensions[columna[0].column_letter].width = 28
    datos = io.BytesIO()
    libro.save(datos)
    return escribir(destino, datos.getvalue(), sobrescribir=sobrescribir)


def _aplanar(datos: dict, prefijo: str = "") -> dict[str, Any]:
    plano: dict[str, Any] = {}
    for clave, valor in datos.items():
        if isinstance(valor, dict):
            plano.update(_aplanar(valor, f"{prefijo}{clave}."))
        elif isinstance(valor, list):
            if all(not isinstance(v, (dict, list)) for v in valor):
                plano[prefijo + clave] = "[" + ", ".join(str(v) for v in valor) + "]"
        else:
            plano[prefijo + clave] = valor if isinstance(valor, (int, float)) else str(valor)
    return plano
