"""`generador revisar`: documentos ajenos (.docx y .pdf) en varios estilos, entradas ilegibles,
y todos los documentos que produce `generar` (deben pasar sin hallazgos)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from generador.cli import principal
from generador.generacion import es_respuestas, generar_ejemplos
from generador.normalizacion import contiene, normalizar
from generador.revision import revisar_archivo

from conftest import EJEMPLOS

FIJOS = Path(__file__).resolve().parent / "fixtures" / "revisar"


def ejecutar(*args):
    return CliRunner().invoke(principal, ["revisar", *[str(a) for a in args]])


# --- normalización ------------------------------------------------------------------------

@pytest.mark.parametrize("texto", ["ARTÍCULO PRIMERO.- Creación", "Artículo 1°.- Creación",
                                   "Art. 1.- Creación", "Artículo 1º: Creación", "ARTICULO 1 - CREACIÓN"])
def test_numeraciones_de_articulo_equivalen(texto):
    assert normalizar(texto) == "articulo 1 creacion"


def test_normalizacion_no_toca_citas_ni_decimales():
    assert normalizar("el artículo 194 de la Constitución") == "el articulo 194 de la constitucion"
    assert normalizar("el artículo 1.1 del anexo") == "el articulo 1.1 del anexo"
    assert normalizar("ARTÍCULO DÉCIMO SEGUNDO.- Vigencia") == "articulo 12 vigencia"


def test_guion_de_corte_y_plurales():
    assert normalizar("Instancia de Concer-\ntación") == "instancia de concertacion"
    texto = "Los directores de las instituciones educativas"
    assert contiene(texto, normalizar(texto), "institucion educativa")
    texto = "El centro educativo"
    assert contiene(texto, normalizar(texto), "centros educativos")


# --- documentos ajenos --------------------------------------------------------------------

def test_docx_en_parrafos_con_tabla_y_siglas_esta_completo():
    r = revisar_archivo(FIJOS / "ordenanza_provincial_parrafos.docx")
    assert (r.tipo, r.nivel, r.tipo_inferido, r.nivel_inferido) == ("ordenanza", "provincial", True, True)
    assert r.estado == "completo" and not r.faltantes
    assert r.cuenta("sección") == (15, 15) and r.cuenta("integrante") == (13, 13)
    fragmentos = {h.id: h.fragmento for h in r.hallazgos}
    assert "CEM Bambamarca" in fragmentos["cem"]                 # sigla, dentro de una tabla
    assert "Comisaría PNP" in fragmentos["policia"]
    assert "Subprefectura" in fragmentos["gobernacion"]
    assert "Fiscalía" in fragmentos["ministerio-publico"]
    assert "Artículo 9°.- Publicación" in fragmentos["publicacion"]


def test_pdf_de_libreoffice_da_lo_mismo_que_su_docx():
    r = revisar_archivo(FIJOS / "ordenanza_provincial_parrafos.pdf")
    assert r.formato == "pdf" and (r.tipo, r.nivel) == ("ordenanza", "provincial")
    assert r.estado == "completo" and r.cuenta("integrante") == (13, 13)


def test_mayusculas_y_articulo_primero_sin_cem_ni_publicacion():
    r = revisar_archivo(FIJOS / "ordenanza_distrital_mayusculas.docx")
    assert (r.tipo, r.nivel) == ("ordenanza", "distrital")
    assert {f"{h.tipo}:{h.id}" for h in r.faltantes} == {"sección:publicacion", "integrante:cem"}
    assert r.estado == "incompleto"


def test_acta_con_titulos_sin_quorum_ni_defensoria_y_nivel_por_el_membrete():
    r = revisar_archivo(FIJOS / "acta_regional_sin_quorum.docx")
    assert (r.tipo, r.nivel) == ("acta-instalacion", "regional")
    assert "GOBIERNO REGIONAL DE CAJAMARCA" in r.motivo_nivel
    assert {f"{h.tipo}:{h.id}" for h in r.faltantes} == {"sección:quorum", "integrante:defensoria"}


@pytest.mark.parametrize("archivo", ["ordenanza_regional_dos_columnas.docx",
                                     "ordenanza_regional_dos_columnas.pdf"])
def test_dos_columnas_sin_ministerio_publico(archivo):
    r = revisar_archivo(FIJOS / archivo)
    assert (r.tipo, r.nivel) == ("ordenanza", "regional")
    # «aprobó por unanimidad la siguiente» es una variante de la fórmula de aprobación
    assert {f"{h.tipo}:{h.id}" for h in r.faltantes} == {"integrante:ministerio-publico"}


def test_tipo_y_nivel_indicados_no_se_infieren():
    r = revisar_archivo(FIJOS / "ordenanza_distrital_mayusculas.docx", tipo="ordenanza", nivel="distrital")
    assert not r.tipo_inferido and not r.nivel_inferido
    assert {h.id for h in r.faltantes} == {"publicacion", "cem"}


# --- entradas ilegibles: nunca «completo» -------------------------------------------------

@pytest.mark.parametrize("archivo, mensaje", [
    ("escaneado.pdf", "el PDF no contiene texto extraíble; parece escaneado"),
    ("cifrado.pdf", "el PDF está cifrado"),
    ("danado.docx", "el archivo .docx está dañado"),
    ("antiguo.doc", "documento de Word antiguo (.doc)"),
    ("carta_cualquiera.docx", "no se pudo inferir el tipo de documento"),
])
def test_entrada_ilegible_sale_con_2_y_mensaje_claro(archivo, mensaje):
    r = ejecutar(FIJOS / archivo)
    assert r.exit_code == 2, r.output
    assert mensaje in r.output and "NO REVISADO" in r.output and "COMPLETO:" not in r.output


def test_cifrado_con_tipo_indicado_tampoco_es_completo():
    r = ejecutar(FIJOS / "cifrado.pdf", "--tipo", "ordenanza", "--nivel", "provincial", "--json")
    datos = json.loads(r.output)
    assert r.exit_code == 2 and datos["documentos"][0]["estado"] == "ilegible"


def test_archivo_inexistente_y_formato_no_admitido(tmp_path):
    (tmp_path / "notas.txt").write_text("hola", encoding="utf-8")
    r = ejecutar(tmp_path / "no-existe.docx", tmp_path / "notas.txt")
    assert r.exit_code == 2
    assert "no existe" in r.output and "formato no admitido" in r.output


# --- CLI ----------------------------------------------------------------------------------

def test_cli_un_archivo_completo_sale_con_0_y_muestra_fragmentos():
    r = ejecutar(FIJOS / "ordenanza_provincial_parrafos.docx")
    assert r.exit_code == 0, r.output
    assert "Tipo: ordenanza (Ordenanza de creación) — inferido" in r.output
    assert "Nivel: provincial — inferido" in r.output
    assert "✓ Un representante del Centro Emergencia Mujer (CEM) — «Coordinadora del CEM Bambamarca»" in r.output
    assert "Veredicto: ✓ COMPLETO" in r.output


def test_cli_incompleto_sale_con_1_y_nombra_lo_que_falta():
    r = ejecutar(FIJOS / "ordenanza_distrital_mayusculas.docx")
    assert r.exit_code == 1
    assert "✗ Publicación — no se encontró" in r.output
    assert "✗ El Centro Emergencia Mujer (CEM) — no se encontró" in r.output
    assert "Veredicto: ✗ INCOMPLETO: faltan 2" in r.output


def test_cli_json():
    r = ejecutar(FIJOS / "acta_regional_sin_quorum.docx", "--json")
    assert r.exit_code == 1
    datos = json.loads(r.output)
    doc = datos["documentos"][0]
    assert doc["tipo"] == "acta-instalacion" and doc["nivel"] == "regional" and doc["nivel_inferido"]
    assert sorted(doc["faltantes"]) == ["integrante:defensoria", "sección:quorum"]
    assert datos["resumen"] == {"completo": 0, "incompleto": 1, "ilegible": 0}


def test_cli_carpeta_recursiva_con_tabla_resumen(tmp_path):
    sub = tmp_path / "portal" / "2019"
    sub.mkdir(parents=True)
    shutil.copy(FIJOS / "ordenanza_provincial_parrafos.pdf", sub)
    shutil.copy(FIJOS / "ordenanza_distrital_mayusculas.docx", tmp_path / "portal")
    (tmp_path / "portal" / "~$bloqueo.docx").write_bytes(b"x")       # archivo de bloqueo de Word
    (tmp_path / "portal" / "leeme.txt").write_text("no se revisa", encoding="utf-8")
    r = ejecutar(tmp_path / "portal")
    assert r.exit_code == 1, r.output
    assert "Archivo" in r.output and "Veredicto" in r.output
    assert "2019/ordenanza_provincial_parrafos.pdf" in r.output
    assert "2 documentos: 1 completos, 1 incompletos, 0 no revisados." in r.output
    assert "bloqueo" not in r.output and "leeme" not in r.output


def test_cli_tipo_desconocido_o_nivel_imposible():
    r = ejecutar(FIJOS / "ordenanza_provincial_parrafos.docx", "--tipo", "oficio")
    assert r.exit_code == 2 and "documento desconocido «oficio»" in r.output


def test_cli_carpeta_vacia(tmp_path):
    r = ejecutar(tmp_path)
    assert r.exit_code == 2 and "No hay archivos" in r.output


# --- todo lo que genera `generar` pasa `revisar` ------------------------------------------

def _ejemplos() -> list[Path]:
    return [p.relative_to(EJEMPLOS) for p in sorted(EJEMPLOS.rglob("*.yaml")) if es_respuestas(p)]


@pytest.fixture(scope="module")
def generados(tmp_path_factory) -> dict[Path, list[Path]]:
    salida = tmp_path_factory.mktemp("generados")
    resultados = generar_ejemplos(EJEMPLOS, salida, sobrescribir=True)
    return {r.respuestas.relative_to(EJEMPLOS): ([r.salida, *r.adicionales] if not r.error else r.error)
            for r in resultados}


@pytest.mark.parametrize("ejemplo", _ejemplos(), ids=str)
def test_todo_documento_generado_pasa_revisar(generados, ejemplo):
    import yaml

    producidos = generados[ejemplo]
    if isinstance(producidos, str):
        pytest.skip(f"el ejemplo no se genera: {producidos}")
    datos = yaml.safe_load((EJEMPLOS / ejemplo).read_text(encoding="utf-8"))
    nivel = ejemplo.parts[0]
    principal_, *adicionales = producidos
    r = revisar_archivo(principal_)
    assert (r.tipo, r.nivel) == (datos["documento"], nivel), r.motivo_tipo + " / " + r.motivo_nivel
    assert r.estado == "completo", [str(h) for h in r.faltantes]
    for extra in adicionales:
        r = revisar_archivo(extra)
        assert r.estado == "completo", (extra, r.error, [str(h) for h in r.faltantes])
