"""`generador revisar` con un párrafo gigante (megabytes de texto en un solo párrafo, como el caso
«parte-enorme» del fuzz): da el mismo veredicto que sin él, el informe dice qué falta con
fragmentos cortos, y la búsqueda rápida de variantes casa donde la expresión de siempre.

Sin cronómetro: la velocidad se mide con `herramientas/medir_revisar.py --gigante`.
"""

from __future__ import annotations

import random
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from generador import inferencia, ley, verificacion
from generador.cli import principal
from generador.inferencia import _normal_unido, pares
from generador.lectura import leer
from generador.normalizacion import contiene, normalizar, patron
from generador.revision import revisar_archivo, tipos
from generador.texto_word import leer_parrafos
from generador.verificacion import Indice, apariciones, primera, variantes

CORPUS = Path(__file__).resolve().parent / "fixtures" / "revisar" / "corpus"
SIN_CONFORMACION = CORPUS / "o08_provincial_sin_articulo_de_conformacion.docx"
MB = 1024 * 1024


def _docx(ruta: Path, parrafos: list[str]) -> Path:
    documento = docx.Document()
    for p in parrafos:
        documento.add_paragraph(p)
    documento.save(ruta)
    return ruta


def _repetido(texto: str, caracteres: int) -> str:
    return (texto * (caracteres // len(texto) + 1))[:caracteres]


def _faltan(r) -> list[tuple[str, str]]:
    return [(h.tipo, h.id) for h in r.faltantes]


def test_un_parrafo_gigante_de_relleno_no_cambia_el_veredicto_y_el_informe_dice_que_falta(tmp_path):
    parrafos = leer_parrafos(SIN_CONFORMACION)
    normal = revisar_archivo(SIN_CONFORMACION)
    assert normal.estado == "incompleto" and ("sección", "conformacion") in _faltan(normal)
    # 2 MB de «Instancia Instancia …» (lo que agotaba el tiempo en el fuzz), al final del cuerpo
    gigante = _docx(tmp_path / "gigante.docx", [*parrafos, _repetido("Instancia ", 2 * MB)])
    r = revisar_archivo(gigante)
    assert (r.estado, r.tipo, r.nivel) == (normal.estado, normal.tipo, normal.nivel)
    assert _faltan(r) == _faltan(normal)
    salida = CliRunner().invoke(principal, ["revisar", str(gigante)])
    assert salida.exit_code == 1
    for h in r.faltantes:
        assert f"✗ {h.descripcion} — no se encontró" in salida.output
    assert f"✗ INCOMPLETO: faltan {len(normal.faltantes)}:" in salida.output
    assert max(len(linea) for linea in salida.output.splitlines()) < 2000  # nada del párrafo entero


def test_todo_el_documento_en_un_parrafo_gigante_se_revisa_con_fragmentos_cortos(tmp_path):
    parrafos = leer_parrafos(SIN_CONFORMACION)
    normal = revisar_archivo(SIN_CONFORMACION)
    # el membrete y el título aparte, y el resto del documento repetido en un párrafo de 2 MB
    gigante = _docx(tmp_path / "todo.docx", [*parrafos[:2], _repetido(" ".join(parrafos[2:]) + " ", 2 * MB)])
    r = revisar_archivo(gigante)
    assert (r.tipo, r.nivel) == (normal.tipo, normal.nivel) == ("ordenanza", "provincial")
    encontrados = [h for h in r.hallazgos if h.encontrado]
    assert encontrados and all(len(h.fragmento) <= 111 for h in encontrados)  # `recorte`, no el párrafo
    salida = CliRunner().invoke(principal, ["revisar", str(gigante)])
    assert salida.exit_code == 1 and f"✗ INCOMPLETO: faltan {len(r.faltantes)}:" in salida.output
    for h in r.faltantes:
        assert f"✗ {h.descripcion} — no se encontró" in salida.output
    for h in encontrados:
        assert f"✓ {h.descripcion} — «{h.fragmento}»" in salida.output
    assert max(len(linea) for linea in salida.output.splitlines()) < 2000


def test_el_parrafo_gigante_se_normaliza_una_sola_vez(tmp_path, monkeypatch):
    # se normalizaba de nuevo en cada fragmento hallado y en cada mirada al comienzo del documento
    parrafos = leer_parrafos(SIN_CONFORMACION)
    gigante = _docx(tmp_path / "todo.docx", [*parrafos[:2], _repetido(" ".join(parrafos[2:]) + " ", MB)])
    grandes: list[int] = []

    def contar(texto: str) -> str:
        if len(texto) >= MB:
            grandes.append(len(texto))
        return normalizar(texto)

    for modulo in (verificacion, inferencia):
        monkeypatch.setattr(modulo, "normalizar", contar)
    r = revisar_archivo(gigante)
    assert r.tipo == "ordenanza" and any(h.encontrado for h in r.hallazgos)
    assert len(grandes) == 1


def test_miles_de_marcas_en_un_parrafo_se_cuentan_todas(tmp_path):
    # cada marca se comparaba con todas las anteriores: 20 000 marcas eran 200 millones de pasos
    marcas = 20_000
    gigante = _docx(tmp_path / "marcas.docx", [*leer_parrafos(SIN_CONFORMACION), "Informe N° XXXX. " * marcas])
    r = revisar_archivo(gigante)
    assert sum(h.tipo == "marca" for h in r.hallazgos) == marcas
    assert {h.descripcion for h in r.hallazgos if h.tipo == "marca"} == {"marca sin llenar XXXX"}


# --- la búsqueda rápida casa donde la de siempre --------------------------------------------


def _todas_las_variantes() -> list[str]:
    salida: set[str] = set()
    for t in tipos().values():
        salida.update(t.identificadores())
        for s in t.secciones:
            salida.update(variantes(s))
    for nivel in ("distrital", "provincial", "regional"):
        for i in ley.nivel(nivel)["integrantes"]:
            salida.update(i["variantes"])
    return sorted(salida)


def _textos_de_prueba() -> list[list[str]]:
    """Párrafos de documentos del corpus (Word y PDF) y unos hechos a propósito con lo que más
    enreda: mayúsculas, tildes, plurales, numeraciones, guiones de corte y palabras pegadas."""
    documentos = [
        leer(CORPUS / n).parrafos
        for n in (
            "o01_provincial_articulo_primero.docx",
            "o05_regional_dos_columnas.pdf",
            "a01_acta_distrital_informal.docx",
            "r01_reglamento_provincial_titulos.docx",
        )
    ]
    azar = random.Random(7)
    palabras = sorted({w for d in documentos for p in d for w in p.split()})
    hechos = [" ".join(azar.choice(palabras) for _ in range(azar.randint(1, 40))) for _ in range(300)]
    return [*documentos, hechos]


@pytest.fixture(scope="module")
def variantes_y_textos():
    return _todas_las_variantes(), _textos_de_prueba()


def test_el_indice_halla_los_mismos_parrafos_que_buscar_parrafo_por_parrafo(variantes_y_textos):
    todas, textos = variantes_y_textos
    for parrafos in textos:
        indice = Indice(parrafos)
        normales = [normalizar(p) for p in parrafos]
        for v in todas:
            esperado = [
                i
                for i, (p, n) in enumerate(zip(parrafos, normales, strict=True))
                if contiene(p.replace("\n", " "), n, v)
            ]
            assert indice.posiciones([v]) == esperado, v
            assert indice.posicion([v], 3) == next((i for i in esperado if i >= 3), None), v


def test_primera_y_apariciones_casan_donde_la_expresion_de_la_variante(variantes_y_textos):
    todas, textos = variantes_y_textos
    for parrafos in textos:
        original = "\n".join(parrafos)
        normal = normalizar(original)
        for v in todas:
            expresion, en_original = patron(v)
            texto = original if en_original else normal
            esperadas = [m.start() for m in expresion.finditer(texto)]
            assert apariciones(v, texto) == esperadas, v
            assert primera(v, original, normal) == (esperadas[0] if esperadas else None), v


@pytest.mark.parametrize(
    "lineas",
    [
        ["Instancia Provincial de Concer-", "tación para prevenir"],
        ["INSTANCIA PROVINCIAL DE", "CONCERTACIÓN", "Ordenanza N° 1"],
        ["Se aprueba el Art.", "1.- de la ordenanza"],
        ["ARTÍCULO DÉCIMO", "PRIMERO.- Vigencia"],
        ["Municipalidad Provincial de Huaylas", "", "  ", "IPC de Huaylas"],
        ["palabra\u00ad", "partida", "y Σ final ΑΣ"],
    ],
)
def test_las_lineas_del_comienzo_unidas_se_normalizan_como_el_texto_unido(lineas):
    assert _normal_unido(Indice(pares(lineas))) == normalizar("\n".join(lineas))
