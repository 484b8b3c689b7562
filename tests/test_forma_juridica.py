"""Forma y contenido jurídico de cada documento en los tres niveles (issue 14).

Cada prueba genera los ejemplos y lee el .docx: texto en orden del documento, propiedades de las
tablas (alto de fila, «cantSplit», encabezado) y de los párrafos («keep_with_next»).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import docx
import pytest
import yaml
from docx.oxml.ns import qn

from generador import ley
from generador.generacion import generar

from ayudas import EJEMPLOS, SESION_EXTRAORDINARIA, SESION_ORDINARIA, SESION_SIN_QUORUM, editar_yaml

NIVELES = ["regional", "provincial", "distrital"]
LINEAMIENTOS = "Lineamientos para la asistencia técnica y seguimiento en la creación y funcionamiento"
FUENTES_MEF = {
    "Recursos Ordinarios",
    "Recursos Directamente Recaudados",
    "Recursos por Operaciones Oficiales de Crédito",
    "Donaciones y Transferencias",
    "Recursos Determinados",
}


@pytest.fixture(scope="module")
def docs(tmp_path_factory):
    """Todos los ejemplos generados una vez: {(nivel, nombre): Resultado}."""
    salida = tmp_path_factory.mktemp("forma")
    resultados = {}
    for nivel in NIVELES:
        for ruta in sorted((EJEMPLOS / nivel).glob("*.yaml")):
            if ruta.name == "instancia.yaml":
                continue
            resultados[(nivel, ruta.stem)] = generar(ruta, destino=salida / nivel / f"{ruta.stem}.docx")
        # las tres sesiones que las pruebas examinan, por su papel en la historia de la carpeta
        for clave, rutas in (
            ("acta-sesion-ordinaria", SESION_ORDINARIA),
            ("acta-sesion-sin-quorum", SESION_SIN_QUORUM),
            ("acta-sesion-extraordinaria", SESION_EXTRAORDINARIA),
        ):
            resultados[(nivel, clave)] = generar(
                EJEMPLOS / nivel / rutas[nivel], destino=salida / nivel / f"{clave}.docx"
            )
    return resultados


def lineas(ruta: Path) -> list[str]:
    """Párrafos y filas de tabla («a | b | c») en el orden del documento."""
    cuerpo = docx.Document(str(ruta)).element.body
    salida = []
    for el in cuerpo.iterchildren():
        if el.tag == qn("w:p"):
            texto = "".join(t.text or "" for t in el.iter(qn("w:t")))
            if texto.strip():
                salida.append(texto)
        elif el.tag == qn("w:tbl"):
            for tr in el.iter(qn("w:tr")):
                salida.append(
                    " | ".join("".join(t.text or "" for t in tc.iter(qn("w:t"))) for tc in tr.iter(qn("w:tc")))
                )
    return salida


def texto(ruta: Path) -> str:
    return "\n".join(lineas(ruta))


def parrafos(ruta: Path):
    return [p for p in docx.Document(str(ruta)).paragraphs if p.text.strip()]


# --- datos de la ley ------------------------------------------------------------------------------


def test_ley_normas_nuevas_y_no_confirmadas():
    normas = ley.ley()["normas"]
    assert normas["ley_31439"]["confirmado"] is False and "No confirmada" in normas["ley_31439"]["estado"]
    assert "Decreto Supremo N° 004-2020-MIMP" in normas["tuo_30364"]["cita"]
    assert "009-2023-MIMP" in normas["reglamento_modificacion_2023"]["cita"]
    assert normas["reglamento_modificacion_2023"]["confirmado"] is False
    assert ley.ley()["sistema_nacional"] == {**ley.ley()["sistema_nacional"], "articulo": "33", "confirmado": True}


@pytest.mark.parametrize("nivel", NIVELES)
def test_ordenanza_cita_art_33_y_la_ley_31439_solo_municipal_y_marcada(docs, nivel):
    t = texto(docs[(nivel, "ordenanza")].salida)
    assert "su artículo 33 crea el Sistema Nacional para la Prevención" in t
    if nivel == "regional":
        assert "31439" not in t
    else:
        assert (
            "Que, la Ley N° 31439 establece como obligación del alcalde o alcaldesa crear, instalar, convocar y dirigir"
            in t
        )
        assert "[POR CONFIRMAR: cotejar con el texto publicado de la Ley N° 31439" in t


def test_lineamientos_con_su_titulo_completo_en_todo_documento(docs):
    citas = 0
    for r in docs.values():
        for ruta in [r.salida, *r.adicionales]:
            for m in re.finditer(LINEAMIENTOS, texto(ruta)):
                citas += 1
                resto = texto(ruta)[m.start() : m.start() + 260]
                assert "distritales de concertación en el marco de la Ley N° 30364" in resto, (ruta, resto)
    assert citas > 30


def test_integrantes_con_el_texto_de_la_norma(docs):
    regional = texto(docs[("regional", "ordenanza")].salida)
    assert "Las Direcciones Distritales de Defensa Pública del Ministerio de Justicia y Derechos Humanos." in regional
    assert "La Dirección Distrital de Defensa Pública" not in regional
    provincial = texto(docs[("provincial", "ordenanza")].salida)
    assert (
        "Hasta tres organizaciones o asociaciones de la sociedad civil relacionadas con la violencia contra "
        "las mujeres y los integrantes del grupo familiar de la provincia."
    ) in provincial


def test_logr_articulos_13_y_38_sin_el_15(docs):
    t = texto(docs[("regional", "ordenanza")].salida)
    assert "conforme a los artículos 13 y 38 de la Ley N° 27867, Ley Orgánica de Gobiernos Regionales" in t
    assert "15, literal a)" not in t
    # la competencia en la materia (art. 60, no confirmado) se cita sin artículo
    assert "Que, la Ley N° 27867, Ley Orgánica de Gobiernos Regionales, asigna a los gobiernos regionales" in t
    assert "artículo 60" not in t


def test_reglamento_regional_no_cita_105_y_106_para_la_conformacion(docs):
    t = lineas(docs[("regional", "reglamento")].salida)
    i = t.index(next(x for x in t if x.endswith(".- Conformación")))
    assert t[i + 1].startswith("De acuerdo con el artículo 105 del Reglamento de la Ley N° 30364")
    assert "105 y 106" not in texto(docs[("regional", "reglamento")].salida)


# --- ordenanzas -----------------------------------------------------------------------------------


@pytest.mark.parametrize("nivel", NIVELES)
def test_ordenanza_transcribe_la_lista_completa_con_sus_condiciones(docs, nivel):
    t = texto(docs[(nivel, "ordenanza")].salida)
    for integrante in ley.nivel(nivel)["integrantes"]:  # también los condicionales
        assert f". {integrante['texto']}." in t
    if nivel != "provincial":
        assert "pueblos indígenas u originarios" in t and "si los hubiera." in t


@pytest.mark.parametrize(
    "nivel,medio",
    [
        ("regional", "Diario Oficial El Peruano"),
        ("provincial", "diario encargado de las publicaciones judiciales de la jurisdicción"),
        ("distrital", "diario encargado de las publicaciones judiciales de la jurisdicción"),
    ],
)
def test_publicacion_y_vigencia_por_nivel(docs, nivel, medio):
    t = texto(docs[(nivel, "ordenanza")].salida)
    assert f"la publicación de la presente Ordenanza en el {medio} y en el portal institucional" in t
    assert f"entra en vigencia al día siguiente de su publicación en el {medio}." in t


def test_publicacion_municipal_en_lima_y_por_carteles(tmp_path, copia_ejemplos):
    carpeta = copia_ejemplos("distrital")
    ruta = editar_yaml(carpeta / "ordenanza.yaml", medio_publicacion="carteles")
    t = texto(generar(ruta, destino=tmp_path / "c.docx").salida)
    assert "mediante carteles municipales impresos fijados en lugares visibles" in t
    editar_yaml(carpeta / "ordenanza.yaml", medio_publicacion=None)
    editar_yaml(carpeta / "instancia.yaml", departamento="Lima", provincia="Huaral", distrito="Aucallama")
    t = texto(generar(carpeta / "ordenanza.yaml", destino=tmp_path / "l.docx").salida)
    assert "en el Diario Oficial El Peruano y en el portal institucional" in t


@pytest.mark.parametrize("nivel", NIVELES)
def test_una_sola_formula_de_cierre_por_nivel(docs, nivel):
    t = texto(docs[(nivel, "ordenanza")].salida)
    assert t.count("Mando se registre, publique y cumpla.") == 1
    assert "Regístrese, comuníquese, publíquese y cúmplase" not in t and "Mando se registre, comunique" not in t
    if nivel == "regional":
        assert "Comuníquese al Gobernador Regional de Cajamarca para su promulgación." in t
        assert (
            "Dado en la sede del Gobierno Regional de Cajamarca, a los veinticuatro días del mes de febrero de dos mil veintiséis."
            in t
        )
        assert "CARMEN ROSA ALCÁNTARA DÍAZ\nConsejera Delegada del Consejo Regional" in t
        # el Consejo aprueba antes de que el Gobernador promulgue
        assert t.index("Consejera Delegada") < t.index("POR TANTO:") < t.index("ISIDORO CALUA MALCA")
    else:
        assert re.search(r"Secretari[oa] General \(refrenda\)$", t)


@pytest.mark.parametrize(
    "nivel,cabecera",
    [
        ("regional", "EL GOBERNADOR REGIONAL DE CAJAMARCA"),
        ("provincial", "LA ALCALDESA DE LA MUNICIPALIDAD PROVINCIAL DE CHOTA"),
        ("distrital", "EL ALCALDE DE LA MUNICIPALIDAD DISTRITAL DE LAJAS"),
    ],
)
def test_encabezado_y_por_cuanto(docs, nivel, cabecera):
    t = lineas(docs[(nivel, "ordenanza")].salida)
    assert cabecera in t and not any("REGIONAL DEL GOBIERNO REGIONAL" in x for x in t)
    i = t.index("POR CUANTO:")
    assert re.match(
        r"El Conce?sejo .* de fecha .*, ha aprobado la siguiente Ordenanza (Regional|Municipal); y$", t[i + 1]
    ) or re.match(r"El Con(c|s)ejo .*, ha aprobado la siguiente Ordenanza (Regional|Municipal); y$", t[i + 1])


@pytest.mark.parametrize("nivel", NIVELES)
def test_siglas_definidas_antes_de_usarse(docs, nivel):
    t = texto(docs[(nivel, "ordenanza")].salida)
    assert t.count("(CMAN)") == 1 and t.index("(CMAN)") < t.index("de la CMAN")
    assert t.index("en adelante la Ley N° 30364") < t.index("adecuar a la Ley N° 30364") if "adecuar" in t else True


def test_aviso_si_la_fecha_no_es_dia_habil(tmp_path, copia_ejemplos):
    carpeta = copia_ejemplos("provincial")
    assert not any("día hábil" in a for a in generar(carpeta / "ordenanza.yaml", destino=tmp_path / "a.docx").avisos)
    ruta = editar_yaml(carpeta / "ordenanza.yaml", fecha="2026-03-15")  # domingo
    avisos = generar(ruta, destino=tmp_path / "b.docx").avisos
    assert any("es domingo, no es día hábil" in a and "fecha" in a for a in avisos)
    ruta = editar_yaml(carpeta / "ordenanza.yaml", fecha="2026-07-28")  # feriado nacional (martes)
    assert any("feriado" in a for a in generar(ruta, destino=tmp_path / "c.docx").avisos)


# --- actas ----------------------------------------------------------------------------------------


def _tabla_firmas(ruta: Path):
    tablas = docx.Document(str(ruta)).tables
    return next(t for t in reversed(tablas) if t.rows[0].cells[-1].text == "Firma")


@pytest.mark.parametrize("nivel", NIVELES)
@pytest.mark.parametrize("acta", ["acta-instalacion", "acta-sesion-ordinaria", "acta-sesion-sin-quorum"])
def test_tabla_de_firmas_firmable(docs, nivel, acta):
    tabla = _tabla_firmas(docs[(nivel, acta)].salida)
    assert [c.text for c in tabla.rows[0].cells][-2:] == ["DNI", "Firma"]
    for fila in tabla.rows:
        trpr = fila._tr.trPr
        assert trpr is not None and trpr.find(qn("w:cantSplit")) is not None  # no se parte
    for fila in tabla.rows[1:]:
        alto = fila._tr.trPr.find(qn("w:trHeight"))
        assert int(alto.get(qn("w:val"))) >= 850 and alto.get(qn("w:hRule")) == "atLeast"  # ≥ 1,5 cm
        assert re.fullmatch(r"\d{8}", fila.cells[-2].text)  # DNI del directorio
    # bloques de firma de la Presidencia y de la Secretaría Técnica, unidos a su nombre
    ps = parrafos(docs[(nivel, acta)].salida)
    i = max(k for k, p in enumerate(ps) if p.text == "Secretaría Técnica de la Instancia")
    assert ps[i - 2].text.startswith("____") and ps[i - 2].paragraph_format.keep_with_next
    assert ps[i - 1].paragraph_format.keep_with_next and ps[i].paragraph_format.keep_with_next


def test_todas_las_filas_de_todas_las_tablas_llevan_cantsplit(docs):
    for r in docs.values():
        for tabla in docx.Document(str(r.salida)).tables:
            assert all(f._tr.trPr is not None and f._tr.trPr.find(qn("w:cantSplit")) is not None for f in tabla.rows)


@pytest.mark.parametrize(
    "nivel,siglas,hora",
    [("regional", "IRC", "las diez horas"), ("provincial", "IPC", "las diez horas"), ("distrital", "IDC", None)],
)
def test_acta_de_instalacion(docs, nivel, siglas, hora):
    t = texto(docs[(nivel, "acta-instalacion")].salida)
    assert f"ACTA N° 001-2026-{siglas}" in t
    assert re.search(
        r"siendo la?s? [a-zéíóúñ ]+ horas?( con [a-zéíóúñ ]+ minutos)? del día [a-zéíóúñ]+ de [a-z]+ de dos mil veintiséis",
        t,
    )
    assert "en acto público y en modalidad presencial" in t
    assert re.search(
        r"Acto seguido, la autoridad de mayor jerarquía presente toma juramento (al|a la) (señor|señora) .+ como President[ea] de la Instancia\. "
        r"A continuación, (el|la) President[ea] toma juramento a los y las demás representantes presentes",
        t,
    )
    instalacion = next(x for x in t.split("\n") if "declara formalmente instalada" in x)
    assert instalacion.startswith("Concluida la juramentación") and "siendo" not in instalacion.split(",")[0]
    # la instalación se declara después de la agenda y de la juramentación
    assert t.index("II. AGENDA") < t.index("toma juramento") < t.index("declara formalmente instalada")


@pytest.mark.parametrize("nivel", NIVELES)
def test_acta_de_sesion_ordinaria_estructura_y_gramatica(docs, nivel):
    t = texto(docs[(nivel, "acta-sesion-ordinaria")].salida)
    assert re.search(r"ACTA N° 003-2026-I[RPD]C", t)
    orden = [
        t.index(f". {x}\n")
        for x in (
            "AGENDA",
            "LECTURA Y APROBACIÓN DEL ACTA ANTERIOR",
            "DESPACHO",
            "INFORMES",
            "PEDIDOS",
            "ORDEN DEL DÍA: DESARROLLO DE LA SESIÓN",
            "ACUERDOS",
        )
    ]
    assert orden == sorted(orden)
    assert "el acta es APROBADA POR UNANIMIDAD" in t
    assert re.search(
        r"a favor, [a-z]+ \(\d+\) votos; en contra, ([a-z]+ \(\d+\) votos|un \(1\) voto|ningún voto); "
        r"(una \(1\) abstención|ninguna abstención|[a-z]+ \(\d+\) abstenciones)\. En consecuencia, SE APRUEBA POR MAYORÍA\.",
        t,
    )
    assert "abstenciones, uno (1)" not in t and "APROBADO POR" not in t
    assert re.search(r"^En (el|la) (Sala|Salón|Auditorio)", t, re.M)
    assert "siendo las " in t and " del día " in t and "horas del " not in t.split("del día")[0][-5:]


def test_sesion_extraordinaria_sin_despacho_informes_ni_pedidos(docs):
    t = texto(docs[("provincial", "acta-sesion-extraordinaria")].salida)
    assert ". DESPACHO\n" not in t and ". PEDIDOS\n" not in t and ". ORDEN DEL DÍA: DESARROLLO DE LA SESIÓN\n" in t


@pytest.mark.parametrize("nivel", NIVELES)
def test_sin_quorum_segunda_verificacion_tras_la_espera_del_reglamento(docs, nivel):
    t = texto(docs[(nivel, "acta-sesion-sin-quorum")].salida)
    espera = yaml.safe_load((EJEMPLOS / nivel / "reglamento.yaml").read_text(encoding="utf-8")).get(
        "espera_quorum_minutos", 30
    )
    assert (
        f"Conforme al reglamento interno, se esperan treinta ({espera}) minutos y se efectúa una segunda verificación"
        in t
    )
    assert t.index("A la hora señalada") < t.index("segunda verificación")


# --- oficios de inasistencia ----------------------------------------------------------------------


@pytest.mark.parametrize("nivel", NIVELES)
@pytest.mark.parametrize(
    "acta,verbo", [("acta-sesion-sin-quorum", "convocada para el"), ("acta-sesion-ordinaria", "realizada el")]
)
def test_oficios_a_la_maxima_autoridad_con_nombre_y_numerados(docs, nivel, acta, verbo):
    t = lineas(docs[(nivel, acta)].adicionales[0])
    saludos = [i for i, x in enumerate(t) if x in ("Señor:", "Señora:", "Señor/a:", "Señor(a):")]
    numeros = [x for x in t if x.startswith("OFICIO N° ")]
    assert len(saludos) == len(numeros) > 0
    assert all(re.fullmatch(r"OFICIO N° \d{3}-2026-\S+", x) for x in numeros)
    for i in saludos:
        assert t[i + 1].strip() and t[i + 2] != "Titular de la entidad"  # nombre y cargo
    cuerpo = [x for x in t if x.startswith("Me dirijo a usted")]
    assert all(f"{verbo} " in x for x in cuerpo)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="requiere LibreOffice")
def test_cada_oficio_cabe_en_una_pagina(docs, tmp_path):
    ruta = docs[("regional", "acta-sesion-sin-quorum")].adicionales[0]
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(ruta)],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = (tmp_path / ruta.with_suffix(".pdf").name).read_bytes()
    paginas = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert paginas == texto(ruta).count("OFICIO N°")


# --- reglamento interno ---------------------------------------------------------------------------


@pytest.mark.parametrize("nivel", NIVELES)
def test_reglamento_representacion_ausencia_y_secretaria(docs, nivel):
    t = texto(docs[(nivel, "reglamento")].salida)
    assert (
        "La representación titular de cada institución integrante recae en su máxima autoridad, quien puede designar"
        in t
    )
    assert "o quien esta designe en calidad de titular" not in t
    assert ".- Ausencia de la Presidencia\nComo la Presidencia no puede delegarse" in t
    assert "La Secretaría Técnica participa en las sesiones con voz y sin voto: el voto d" in t


@pytest.mark.parametrize("nivel", NIVELES)
def test_reglas_propias_presentadas_como_tales_con_sus_articulos(docs, nivel):
    t = texto(docs[(nivel, "reglamento")].salida)
    disposicion = next(x for x in t.split("\n") if "Reglas propias de la Instancia." in x)
    assert "no derivan de la Ley N° 30364, de su Reglamento ni de los Lineamientos" in disposicion
    for tema, titulo in (
        ("ad honorem", "Permanencia"),
        ("vacancia", "Vacancia"),
        ("ausencia de la Presidencia", "Ausencia de la Presidencia"),
        ("quórum", "Quórum"),
        ("inasistencias", "Inasistencias"),
        ("firma de las actas", "Actas"),
    ):
        numero = re.search(tema + r"[^()]*\(artículo (\d+)\)", disposicion).group(1)
        assert f"Artículo {numero}.- {titulo}" in t


# --- documentos nuevos ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "nivel,norma",
    [
        ("regional", "DECRETO REGIONAL N° 003-2026-GRCAJ/GR"),
        ("provincial", "DECRETO DE ALCALDÍA N° 003-2026-MPCH"),
        ("distrital", "DECRETO DE ALCALDÍA N° 009-2026-MDL/A"),
    ],
)
def test_norma_que_aprueba_el_reglamento(docs, nivel, norma):
    t = texto(docs[(nivel, "aprobacion-reglamento")].salida)
    assert norma in t and "APROBAR el Reglamento Interno de la Instancia" in t
    assert "Regístrese, comuníquese, publíquese y cúmplase." in t
    if nivel == "regional":
        assert "SE DECRETA:" in t and "artículo 40" not in t  # art. 40 de la LOGR no confirmado
        assert "Que, la Ley N° 27867, Ley Orgánica de Gobiernos Regionales, prevé los decretos regionales" in t
    else:
        assert "\nDECRETA:" in t and "conforme al artículo 42 de la Ley N° 27972, Ley Orgánica de Municipalidades" in t
        assert "(refrenda)" in t


@pytest.mark.parametrize("nivel", NIVELES)
def test_oficio_de_remision_a_la_cman(docs, nivel):
    t = texto(docs[(nivel, "oficio-remision-cman")].salida)
    assert "SECRETARÍA TÉCNICA DE LA COMISIÓN MULTISECTORIAL DE ALTO NIVEL (CMAN)" in t
    assert re.search(
        r"1\. Copia fedateada de la Ordenanza (Regional|Municipal) N° \S+, de fecha .*\(numeral 7\.3\.2\.7\)\.", t
    )
    assert re.search(
        r"2\. Copia del Acta N° 001-2026-I[RPD]C de la sesión de instalación .*\(numeral 7\.3\.2\.13\)\.", t
    )


@pytest.mark.parametrize(
    "nivel,destino,numeral",
    [
        (
            "distrital",
            "PRESIDENCIA DE LA INSTANCIA PROVINCIAL DE CONCERTACIÓN PARA ERRADICAR LA VIOLENCIA CONTRA LAS MUJERES Y LOS INTEGRANTES DEL GRUPO FAMILIAR DE CHOTA",
            "numeral 7.3.4.4",
        ),
        (
            "provincial",
            "PRESIDENCIA DE LA INSTANCIA REGIONAL DE CONCERTACIÓN PARA ERRADICAR LA VIOLENCIA CONTRA LAS MUJERES Y LOS INTEGRANTES DEL GRUPO FAMILIAR DE CAJAMARCA",
            "numeral 7.3.4.5",
        ),
        ("regional", "SECRETARÍA TÉCNICA DE LA COMISIÓN MULTISECTORIAL DE ALTO NIVEL (CMAN)", "artículo 106"),
    ],
)
def test_oficio_de_remision_del_informe_al_nivel_superior(docs, nivel, destino, numeral):
    t = texto(docs[(nivel, "oficio-remision-informe")].salida)
    assert destino in t and numeral in t and "para remitirle el Informe de Seguimiento N° 001-2027-" in t
    if nivel == "provincial":
        assert "reportes de seguimiento de las instancias distritales" in t and "IDC-Lajas" in t


# --- planes, diagnóstico e informes ---------------------------------------------------------------


def test_plan_multianual_con_presupuesto_por_anio_y_el_informe_compara_con_el_del_anio(docs):
    plan = yaml.safe_load((EJEMPLOS / "provincial" / "plan-trabajo.yaml").read_text(encoding="utf-8"))
    del_2027 = sum(
        Decimal(str(f["monto"]))
        for a in plan["actividades"]
        for f in a.get("presupuesto_anual") or []
        if f["periodo"] == 2027
    )
    t = texto(docs[("provincial", "plan-trabajo")].salida)
    assert f"2027 | S/ {del_2027:,.2f} | " in t
    for anio in (2028, 2029):
        assert re.search(rf"\n{anio} \| S/ [\d,]+\.\d\d \| ", t)
    informe = texto(docs[("provincial", "informe-seguimiento-semestre1")].salida)
    assert f"frente a S/ {del_2027:,.2f} programados en el plan para el año 2027." in informe
    assert "su periodo completo" not in informe


@pytest.mark.parametrize("nivel", NIVELES)
def test_fuentes_de_financiamiento_del_clasificador(docs, nivel):
    tablas = docx.Document(str(docs[(nivel, "plan-trabajo")].salida)).tables
    matriz = next(t for t in tablas if t.rows[0].cells[-1].text == "Fuente")
    fuentes = {f.cells[-1].text for f in matriz.rows[1:]} - {"", "—"}
    assert fuentes and fuentes <= FUENTES_MEF
    assert "Presupuesto Participativo" not in {f.cells[0].text for t in tablas for f in t.rows}


def test_presupuesto_participativo_no_es_fuente(tmp_path, copia_ejemplos):
    from generador.errores import ErrorRespuestas

    carpeta = copia_ejemplos("distrital")
    ruta = carpeta / "plan-trabajo.yaml"
    ruta.write_text(
        ruta.read_text(encoding="utf-8").replace(
            "fuente_financiamiento: Recursos Determinados", "fuente_financiamiento: Presupuesto Participativo", 1
        ),
        encoding="utf-8",
    )
    with pytest.raises(ErrorRespuestas) as exc:
        generar(ruta, destino=tmp_path / "x.docx")
    assert "fuente_financiamiento" in str(exc.value)


@pytest.mark.parametrize("nivel", NIVELES)
def test_metas_semestrales_enteras(docs, nivel):
    tablas = docx.Document(str(docs[(nivel, "informe-seguimiento-semestre1")].salida)).tables
    detalle = next(t for t in tablas if len(t.columns) > 3 and t.rows[0].cells[3].text == "Meta del periodo")
    metas = [f.cells[3].text for f in detalle.rows[1:] if f.cells[3].text]
    assert metas and all(re.fullmatch(r"\d+|Sin meta", m) for m in metas), metas
    assert "la del segundo semestre es la diferencia" in texto(docs[(nivel, "informe-seguimiento-semestre1")].salida)


def test_meta_entera_semestral_suma_la_anual():
    from generador.manifiesto import codigo_del_tipo

    meta_del_periodo = codigo_del_tipo("informe-seguimiento").meta_del_periodo
    actividad = {"metas": [{"valor": 8}], "cronograma": ["mayo", "junio", "octubre"]}
    datos = {"periodo_inicio": 2027}
    primero = meta_del_periodo(actividad, datos, 2027, "semestre1")
    segundo = meta_del_periodo(actividad, datos, 2027, "semestre2")
    assert (primero, segundo) == (5, 3) and primero + segundo == 8  # 8 × 2/3 = 5.33 → 5; resto 3


def test_sin_relleno_cuando_el_avance_es_bajo(tmp_path, copia_ejemplos, docs):
    for r in docs.values():
        t = texto(r.salida)
        assert "No se informan dificultades" not in t and "No se informan medidas" not in t
        assert "actividad(es)" not in t
    carpeta = copia_ejemplos("provincial")
    ruta = editar_yaml(carpeta / "informe-seguimiento-semestre1.yaml", dificultades=None, medidas_correctivas=None)
    t = texto(generar(ruta, destino=tmp_path / "i.docx").salida)
    assert "[COMPLETAR: dificultades que explican el avance por debajo de la meta de las actividades P1.1, P2.2.]" in t
    assert "[COMPLETAR: medidas correctivas para las actividades P1.1, P2.2.]" in t


@pytest.mark.parametrize("nivel", NIVELES)
def test_todo_informe_numerado(docs, nivel):
    for periodo in ("semestre1", "anual"):
        t = texto(docs[(nivel, f"informe-seguimiento-{periodo}")].salida)
        assert re.search(r"Informe N° \d{3}-\d{4}-\S+ de la Instancia", t)


def test_nota_de_redondeo_solo_si_los_porcentajes_no_suman_cien(docs):
    nota = "Nota: los porcentajes se redondean a un decimal"
    plan = lineas(docs[("provincial", "plan-trabajo")].salida)  # 33.3 % × 3 = 99.9 %
    i = plan.index(next(x for x in plan if x.startswith("2029 | ")))
    assert plan[i + 1].startswith(nota)
    assert nota not in texto(docs[("regional", "plan-trabajo")].salida)  # 86.3 + 13.7; 47.0 + 46.4 + 6.6
    diag = lineas(docs[("provincial", "diagnostico")].salida)  # 47.5 + 37.5 + 13.8 + 1.3 = 100.1
    i = diag.index("Total | 400 | 100.0 %")
    assert diag[i + 2].startswith(nota)


def test_sin_subtitulos_huerfanos(docs):
    diag = lineas(docs[("regional", "diagnostico")].salida)
    i = diag.index("5. Análisis de la situación")
    assert diag[i + 1].startswith("Según la ENDES 2019") and diag[i - 2] == "Según procedencia"
    # el párrafo que presenta una tabla queda unido a ella
    ps = parrafos(docs[("provincial", "plan-trabajo")].salida)
    assert all(
        p.paragraph_format.keep_with_next
        for p in ps
        if p.text in ("Por año del periodo:", "Por fuente de financiamiento:")
    )


def test_una_sola_grafia_setiembre(docs):
    for r in docs.values():
        for ruta in [r.salida, *r.adicionales]:
            assert "septiembre" not in texto(ruta).lower()
    assert "setiembre" in texto(docs[("regional", "acta-sesion-sin-quorum")].adicionales[0])


# --- tablas anchas: ningún encabezado se parte a mitad de palabra ---------------------------------

# Anchos de Arial/Helvetica Bold (métrica AFM estándar, milésimas de em); las tildes no cambian el ancho.
_ANCHO = dict(
    zip(
        "abcdefghijklmnopqrstuvwxyz",
        [
            556,
            611,
            556,
            611,
            556,
            333,
            611,
            611,
            278,
            278,
            556,
            278,
            889,
            611,
            611,
            611,
            611,
            389,
            556,
            333,
            611,
            556,
            778,
            556,
            556,
            500,
        ],
    )
)
_ANCHO.update(
    zip(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
        [
            722,
            722,
            722,
            722,
            667,
            611,
            778,
            722,
            278,
            556,
            722,
            611,
            833,
            722,
            778,
            667,
            778,
            722,
            667,
            611,
            722,
            667,
            944,
            667,
            667,
            611,
        ],
    )
)
_ANCHO.update(dict.fromkeys("0123456789", 556) | {"%": 889, "°": 400, ".": 278, "-": 333, "(": 333, ")": 333, "/": 278})


def _ancho_cm(palabra: str, puntos: float = 9) -> float:
    import unicodedata

    base = unicodedata.normalize("NFD", palabra)
    milesimas = sum(_ANCHO.get(c, 611) for c in base if not unicodedata.combining(c))
    return milesimas / 1000 * puntos / 72 * 2.54


def test_encabezados_de_tabla_sin_partir_palabras(docs):
    margenes = 2 * 0.19  # márgenes de celda de «Table Grid» (108 twips por lado)
    revisadas = 0
    for r in docs.values():
        for tabla in docx.Document(str(r.salida)).tables:
            anchos = [int(c.get(qn("w:w"))) / 567 for c in tabla._tbl.tblGrid.findall(qn("w:gridCol"))]
            for celda, ancho in zip(tabla.rows[0].cells, anchos):
                for palabra in celda.text.split():
                    revisadas += 1
                    assert _ancho_cm(palabra) <= ancho - margenes, (r.salida.name, palabra, round(ancho, 2))
    assert revisadas > 300


def test_detalle_del_informe_en_pagina_apaisada(docs):
    documento = docx.Document(str(docs[("regional", "informe-seguimiento-anual")].salida))
    cuerpo = list(documento.element.body.iterchildren())
    detalle = next(
        i
        for i, el in enumerate(cuerpo)
        if el.tag == qn("w:tbl") and "Meta del periodo" in "".join(t.text or "" for t in el.iter(qn("w:t")))
    )
    # la sección de la tabla es la del primer sectPr que viene después
    sect = next(
        el.find(qn("w:pPr")).find(qn("w:sectPr"))
        for el in cuerpo[detalle:]
        if el.tag == qn("w:p")
        and el.find(qn("w:pPr")) is not None
        and el.find(qn("w:pPr")).find(qn("w:sectPr")) is not None
    )
    assert sect.find(qn("w:pgSz")).get(qn("w:orient")) == "landscape"


# --- fechas y horas en letras (actas) -------------------------------------------------------------


@pytest.mark.parametrize(
    "hora,esperado",
    [
        ("10:00", "las diez horas"),
        ("09:30", "las nueve horas con treinta minutos"),
        ("13:05", "las trece horas con cinco minutos"),
        ("01:00", "la una hora"),
        ("21:21", "las veintiuna horas con veintiún minutos"),
        ("08:01", "las ocho horas con un minuto"),
    ],
)
def test_hora_en_letras(hora, esperado):
    import datetime as dt

    from generador.formato import hora_en_letras

    assert hora_en_letras(dt.time.fromisoformat(hora)) == esperado


def test_fecha_en_letras():
    import datetime as dt

    from generador.formato import fecha_en_letras

    assert fecha_en_letras(dt.date(2026, 9, 1)) == "primero de setiembre de dos mil veintiséis"
    assert fecha_en_letras(dt.date(2026, 4, 20)) == "veinte de abril de dos mil veintiséis"


@pytest.mark.parametrize(
    "documento,formula",
    [
        ("ordenanza", "Mando se registre, publique y cumpla."),
        ("oficio-remision-cman", "Atentamente,"),
        ("aprobacion-reglamento", "Regístrese, comuníquese, publíquese y cúmplase."),
    ],
)
def test_formula_de_cierre_unida_a_la_firma(docs, documento, formula):
    for nivel in NIVELES:
        ps = docx.Document(str(docs[(nivel, documento)].salida)).paragraphs
        i = max(k for k, p in enumerate(ps) if p.text == formula)
        assert all(p.paragraph_format.keep_with_next for p in ps[i : i + 3]), (nivel, documento)


def test_cman_definida_en_su_primer_uso_en_todo_documento(docs):
    revisados = 0
    for r in docs.values():
        for ruta in [r.salida, *r.adicionales]:
            t = texto(ruta)
            usos = [m.start() for m in re.finditer(r"\bCMAN\b", t)]
            if usos:
                revisados += 1
                assert t.find("(CMAN)") + 1 == usos[0], (ruta.name, t[max(0, usos[0] - 80) : usos[0] + 5])
    assert revisados > 20
