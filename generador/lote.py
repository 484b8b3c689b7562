"""Generación masiva: muchas instancias × documentos, en paralelo, reanudable y a prueba de fallos.

- Cada tarea (una instancia y un documento) pasa por el mismo camino que `generar`
  (validar_datos → producir_todo → escribir), así que el texto es idéntico.
- Un proceso por núcleo; cada proceso compila cada plantilla una sola vez y la reutiliza.
- Escritura atómica: un documento existe completo o no existe. Al repetir la misma orden tras
  una interrupción, se omite solo lo escrito cuyas entradas no cambiaron (ver `lote_estado`) y
  se termina el resto; lo que cambió se rehace; lo que el lote no escribió no se pisa sin
  --sobrescribir.
- Una fila mala queda en resumen.csv con su mensaje y el lote sigue; el código de salida es 1.
- Ctrl-C, kill o cerrar la terminal: los trabajadores acaban su documento y paran, el resumen
  incluye todo (también lo pendiente) y se dice cómo reanudar (ver `lote_procesos`).
"""

from __future__ import annotations

import contextlib
import copy
import multiprocessing
import os
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from . import lote_estado, lote_procesos, territorio
from .errores import ErrorGenerador
from .escritura import escribir
from .generacion import _con_sufijo, nombre_archivo, producir_todo
from .lote_salidas import ENCABEZADO_RESUMEN, Informe, empaquetar, escribir_resumen  # noqa: F401
from .manifiesto import NIVELES, catalogo, manifiesto
from .normalizacion import normalizar
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


def fusionar(base: dict, encima: dict) -> dict:
    """Fusión profunda: los valores de `encima` (la fila) ganan a los de `base` (comunes)."""
    salida = copy.deepcopy(base)
    for clave, valor in encima.items():
        if isinstance(valor, dict) and isinstance(salida.get(clave), dict):
            salida[clave] = fusionar(salida[clave], valor)
        else:
            salida[clave] = copy.deepcopy(valor)
    return salida


def carpeta_instancia(perfil: dict) -> list[str]:
    """departamento / provincia / distrito según el nivel (nombres de archivo seguros)."""
    nivel = perfil.get("nivel")
    if nivel == "regional":  # Lima Metropolitana tiene carpeta propia; «El Callao» es Callao
        ambito, departamento = perfil.get("ambito_nombre"), perfil.get("departamento")
        propio = ambito and normalizar(ambito).removeprefix("el ") != normalizar(str(departamento))
        partes = [ambito if propio else departamento]
    elif nivel == "provincial":
        partes = [perfil.get("departamento"), perfil.get("provincia")]
    else:
        partes = [perfil.get("departamento"), perfil.get("provincia"), perfil.get("distrito")]
    return [nombre_archivo(str(p or "sin nombre"), espacios=True) for p in partes]


def planificar(
    filas: Iterable[tuple[str, dict]], documentos: list[str], carpeta: Path, comunes: dict | None = None
) -> tuple[list[Tarea], list[ResultadoTarea]]:
    """Tareas por fila y documento; las filas imposibles salen ya como resultados de error."""
    comunes = comunes or {}
    tipos = catalogo()
    for doc in documentos:
        manifiesto(doc)  # error claro si no existe
    plantillas = {doc: lote_estado.huella_plantilla(doc) for doc in documentos}  # una vez por tipo
    tareas: list[Tarea] = []
    errores: list[ResultadoTarea] = []
    vistos: dict[Path, str] = {}
    for fila, datos in filas:
        perfil = fusionar(comunes.get("instancia") or {}, {k: v for k, v in datos.items() if k not in tipos})
        # respuestas que son a la vez hechos del perfil (el manifiesto lo declara en «al_perfil»:
        # el número y la fecha de la ordenanza son los de la creación): no se escriben dos veces
        for m in tipos.values():
            pendientes = {c: campos for c, campos in m.al_perfil.items() if c not in perfil}
            if not pendientes:  # casi todos los tipos: nada que fusionar (ni copiar)
                continue
            respuestas_doc = fusionar(comunes.get(m.id) or {}, datos.get(m.id) or {})
            for clave, campos in pendientes.items():
                hechos = {k: respuestas_doc[v] for k, v in campos.items() if respuestas_doc.get(v)}
                if clave not in perfil and hechos:
                    perfil[clave] = hechos
        partes = carpeta_instancia(perfil)
        etiqueta = " / ".join(partes)
        if perfil.get("nivel") not in NIVELES:
            errores.append(
                ResultadoTarea(
                    fila,
                    etiqueta,
                    "",
                    "error",
                    "",
                    [
                        f"{fila}, campo «nivel»: nivel desconocido «{perfil.get('nivel') or ''}»; use: {', '.join(NIVELES)}"
                    ],
                )
            )
            continue
        capital = territorio.capital_de_provincia(perfil) if perfil.get("nivel") == "distrital" else None
        if capital:
            errores.append(
                ResultadoTarea(
                    fila,
                    etiqueta,
                    "",
                    "error",
                    "",
                    [
                        f"{fila}: {capital['distrito']} es el distrito capital de la provincia de {capital['provincia']}; "
                        "no tiene instancia distrital: la cubre la instancia provincial (la municipalidad provincial "
                        "gobierna el distrito capital, Ley N° 27972, art. 3). Ponga «provincial» en la columna nivel"
                    ],
                )
            )
            continue
        for doc in documentos:
            if perfil.get("nivel") not in tipos[doc].niveles:
                continue
            destino = carpeta.joinpath(*partes, f"{doc}.docx")
            if destino in vistos:
                errores.append(
                    ResultadoTarea(
                        fila,
                        etiqueta,
                        doc,
                        "error",
                        "",
                        [f"la misma instancia ya está en {vistos[destino]}: fila repetida"],
                    )
                )
                continue
            vistos[destino] = fila
            respuestas = fusionar(comunes.get(doc) or {}, datos.get(doc) or {})
            tareas.append(
                Tarea(
                    fila,
                    etiqueta,
                    doc,
                    perfil,
                    respuestas,
                    destino,
                    lote_estado.huella_entradas(doc, perfil, respuestas, plantillas[doc]),
                    carpeta=carpeta,
                )
            )
    return tareas, errores


