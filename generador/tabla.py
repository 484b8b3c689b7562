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
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from .errores import ErrorGenerador, ErrorRespuestas, Problema
from .escritura import escribir
from .manifiesto import catalogo
from .perfil import preguntas_perfil
from .preguntas import Pregunta
from .respuestas import _Cargador

SIMPLES = ("texto", "fecha", "hora", "entero", "decimal", "opcion", "booleano")
#: Límites de una tabla de lote: tamaño del archivo y, en un .xlsx (un zip), lo que ocupa descomprimido.
LIMITE_TABLA = 50 * 1024 * 1024
LIMITE_XLSX_DESCOMPRIMIDO = 400 * 1024 * 1024
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
            valor = valor[1:]  # lo que celda_segura neutralizó al escribir la plantilla
        valor = valor.strip()
        if es_lista and valor.startswith("[") and valor.endswith("]"):
            try:
                return yaml.load(valor, Loader=_Cargador)
            except yaml.YAMLError:
                return valor
    return valor


def anidar(fila: dict[str, Any], listas: set[str] | frozenset[str] = frozenset()) -> dict:
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
    cuentas = {
        d: len(next(csv.reader([cabecera], delimiter=d, quotechar='"', doublequote=True), [])) for d in (",", ";", "\t")
    }
    return max(cuentas, key=lambda d: (cuentas[d], d == ","))


def _filas_csv(ruta: Path) -> Iterator[tuple[int, dict]]:
    """Filas del CSV con el dialecto RFC 4180 que escriben las hojas de cálculo: comillas dobles
    que encierran comas y saltos de línea, y «""» dentro de ellas para una comilla. Una fila con
    otro número de columnas que la cabecera se rechaza (correría los valores a otra columna)."""
    try:
        texto = ruta.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        linea = ruta.read_bytes()[: exc.start].count(b"\n") + 1
        raise ErrorGenerador(
            f"{ruta}, línea {linea}: el archivo no está en UTF-8; en Excel use «Guardar como» "
            "→ «CSV UTF-8 (delimitado por comas)», en LibreOffice elija el juego de "
            "caracteres «Unicode (UTF-8)»"
        ) from None
    except OSError as exc:
        raise ErrorGenerador(f"{ruta}: no se puede leer ({exc.strerror})") from None
    primera = texto.split("\n", 1)[0]
    lector = csv.reader(
        io.StringIO(texto, newline=""),
        delimiter=_separador(primera),
        quotechar='"',
        doublequote=True,
        skipinitialspace=False,
        strict=False,
    )
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
            'interiores duplicadas: "Rosa ""Chabuca"", Quispe"'
        )
    for numero, fila in registros[1:]:
        yield numero, dict(zip(cabecera, fila))


HOJA_DIRECTORIO = "Directorio"
CLAVE = "clave"


def _hoja(ruta: Path, libro, hoja) -> Iterator[tuple[int, dict]]:
    filas = hoja.iter_rows(values_only=True)
    cabecera = [str(c).strip() if c is not None else None for c in next(filas, [])]
    for numero, valores in enumerate(filas, start=2):
        yield numero, dict(zip(cabecera, valores))


