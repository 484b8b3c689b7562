"""Corpus de `generador revisar` (tests/fixtures/revisar/corpus.yaml): 41 documentos ajenos en
estilos distintos, cada uno con su veredicto y lo que le falta declarados como datos.

Imprime la precisión y la exhaustividad («recall») de los hallazgos de «sección faltante» sobre
todo el corpus y exige ≥ 0,95 en ambas; cada documento debe además dar su veredicto esperado.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from generador import ley
from generador.revision import Revision, revisar_rutas

FIJOS = Path(__file__).resolve().parent / "fixtures" / "revisar"
CORPUS = yaml.safe_load((FIJOS / "corpus.yaml").read_text(encoding="utf-8"))["documentos"]


@pytest.fixture(scope="module")
def revisiones() -> dict[str, Revision]:
    rutas = [FIJOS / "corpus" / d["archivo"] for d in CORPUS]
    return {r.archivo.name: r for r in revisar_rutas(rutas, trabajadores=1)}


def _integrantes_esperados(d: dict) -> set[str]:
    e = d["esperado"]
    if e.get("integrantes") == "todos":
        return {i["id"] for i in ley.integrantes(e["nivel"])}
    return set(e.get("integrantes", []))


def test_el_corpus_tiene_al_menos_30_documentos_de_estilos_distintos():
    assert len(CORPUS) >= 30
    formatos = {d.get("formato", "docx") for d in CORPUS}
    assert {"docx", "pdf", "escaneado", "doc", "danado"} <= formatos
    assert all((FIJOS / "corpus" / d["archivo"]).is_file() for d in CORPUS)


@pytest.mark.parametrize("d", CORPUS, ids=lambda d: d["archivo"])
def test_veredicto_esperado(revisiones, d):
    r, e = revisiones[d["archivo"]], d["esperado"]
    assert r.estado == e["estado"], (r.error, r.indeterminado, [str(h) for h in r.faltantes])
    if e["estado"] in ("ilegible", "indeterminado"):
        return
    assert (r.tipo, r.nivel) == (e["tipo"], e["nivel"]), (r.motivo_tipo, r.motivo_nivel)
    faltan = {h.id for h in r.hallazgos if h.tipo == "sección" and not h.encontrado}
    assert faltan == set(e.get("faltan", []))
    integrantes = {h.id for h in r.hallazgos if h.tipo == "integrante" and not h.encontrado}
    assert integrantes == _integrantes_esperados(d)
    assert sum(h.tipo == "marca" for h in r.hallazgos) == e.get("marcas", 0)


def _cifras(revisiones, documentos) -> tuple[int, int, int, list[str]]:
    verdaderos = falsos_positivos = falsos_negativos = 0
    detalle = []
    for d in documentos:
        r, e = revisiones[d["archivo"]], d["esperado"]
        if e["estado"] in ("ilegible", "indeterminado"):
            continue
        halladas = {h.id for h in r.hallazgos if h.tipo == "sección" and not h.encontrado}
        esperadas = set(e.get("faltan", []))
        verdaderos += len(halladas & esperadas)
        falsos_positivos += len(halladas - esperadas)
        falsos_negativos += len(esperadas - halladas)
        detalle += [f"  FP {d['archivo']}: {s}" for s in sorted(halladas - esperadas)]
        detalle += [f"  FN {d['archivo']}: {s}" for s in sorted(esperadas - halladas)]
    return verdaderos, falsos_positivos, falsos_negativos, detalle


def test_precision_y_exhaustividad_de_secciones_faltantes(revisiones):
    # los «h…» se escribieron después de ajustar las formas: se informan también aparte
    for nombre, documentos in (
        ("todo el corpus", CORPUS),
        ("fuera de muestra (h…)", [d for d in CORPUS if d["archivo"].startswith("h")]),
    ):
        verdaderos, falsos_positivos, falsos_negativos, detalle = _cifras(revisiones, documentos)
        precision = verdaderos / max(1, verdaderos + falsos_positivos)
        exhaustividad = verdaderos / max(1, verdaderos + falsos_negativos)
        print(
            f"\nSecciones faltantes, {nombre} ({len(documentos)} documentos): {verdaderos} aciertos, "
            f"{falsos_positivos} falsos positivos, {falsos_negativos} falsos negativos; "
            f"precisión {precision:.3f}, exhaustividad {exhaustividad:.3f}"
        )
        print("\n".join(detalle))
        assert verdaderos >= 10  # el corpus tiene de verdad secciones que faltan
        assert precision >= 0.95 and exhaustividad >= 0.95