def _resultado(t: Tarea, estado: str, mensajes: list[str], **extra) -> ResultadoTarea:
    return ResultadoTarea(t.fila, t.instancia, t.documento, estado, mensajes=mensajes, destino=str(t.destino), **extra)


def pendiente(t: Tarea, motivo: str = "interrumpido: no se llegó a generar; repita la orden para completarlo"):
    return _resultado(t, "pendiente", [motivo])


def _omitir(t: Tarea, salidas: list[Path]) -> ResultadoTarea | None:
    """Omitido si ya existe y sus entradas no cambiaron; conservado si el lote no lo escribió."""
    carpeta = t.carpeta or t.destino.parent
    existentes = [d for d in salidas if d.exists()]
    if t.sobrescribir or not t.destino.exists():
        return None
    propios = lote_estado.propios(t.previo, carpeta)
    ajenos = [d for d in existentes if not propios.get(lote_estado.relativa(carpeta, d))]
    if ajenos:
        return _resultado(
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
        return _resultado(
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
    omitido = _omitir(t, salidas)
    if omitido is not None:
        return omitido
    propios = lote_estado.propios(t.previo, carpeta)
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
        return _resultado(t, "error", [str(exc)])
    except Exception as exc:  # una fila nunca detiene el lote
        if pendientes:
            motivo = (
                f"no se puede generar con datos por completar ({', '.join(pendientes)}); "
                "déles valor en la tabla o en --comunes"
            )
        else:
            motivo = f"error interno ({type(exc).__name__}: {exc}); avise a quien mantiene la plantilla"
        return _resultado(t, "error", [motivo])
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
    return _resultado(t, "generado", mensajes, archivo=str(t.destino), metadatos=metadatos, reemplazo=reemplazo)


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


def _tanda(tareas: list[Tarea]) -> list[ResultadoTarea]:
    return [pendiente(t) if lote_procesos.detenido() else ejecutar_tarea(t) for t in tareas]


def _preparar_proceso(documentos: list[str], evento=None, padre: int | None = None) -> None:
    """Al iniciar cada proceso: señales y vigía del padre; compilar una vez las plantillas que usará."""
    from .renderizado import compilada

    if padre is not None:
        lote_procesos.preparar_trabajador(evento, padre)
    for doc in documentos:
        m = manifiesto(doc)
        compilada(m.ruta_plantilla)
        for adicional in m.adicionales:
            compilada(m.carpeta / adicional.plantilla)


def limpiar_temporales(carpeta: Path) -> int:
    """Borra temporales «.~*.tmp» que un proceso matado (kill -9) pudo dejar."""
    borrados = 0
    if carpeta.is_dir():
        for tmp in carpeta.rglob(".~*.tmp"):
            tmp.unlink(missing_ok=True)
            borrados += 1
    return borrados


def ejecutar(
    tareas: list[Tarea],
    procesos: int | None = None,
    tamano_tanda: int = 24,
    al_avanzar: Callable[[int], None] | None = None,
    resultados: list[ResultadoTarea] | None = None,
    parada: lote_procesos.Parada | None = None,
) -> list[ResultadoTarea]:
    """Ejecuta las tareas en `procesos` procesos (por defecto, todos los núcleos).

    Los resultados se van añadiendo a `resultados` (si se da), para que quien llama pueda
    escribir el resumen de lo hecho aunque el lote se interrumpa. Con una señal (ver `Parada`),
    lo no empezado sale como «pendiente».
    """
    procesos = procesos or os.cpu_count() or 1
    parada = parada or lote_procesos.Parada()
    documentos = sorted({t.documento for t in tareas})
    resultados = [] if resultados is None else resultados
    avanzar = al_avanzar or (lambda n: None)
    if procesos == 1 or len(tareas) <= tamano_tanda:
        _preparar_proceso(documentos)
        with parada.atender():
            for i, t in enumerate(tareas):
                if parada.senal is not None:
                    resultados.extend(pendiente(x) for x in tareas[i:])
                    break
                try:
                    resultados.append(ejecutar_tarea(t))
                except KeyboardInterrupt:  # segunda señal durante un documento
                    resultados.extend(pendiente(x) for x in tareas[i:])
                    break
                avanzar(1)
        return resultados
    tandas = [tareas[i : i + tamano_tanda] for i in range(0, len(tareas), tamano_tanda)]
    # «spawn»: cada trabajador empieza limpio (no hereda la memoria del proceso principal, que
    # guarda todas las tareas), así su memoria no crece con el tamaño del lote
    contexto = multiprocessing.get_context("spawn")
    with parada.atender():
        with parada.al_crear_trabajadores():
            parada.evento = contexto.Event()
            grupo = ProcessPoolExecutor(
                procesos,
                mp_context=contexto,
                initializer=_preparar_proceso,
                initargs=(documentos, parada.evento, os.getpid()),
            )
            futuros = {grupo.submit(_tanda, tanda): tanda for tanda in tandas}
        recogidos: set = set()
        try:
            for futuro in as_completed(futuros):
                if parada.senal is not None:
                    for otro in futuros:
                        otro.cancel()  # lo no empezado no se empieza
                if futuro.cancelled():
                    continue
                try:
                    hechos = futuro.result()
                except Exception as exc:
                    hechos = [
                        pendiente(
                            t,
                            f"interrumpido: el proceso trabajador terminó ({type(exc).__name__}); "
                            "repita la orden para completarlo",
                        )
                        for t in futuros[futuro]
                    ]
                recogidos.add(futuro)
                resultados.extend(hechos)
                avanzar(len(hechos))
        except KeyboardInterrupt:
            lote_procesos.terminar(grupo)
        finally:
            grupo.shutdown(wait=True, cancel_futures=True)
    for futuro, tanda in futuros.items():
        if futuro not in recogidos:
            resultados.extend(pendiente(t) for t in tanda)
    return resultados


@dataclass
class Plan:
    carpeta: Path
    tareas: list[Tarea]
    errores: list[ResultadoTarea]
    avisos: list[str] = field(default_factory=list)


def _cargar_comunes(ruta: Path | None) -> dict:
    if ruta is None:
        return {}
    from .respuestas import cargar_yaml

    archivo = cargar_yaml(ruta)
    if archivo.datos is not None and not isinstance(archivo.datos, dict):
        raise ErrorGenerador(f"{ruta}: las respuestas comunes deben ser grupos «instancia:», «ordenanza:»…")
    desconocidas = set(archivo.datos or {}) - set(catalogo()) - {"instancia"}
    if desconocidas:
        raise ErrorGenerador(
            f"{ruta}: claves desconocidas {', '.join(sorted(desconocidas))}; "
            f"use «instancia» o un documento: {', '.join(catalogo())}"
        )
    return archivo.datos or {}


def preparar(
    tabla: Path | None = None,
    departamento: str | None = None,
    pais: bool = False,
    nivel: str | None = None,
    comunes: Path | None = None,
    documentos: list[str] | None = None,
    carpeta: Path = Path("salidas/lote"),
) -> Plan:
    """Filas (de la tabla o del territorio) × documentos → tareas."""
    from .tabla import leer_tabla

    if (tabla is None) == (departamento is None and not pais):
        raise ErrorGenerador("indique una tabla (.xlsx o .csv) o el territorio (--departamento o --pais), no ambos")
    avisos: list[str] = []
    if tabla is not None:
        filas = [(f"{tabla.name}, fila {n}", datos) for n, datos in leer_tabla(tabla)]
        if not filas:
            raise ErrorGenerador(f"{tabla}: no tiene filas con datos")
        elegidos = documentos or list(catalogo())
    else:
        filas = [(f"ubigeo {p['ubigeo']}", p) for p in territorio.instancias(departamento, nivel)]
        todos = catalogo()
        elegidos = documentos or [d for d, m in todos.items() if m.en_lote_territorial]
        fuera = [d for d in todos if d not in elegidos]
        if not documentos and fuera:
            avisos.append(
                f"desde el territorio no se generan {', '.join(fuera)}: necesitan datos propios de cada "
                "instancia (directorio, asistencia, periodo y actividades, avances); déselos en una tabla "
                "o en --comunes y pídalos con --documentos"
            )
    tareas, errores = planificar(filas, [d.strip() for d in elegidos], carpeta, _cargar_comunes(comunes))
    return Plan(carpeta, tareas, errores, avisos)


def _completar(plan: Plan, resultados: list[ResultadoTarea], registro: lote_estado.Registro) -> None:
    """Toda tarea tiene su fila en el resumen; lo escrito por un trabajador interrumpido cuenta como generado."""
    registro._leer_diarios()
    con_resultado = {r.destino for r in resultados if r.destino}
    por_destino = {str(t.destino): t for t in plan.tareas}
    for i, r in enumerate(resultados):
        if r.estado == "pendiente" and r.destino:
            previo = registro.previo(Path(r.destino))
            t = por_destino.get(r.destino)
            if (
                t
                and previo
                and previo.get("huella") == t.huella
                and all(lote_estado.propios(previo, plan.carpeta).values())
            ):
                resultados[i] = _resultado(
                    t,
                    "generado",
                    ["escrito justo al interrumpirse (comprobado en disco)", *previo.get("mensajes", [])],
                    archivo=r.destino,
                )
    resultados.extend(pendiente(t) for t in plan.tareas if str(t.destino) not in con_resultado)


def correr(
    plan: Plan,
    procesos: int | None = None,
    al_avanzar: Callable[[int], None] | None = None,
    comprimir: bool = False,
    sobrescribir: bool = False,
) -> Informe:
    """Ejecuta el plan; el resumen se escribe también si el lote se interrumpe.

    Quien llama debe tener el candado de la carpeta (`lote_estado.candado`), como hace la CLI.
    """
    import time

    limpiar_temporales(plan.carpeta)
    registro = lote_estado.Registro(plan.carpeta)
    avisos = [registro.aviso] if registro.aviso else []
    for t in plan.tareas:
        t.previo, t.sobrescribir, t.carpeta = registro.previo(t.destino), sobrescribir, plan.carpeta
    resultados: list[ResultadoTarea] = list(plan.errores)
    parada = lote_procesos.Parada()
    inicio = time.perf_counter()
    resumen = None
    try:
        ejecutar(plan.tareas, procesos, al_avanzar=al_avanzar, resultados=resultados, parada=parada)
    finally:
        _completar(plan, resultados, registro)
        try:
            registro.guardar()
        except ErrorGenerador as exc:
            avisos.append(f"no se pudo guardar el registro del lote ({exc}); al reanudar, lo ya escrito se conserva")
        try:
            resumen = escribir_resumen(plan.carpeta, resultados)
        except ErrorGenerador as exc:
            avisos.append(
                f"no se pudo escribir resumen.csv: {exc}. Libere espacio y repita la orden: lo ya "
                "generado se omite y el resumen se rehace"
            )
    zips = empaquetar(plan.carpeta, resultados) if comprimir and parada.senal is None else []
    return Informe(plan.carpeta, resultados, resumen, time.perf_counter() - inicio, zips, parada.nombre, avisos)


def plantilla_tabla(destino: Path, sobrescribir: bool = False) -> Path:
    """Hoja vacía con las columnas, su explicación y una fila de ejemplo con su directorio (el ejemplo provincial)."""
    from .respuestas import cargar_yaml
    from .tabla import escribir_plantilla
    from .ubicaciones import carpeta_ejemplos

    ejemplo: dict = {}
    directorio: list[dict] = []
    carpeta = carpeta_ejemplos() / "provincial"
    if (carpeta / "instancia.yaml").is_file():
        ejemplo = {
            k: v
            for k, v in (cargar_yaml(carpeta / "instancia.yaml").datos or {}).items()
            if k not in ("integrantes", "opcionales")
        }
        for doc in catalogo():
            if (carpeta / f"{doc}.yaml").is_file():
                datos = cargar_yaml(carpeta / f"{doc}.yaml").datos or {}
                ejemplo[doc] = {k: v for k, v in datos.items() if k not in ("documento", "nivel", "instancia")}
        con_asistencia: list[Any] = next(
            (
                d["asistencia"]
                for d in ejemplo.values()  # el primer documento que la registra
                if isinstance(d, dict) and isinstance(d.get("asistencia"), list)
            ),
            [],
        )
        asiste = {a.get("entidad"): a.get("asiste") for a in con_asistencia if isinstance(a, dict)}
        directorio = [
            {**i, "asiste": asiste.get(i.get("entidad"), "")}
            for i in cargar_yaml(carpeta / "instancia.yaml").datos.get("integrantes") or []
        ]
    return escribir_plantilla(destino, ejemplo, sobrescribir=sobrescribir, directorio=directorio)
