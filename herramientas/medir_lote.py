"""Benchmark de `generador lote`: documentos/s frente a un bucle ingenuo de docxtpl.

Conjunto: cada instancia posible del Perú (ubigeo INEI: 26 regionales, 195 provinciales,
1,695 distritales) × cada tipo de documento, con las respuestas de ejemplo de su nivel
(ejemplos/<nivel>/) y su propio lugar. Así se miden documentos completos de todos los tipos
(actas con asistencia y tablas, planes con su matriz…), no borradores vacíos.

Mide en una sola ejecución:
  1. el lote nacional (todos los núcleos): documentos/s y segundos totales, y los milisegundos
     de CPU de los trabajadores por documento (la cifra que menos depende de la carga de la
     máquina: con otros procesos a la vez, los documentos/s bajan pero esta apenas cambia);
  2. el bucle ingenuo sobre una muestra de los mismos documentos: por documento,
     DocxTemplate(ruta) + render + save (sin validar ni verificar: se le regala esa parte);
  3. la memoria máxima de un proceso trabajador (RSS) con dos tamaños de lote.

Uso: python herramientas/medir_lote.py [--instancias N] [--muestra 300] [--procesos 2]
Cada cifra va con la carga de la máquina (media de 1 minuto, como `uptime`) al empezar y al terminar.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

RAIZ = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(RAIZ))

import yaml  # noqa: E402
from docxtpl import DocxTemplate  # noqa: E402

from generador import lote, territorio  # noqa: E402
from generador.contexto import Contadores, componer  # noqa: E402
from generador.generacion import es_respuestas  # noqa: E402
from generador.manifiesto import catalogo  # noqa: E402
from generador.renderizado import entorno  # noqa: E402
from generador.respuestas import ArchivoYaml, cargar_yaml  # noqa: E402
from generador.validacion import validar_datos  # noqa: E402


def respuestas_de_ejemplo(nivel: str) -> tuple[dict, dict[str, dict]]:
    """Perfil y, por documento, las primeras respuestas de ejemplo del nivel (rutas absolutas)."""
    carpeta = RAIZ / "ejemplos" / nivel
    perfil = cargar_yaml(carpeta / "instancia.yaml").datos
    por_doc: dict[str, dict] = {}
    # también las actas de sesiones/; el nombre más corto primero (plan-trabajo.yaml antes que plan-trabajo-2028)
    for ruta in sorted(carpeta.rglob("*.yaml"), key=lambda r: (len(r.stem), str(r))):
        if not es_respuestas(ruta):
            continue
        datos = dict(cargar_yaml(ruta).datos)
        doc = datos.pop("documento")
        datos.pop("instancia", None)
        datos.pop("nivel", None)
        # los enlaces a otros archivos de ESA carpeta no valen para otra instancia: la sesión que
        # aprobó el documento se da como texto y fecha, como haría una fila de la tabla
        sesion = datos.pop("aprobado_en", None)
        datos.pop("diagnostico", None)
        if sesion:
            fecha = cargar_yaml(ruta.parent / sesion).datos.get("fecha")
            if doc == "plan-trabajo":
                datos.setdefault("fecha_aprobacion", fecha)
                datos.setdefault("sesion_aprobacion", "Sesión Ordinaria de aprobación del plan")
            elif doc == "reglamento":
                datos.setdefault("sesion_aprobacion", fecha)
        for clave, valor in list(datos.items()):
            if isinstance(valor, str) and valor.endswith(".yaml") and (carpeta / valor).is_file():
                datos[clave] = str(carpeta / valor)
        if doc == "acta-sesion":
            # fuera de una carpeta de instancia el número de sesión no se calcula: lo trae la fila
            datos.setdefault("numero", 1)
        por_doc.setdefault(doc, datos)
    return perfil, por_doc


def tareas_nacionales(carpeta: Path, limite: int | None) -> list[lote.Tarea]:
    """Una fila por instancia; el informe de seguimiento lee el plan de SU instancia (un YAML
    escrito aquí por instancia, como haría la secretaría técnica)."""
    ejemplos = {n: respuestas_de_ejemplo(n) for n in ("regional", "provincial", "distrital")}
    planes = carpeta.parent / f"planes-{carpeta.name}"
    planes.mkdir(parents=True, exist_ok=True)
    filas = []
    for lugar in territorio.instancias()[:limite]:
        perfil, por_doc = ejemplos[lugar["nivel"]]
        instancia = {
            **{k: v for k, v in perfil.items() if k not in ("departamento", "provincia", "distrito")},
            **{k: v for k, v in lugar.items() if k != "ordenanza"},
        }
        fila = {**instancia, **por_doc}
        if "plan-trabajo" in por_doc and "informe-seguimiento" in por_doc:
            plan = planes / f"{lugar['ubigeo']}-{lugar.get('ambito_nombre', '')}.yaml"
            plan.write_text(
                yaml.safe_dump(
                    {"documento": "plan-trabajo", "instancia": instancia, **por_doc["plan-trabajo"]}, allow_unicode=True
                ),
                encoding="utf-8",
            )
            fila["informe-seguimiento"] = {**por_doc["informe-seguimiento"], "plan": str(plan)}
        filas.append((f"ubigeo {lugar['ubigeo']}", fila))
    tareas, errores = lote.planificar(filas, list(catalogo()), carpeta)
    assert not errores, errores[:3]
    return tareas


def bucle_ingenuo(tareas: list[lote.Tarea], destino: Path) -> float:
    """Segundos por documento: new DocxTemplate + render + save, con el contexto ya hecho."""
    contextos = []
    for t in tareas:
        r = validar_datos(ArchivoYaml(Path(t.fila), {"documento": t.documento, "instancia": t.perfil, **t.respuestas}))
        contextos.append((r.manifiesto.ruta_plantilla, componer(r)))
    inicio = time.perf_counter()
    for i, (ruta, contexto) in enumerate(contextos):
        plantilla = DocxTemplate(str(ruta))
        plantilla.render({**contexto, "cuenta": Contadores()}, jinja_env=entorno(), autoescape=True)
        plantilla.save(str(destino / f"{i}.docx"))
    return (time.perf_counter() - inicio) / len(contextos)


def cpu_de_los_trabajadores() -> float:
    """Segundos de CPU (usuario y sistema) de los procesos hijos ya terminados."""
    hijos = resource.getrusage(resource.RUSAGE_CHILDREN)
    return hijos.ru_utime + hijos.ru_stime


def carga() -> str:
    return f"{os.getloadavg()[0]:.2f}"


def correr_lote(tareas: list[lote.Tarea], procesos: int) -> tuple[float, Counter, list[lote.ResultadoTarea]]:
    inicio = time.perf_counter()
    resultados = lote.ejecutar(tareas, procesos)
    return time.perf_counter() - inicio, Counter(r.estado for r in resultados), resultados


def main() -> None:
    argumentos = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    argumentos.add_argument("--instancias", type=int, help="limitar el número de instancias (por defecto, todas)")
    argumentos.add_argument("--muestra", type=int, default=300, help="documentos del bucle ingenuo")
    argumentos.add_argument("--procesos", type=int, default=None)
    a = argumentos.parse_args()
    base = Path(tempfile.mkdtemp(prefix="medir-lote-"))
    try:
        tareas = tareas_nacionales(base / "nacional", a.instancias)
        tipos = Counter(t.documento for t in tareas)
        print(
            f"Conjunto: {len(tareas)} documentos de {len(tipos)} tipos "
            f"({', '.join(f'{d} {n}' for d, n in sorted(tipos.items()))})"
        )

        # memoria con un lote pequeño (procesos nuevos), luego el nacional completo
        pequeno = tareas_nacionales(base / "pequeno", 60)
        correr_lote(pequeno, a.procesos or 2)
        rss_pequeno = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024

        cpu_antes, carga_antes = cpu_de_los_trabajadores(), carga()
        segundos, estados, resultados = correr_lote(tareas, a.procesos or 2)
        cpu = cpu_de_los_trabajadores() - cpu_antes  # incluye el arranque de cada trabajador
        rss_nacional = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        generados = estados["generado"]
        ritmo = generados / segundos
        print(
            f"lote: {generados} generados, {estados['error']} con error, en {segundos:.1f} s → {ritmo:.0f} documentos/s "
            f"(carga {carga_antes} → {carga()}); CPU de los trabajadores: {1000 * cpu / max(1, len(tareas)):.1f} ms "
            "por documento"
        )

        paso = max(1, len(tareas) // a.muestra)
        muestra = tareas[::paso][: a.muestra]
        (base / "ingenuo").mkdir()
        por_doc = bucle_ingenuo(muestra, base / "ingenuo")
        print(
            f"bucle ingenuo (1 proceso, {len(muestra)} documentos de los mismos tipos): "
            f"{1 / por_doc:.0f} documentos/s ({por_doc * 1000:.1f} ms por documento)"
        )
        print(f"razón lote / ingenuo: {ritmo * por_doc:.1f}×")
        print(
            f"memoria máxima de un trabajador: {rss_pequeno:.0f} MB con {len(pequeno)} documentos, "
            f"{rss_nacional:.0f} MB con {len(tareas)}"
        )
        if estados["error"]:
            errores = [r for r in resultados if r.estado == "error"]
            por_tipo = Counter(r.documento for r in errores)
            print(f"Errores por tipo: {dict(por_tipo)}; primeros:", file=sys.stderr)
            for r in errores[:3]:
                print(f"  {r.fila} {r.documento}: {'; '.join(r.mensajes)[:300]}", file=sys.stderr)
    finally:
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
