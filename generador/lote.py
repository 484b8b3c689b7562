"""Generación masiva: muchas instancias × documentos, en paralelo, reanudable y a prueba de fallos.

- El plan (filas × documentos → tareas) está en `lote_plan`; cada tarea, que pasa por el mismo
  camino que `generar` (así que el texto es idéntico), en `lote_tareas`.
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

import multiprocessing
import os
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

from . import lote_estado, lote_procesos
from .errores import ErrorGenerador
from .lote_plan import Plan, carpeta_instancia, fusionar, planificar, plantilla_tabla, preparar
from .lote_salidas import ENCABEZADO_RESUMEN, Informe, empaquetar, escribir_resumen
from .lote_tareas import ResultadoTarea, Tarea, ejecutar_tarea, pendiente, registrar_en_carpeta, resultado
from .manifiesto import manifiesto

__all__ = [  # lo que usan la CLI, la web, las herramientas y las pruebas: `lote.X`
    "ENCABEZADO_RESUMEN",
    "Informe",
    "Plan",
    "ResultadoTarea",
    "Tarea",
    "carpeta_instancia",
    "correr",
    "ejecutar",
    "ejecutar_tarea",
    "empaquetar",
    "escribir_resumen",
    "fusionar",
    "limpiar_temporales",
    "pendiente",
    "planificar",
    "plantilla_tabla",
    "preparar",
    "registrar_en_carpeta",
]


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
                resultados[i] = resultado(
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