def _libro(ruta: Path):
    import zipfile

    import openpyxl

    try:
        with zipfile.ZipFile(ruta) as z:
            descomprimido = sum(i.file_size for i in z.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        descomprimido = 0  # openpyxl dará el error de formato
    if descomprimido > LIMITE_XLSX_DESCOMPRIMIDO:
        raise ErrorGenerador(
            f"{ruta}: la hoja ocupa {descomprimido // 2**20} MB descomprimida, más que el límite de "
            f"{LIMITE_XLSX_DESCOMPRIMIDO // 2**20} MB; divídala en varias tablas"
        )
    try:
        return openpyxl.load_workbook(ruta, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl lanza varios tipos ante un archivo dañado
        raise ErrorGenerador(f"{ruta}: no se puede leer como hoja de cálculo .xlsx ({exc})") from None


def _directorio(ruta: Path, libro) -> dict[str, list[tuple[int, dict]]]:
    """Hoja «Directorio» (si la hay): por clave de instancia, sus integrantes con su asistencia."""
    nombres = {n.strip().lower(): n for n in libro.sheetnames}
    if HOJA_DIRECTORIO.lower() not in nombres:
        return {}
    por_clave: dict[str, list[tuple[int, dict]]] = {}
    for numero, fila in _hoja(ruta, libro, libro[nombres[HOJA_DIRECTORIO.lower()]]):
        datos = anidar(fila)
        if not datos:
            continue
        clave = str(datos.pop(CLAVE, "") or "").strip()
        if not clave:
            raise ErrorGenerador(
                f"{ruta}, hoja {HOJA_DIRECTORIO}, fila {numero}: falta la «{CLAVE}» de la instancia "
                "(la misma que en su fila de la hoja Instancias, o su ubigeo)"
            )
        por_clave.setdefault(clave, []).append((numero, datos))
    return por_clave


def _documentos_con_asistencia() -> list[str]:
    return [
        d
        for d, m in catalogo().items()
        if "asistencia" in m.preguntas and {"entidad", "asiste"} <= set(m.preguntas["asistencia"].campos or {})
    ]


def _con_directorio(filas: list[tuple[int, dict]], directorio: dict, ruta: Path) -> list[tuple[int, dict]]:
    usadas = set()
    for _, datos in filas:
        clave = str(datos.pop(CLAVE, "") or datos.get("ubigeo") or "").strip()
        if clave not in directorio:
            continue
        usadas.add(clave)
        integrantes = [{k: v for k, v in d.items() if k != "asiste"} for _, d in directorio[clave]]
        datos["integrantes"] = integrantes
        asistencia = [
            {"entidad": d.get("entidad"), "asiste": d["asiste"]} for _, d in directorio[clave] if "asiste" in d
        ]
        if asistencia:
            for doc in _documentos_con_asistencia():
                if isinstance(datos.get(doc, {}), dict):
                    datos.setdefault(doc, {}).setdefault("asistencia", asistencia)
    sobran = [(n, c) for c, lista in directorio.items() if c not in usadas for n, _ in lista[:1]]
    if sobran:
        detalle = "; ".join(f"fila {n}: «{c}»" for n, c in sobran[:10])
        raise ErrorGenerador(
            f"{ruta}, hoja {HOJA_DIRECTORIO}: claves que no están en la hoja Instancias ({detalle}); "
            f"ponga la misma «{CLAVE}» (o el ubigeo) en la fila de su instancia"
        )
    return filas


def leer_tabla(ruta: Path) -> list[tuple[int, dict]]:
    """Filas no vacías como (número de fila en la hoja, datos anidados).

    En un .xlsx, una hoja «Directorio» opcional da los integrantes de cada instancia (una fila por
    integrante, con la «clave» de su instancia y, si se quiere, su asistencia «asiste»).
    """
    ruta = Path(ruta)
    try:
        info = ruta.stat()
    except (OSError, ValueError):
        raise ErrorRespuestas([Problema(ruta, "", "el archivo no existe")]) from None
    import stat as _stat

    if not _stat.S_ISREG(info.st_mode):
        raise ErrorGenerador(
            f"{ruta}: no es un archivo normal (carpeta, tubería o dispositivo); indique la tabla .xlsx o .csv"
        )
    if info.st_size > LIMITE_TABLA:
        raise ErrorGenerador(
            f"{ruta}: ocupa {info.st_size // 2**20} MB, más que el límite de {LIMITE_TABLA // 2**20} MB "
            "para una tabla de lote; divídala en varias tablas"
        )
    sufijo = ruta.suffix.lower()
    listas = {c for c, p in columnas() if p.tipo == "lista"}
    if sufijo == ".csv":
        filas = [(n, datos) for n, fila in _filas_csv(ruta) if (datos := anidar(fila, listas))]
        for _, datos in filas:
            datos.pop(CLAVE, None)
        return filas
    if sufijo not in (".xlsx", ".xlsm"):
        raise ErrorGenerador(f"{ruta}: formato no admitido «{sufijo}»; use .xlsx o .csv")
    libro = _libro(ruta)
    try:
        filas = [(n, datos) for n, fila in _hoja(ruta, libro, libro.worksheets[0]) if (datos := anidar(fila, listas))]
        return _con_directorio(filas, _directorio(ruta, libro), ruta)
    finally:
        libro.close()


def _columnas(preguntas: dict[str, Pregunta], prefijo: str = "") -> Iterator[tuple[str, Pregunta]]:
    for clave, p in preguntas.items():
        if p.tipo in SIMPLES or (p.tipo == "lista" and p.elementos is not None):
            yield prefijo + clave, p
        elif p.tipo == "objeto":
            yield from _columnas(p.campos, f"{prefijo}{clave}.")


def grupos() -> list[tuple[str, list[tuple[str, Pregunta]]]]:
    """Columnas por grupo (el perfil y cada documento), una por hecho.

    «ordenanza.numero» y «ordenanza.fecha» son a la vez respuestas de la ordenanza y la ordenanza
    de creación del perfil: van una sola vez, en el grupo de la ordenanza.
    """
    documentos = [
        (f"Documento: {d.titulo} ({d.id})", list(_columnas(d.preguntas, f"{d.id}."))) for d in catalogo().values()
    ]
    de_documentos = {c for _, cols in documentos for c, _ in cols}
    perfil = [(c, p) for c, p in _columnas(preguntas_perfil()) if c not in de_documentos]
    return [("Perfil de la instancia", perfil), *documentos]


def columnas() -> list[tuple[str, Pregunta]]:
    """Columnas de la plantilla: el perfil y las preguntas simples de cada documento."""
    return [c for _, cols in grupos() for c in cols]


def columnas_directorio() -> list[tuple[str, Pregunta]]:
    integrantes = preguntas_perfil()["integrantes"]
    return list(_columnas(integrantes.campos or {}))


def compartidas() -> dict[str, str]:
    """Columnas de un documento que son a la vez hechos del perfil (las declara `al_perfil` en
    su manifiesto): «ordenanza.numero» → «instancia.ordenanza.numero»."""
    return {
        f"{m.id}.{propio}": f"instancia.{clave}.{en_perfil}"
        for m in catalogo().values()
        for clave, campos in m.al_perfil.items()
        for en_perfil, propio in campos.items()
    }


def _tipo_legible(p: Pregunta) -> str:
    if p.tipo == "opcion":
        return "una de: " + ", ".join(p.opciones)
    if p.tipo == "lista":
        return "lista entre corchetes: [uno, dos]"
    return {
        "fecha": "fecha AAAA-MM-DD",
        "hora": "hora HH:MM",
        "entero": "número entero",
        "decimal": "número",
        "booleano": "sí / no",
    }.get(p.tipo, "texto")


def _obligatorio(p: Pregunta) -> str:
    if isinstance(p.requerido, list):
        return "sí, en " + ", ".join(p.requerido)
    return "sí" if p.requerido and p.defecto is None else "no"


def _fila_segura(hoja, valores: list) -> None:
    """Añade una fila; el texto que parece una fórmula queda como texto (celda_segura)."""
    hoja.append([celda_segura(v) for v in valores])
    for celda in hoja[hoja.max_row]:
        if isinstance(celda.value, str):
            celda.data_type = "s"


def escribir_plantilla(
    destino: Path, ejemplo: dict | None = None, sobrescribir: bool = False, directorio: list[dict] | None = None
) -> Path:
    """Hojas «Instancias» (columnas agrupadas y una fila de ejemplo), «Directorio» (integrantes por
    clave de instancia, para las actas) y «Columnas» (qué es cada columna y a qué grupo pertenece)."""
    import openpyxl
    from openpyxl.styles import Font, PatternFill

    colores = ("DDEBF7", "FCE4D6", "E2EFDA", "FFF2CC", "EDE1F5")
    libro = openpyxl.Workbook()
    hoja = libro.active
    hoja.title = "Instancias"
    todas = [(CLAVE, "Clave de la fila", None)] + [(c, g, p) for g, cols in grupos() for c, p in cols]
    _fila_segura(hoja, [c for c, _, _ in todas])
    orden_grupos = list(dict.fromkeys(g for _, g, _ in todas))
    for celda, (_, grupo, _) in zip(hoja[1], todas):
        celda.font = Font(bold=True)
        color = colores[orden_grupos.index(grupo) % len(colores)]
        celda.fill = PatternFill("solid", start_color=color, end_color=color)
    clave_ejemplo = "ejemplo-1" if directorio else ""
    if ejemplo:
        plano = {**_aplanar(ejemplo), CLAVE: clave_ejemplo}
        _fila_segura(hoja, [plano.get(c, "") for c, _, _ in todas])
    hoja.freeze_panes = "B2"
    socios = libro.create_sheet(HOJA_DIRECTORIO)
    cols_dir = [CLAVE, *(c for c, _ in columnas_directorio()), "asiste"]
    _fila_segura(socios, cols_dir)
    for celda in socios[1]:
        celda.font = Font(bold=True)
    for integrante in directorio or []:
        plano = {**_aplanar(integrante), CLAVE: clave_ejemplo}
        _fila_segura(socios, [plano.get(c, "") for c in cols_dir])
    socios.freeze_panes = "B2"
    ayuda = libro.create_sheet("Columnas")
    _fila_segura(ayuda, ["columna", "descripción", "tipo", "obligatorio", "grupo"])
    for celda in ayuda[1]:
        celda.font = Font(bold=True)
    _fila_segura(
        ayuda,
        [
            CLAVE,
            "Clave de la instancia, para unir su fila con sus integrantes de la hoja "
            f"{HOJA_DIRECTORIO} (si se deja vacía, se usa el ubigeo).",
            "texto",
            "no",
            "Clave de la fila",
        ],
    )
    comunes = compartidas()
    for grupo, cols in grupos():
        for columna, p in cols:
            nota = (
                f" Es también un hecho del perfil ({comunes[columna]}): una sola columna para el mismo hecho."
                if columna in comunes
                else ""
            )
            _fila_segura(ayuda, [columna, (p.ayuda or "") + nota, _tipo_legible(p), _obligatorio(p), grupo])
    for columna, p in columnas_directorio():
        _fila_segura(
            ayuda,
            [f"{HOJA_DIRECTORIO}: {columna}", p.ayuda, _tipo_legible(p), _obligatorio(p), f"Hoja {HOJA_DIRECTORIO}"],
        )
    _fila_segura(
        ayuda,
        [
            f"{HOJA_DIRECTORIO}: asiste",
            "Asistencia a la instalación o a la sesión: titular, alterno o ausente (para las actas).",
            "una de: titular, alterno, ausente",
            "no",
            f"Hoja {HOJA_DIRECTORIO}",
        ],
    )
    _fila_segura(ayuda, [])
    _fila_segura(
        ayuda,
        [
            "",
            "Una fila por instancia. Las columnas «documento.campo» son respuestas de ese documento; "
            "el color de la cabecera marca su grupo. En la hoja Directorio, una fila por integrante "
            "con la clave de su instancia: con ella se hacen las actas desde la tabla. "
            "Lo común a todas las filas (y las listas de grupos: acuerdos, actividades) "
            "va en un YAML de respuestas comunes (--comunes); el valor de la fila manda. "
            "Lo obligatorio que falte sale como «[COMPLETAR: …]» y se lista en resumen.csv.",
        ],
    )
    for hoja_ in (hoja, socios, ayuda):
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
