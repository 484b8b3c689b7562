"""Señales y trabajadores de un lote: parar con orden y no dejar procesos huérfanos.

- El proceso principal atiende SIGINT (Ctrl-C), SIGTERM (kill) y SIGHUP (terminal cerrada): la
  primera señal pide a los trabajadores que terminen el documento en curso y no empiecen otro
  (todo lo hecho queda en el resumen); una segunda los termina en el acto.
- Los trabajadores nacen ignorando SIGINT y SIGHUP (un Ctrl-C en la terminal llega a todo el
  grupo de procesos: sin esto, cada trabajador imprimía su traza) y vigilan el pid de su padre:
  si el padre muere (kill -9), terminan en menos de medio segundo.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from multiprocessing.synchronize import Event

SENALES = tuple(getattr(signal, n) for n in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, n))
_HEREDADAS = tuple(getattr(signal, n) for n in ("SIGINT", "SIGHUP") if hasattr(signal, n))


def _principal() -> bool:
    return threading.current_thread() is threading.main_thread()


class Parada:
    """La señal recibida (si la hubo) y el evento compartido con los trabajadores."""

    def __init__(self) -> None:
        self.senal: int | None = None
        self.evento: Event | None = None

    @property
    def nombre(self) -> str:
        return signal.Signals(self.senal).name if self.senal else ""

    def _manejar(self, numero, _marco) -> None:
        if self.senal is not None:
            raise KeyboardInterrupt  # segunda señal: parar ya
        self.senal = numero
        if self.evento is not None:
            self.evento.set()

    @contextlib.contextmanager
    def atender(self):
        """Mientras dura el bloque, las señales piden parar en vez de matar el proceso."""
        if not _principal():
            yield
            return
        previos = {s: signal.signal(s, self._manejar) for s in SENALES}
        try:
            yield
        finally:
            for s, manejador in previos.items():
                signal.signal(s, manejador)

    @contextlib.contextmanager
    def al_crear_trabajadores(self):
        """Los procesos creados en el bloque heredan SIGINT y SIGHUP ignoradas (exec conserva SIG_IGN)."""
        if not _principal():
            yield
            return
        previos = {s: signal.signal(s, signal.SIG_IGN) for s in _HEREDADAS}
        try:
            yield
        finally:
            for s, manejador in previos.items():
                signal.signal(s, manejador)
            if self.senal is not None and self.evento is not None:
                self.evento.set()


_EVENTO = None
_PADRE: int | None = None


def preparar_trabajador(evento, padre: int | None) -> None:
    """En cada trabajador: ignorar Ctrl-C y SIGHUP, y terminar si el padre desaparece."""
    global _EVENTO, _PADRE
    _EVENTO, _PADRE = evento, padre
    for s in _HEREDADAS:
        signal.signal(s, signal.SIG_IGN)
    if padre is not None and hasattr(os, "getppid"):
        threading.Thread(target=_vigilar_padre, args=(padre,), daemon=True, name="vigia-del-padre").start()


def _vigilar_padre(padre: int) -> None:
    while True:
        time.sleep(0.25)
        if os.getppid() != padre:
            os._exit(1)  # el padre murió: nada de seguir escribiendo (el temporal se limpia al reanudar)


def detenido() -> bool:
    """¿Debe el trabajador dejar de empezar documentos?"""
    if _EVENTO is not None and _EVENTO.is_set():
        return True
    return _PADRE is not None and hasattr(os, "getppid") and os.getppid() != _PADRE


def terminar(grupo) -> None:
    """Termina en el acto los procesos de un ProcessPoolExecutor (segunda señal)."""
    for proceso in list(getattr(grupo, "_processes", {}).values()):
        with contextlib.suppress(Exception):
            proceso.terminate()
