"""Acta de sesión (Anexo 3): quórum, votaciones, constatación de falta de quórum, extraordinaria,
oficios a los ausentes y entradas malas."""

from __future__ import annotations

import shutil
from pathlib import Path

import docx
import pytest
import yaml
from click.testing import CliRunner
from num2words import num2words

from generador.cli import principal
from generador.errores import ErrorRespuestas
from generador.generacion import generar
from generador.manifiesto import codigo_del_tipo
from generador.verificacion import encabezados

from ayudas import EJEMPLOS, SESION_EXTRAORDINARIA, SESION_ORDINARIA, SESION_SIN_QUORUM, editar_yaml, texto_docx

nombre_sesion = codigo_del_tipo("acta-sesion").nombre_sesion
resultado_votacion = codigo_del_tipo("acta-sesion").resultado_votacion


def letras(n: int) -> str:
    return num2words(n, lang="es")


NIVELES = ["regional", "provincial", "distrital"]
# (integrantes del directorio, presentes en la ordinaria, en la sin quórum, en la extraordinaria)
CIFRAS = {"regional": (17, 15, 7, 10), "provincial": (16, 14, 8, 11), "distrital": (13, 11, 6, 9)}


def suelta(nivel: str, archivo: str, tmp_path) -> Path:
    """El acta de ejemplo con solo su perfil, sin el resto de la carpeta (sin reglamento interno
    que fije un umbral de inasistencias: se oficia a cada ausente, como se pidió)."""
    carpeta = tmp_path / f"suelta-{nivel}"
    carpeta.mkdir(exist_ok=True)
    for nombre in ("instancia.yaml", archivo):
        (carpeta / nombre).parent.mkdir(exist_ok=True)
        shutil.copy(EJEMPLOS / nivel / nombre, carpeta / nombre)
    return carpeta / archivo


def _asistencia_con(carpeta, archivo, presentes: int):
    """Reescribe la asistencia: los `presentes` primeros del directorio como titulares."""
    perfil = yaml.safe_load((carpeta / "instancia.yaml").read_text(encoding="utf-8"))
    filas = [
        {"entidad": m["entidad"], "asiste": "titular" if i < presentes else "ausente"}
        for i, m in enumerate(perfil["integrantes"])
    ]
    return editar_yaml(carpeta / archivo, asistencia=filas)


# --- ejemplos de los tres niveles ---------------------------------------------------------------


@pytest.mark.parametrize("nivel", NIVELES)
def test_ordinaria_con_quorum_cifras_calculadas_a_mano(nivel, tmp_path):
    total, presentes, _, _ = CIFRAS[nivel]
    r = generar(suelta(nivel, SESION_ORDINARIA[nivel], tmp_path), destino=tmp_path / "a.docx")
    texto = texto_docx(r.salida)
    assert "ACTA DE LA I SESIÓN ORDINARIA 2026" in texto
    quorum = total // 2 + 1  # 17 → 9, 16 → 9, 13 → 7
    assert f"({presentes}) de las" in texto and f"({total}) instituciones integrantes" in texto
    assert f"el quórum de la mitad más uno es de {letras(quorum)} ({quorum}), por lo que existe quórum" in texto
    # primer punto: todos los presentes a favor → unanimidad
    assert "el acta es APROBADA POR UNANIMIDAD" in texto  # lectura del acta anterior (issue 14)
    assert "a favor, " in texto and "SE APRUEBA POR MAYORÍA" in texto
    # firmas: una fila por presente (más el encabezado), en la última tabla
    firmas = docx.Document(str(r.salida)).tables[-1]
    assert [c.text for c in firmas.rows[0].cells] == ["N°", "Institución", "Representante", "DNI", "Firma"]
    assert len(firmas.rows) == presentes + 1
    # acuerdos numerados con responsable y plazo
    acuerdos = docx.Document(str(r.salida)).tables[1]
    assert [c.text for c in acuerdos.rows[0].cells] == ["N°", "Acuerdo", "Responsable", "Plazo"]
    assert [f.cells[0].text for f in acuerdos.rows[1:]] == ["1", "2", "3"]
    assert acuerdos.rows[1].cells[2].text == "Secretaría Técnica"
    # oficios: uno por ausente
    assert len(r.adicionales) == 1 and r.adicionales[0].name == "a_oficios.docx"
    assert texto_docx(r.adicionales[0]).count("OFICIO N°") == total - presentes


@pytest.mark.parametrize("nivel", NIVELES)
def test_sin_quorum_constata_la_falta_y_nunca_afirma_quorum(nivel, tmp_path):
    total, _, presentes, _ = CIFRAS[nivel]
    r = generar(suelta(nivel, SESION_SIN_QUORUM[nivel], tmp_path), destino=tmp_path / "s.docx")
    texto = texto_docx(r.salida)
    assert "ACTA DE CONSTATACIÓN DE FALTA DE QUÓRUM" in texto
    assert "QUÓRUM\nI SESIÓN ORDINARIA 2026" in texto  # sola en su carpeta: la primera del año
    assert "existe quórum" not in texto.lower()
    assert "declara abierta la sesión" not in texto and "levanta la sesión" not in texto
    assert "no se adoptan acuerdos" in texto
    assert f"({presentes}) de las" in texto and f"({total // 2 + 1})" in texto
    assert not any(t.startswith("IV. ACUERDOS") for _, t in encabezados(r.salida.read_bytes()))
    # los oficios también dicen que no hubo quórum, uno por ausente
    oficios = texto_docx(r.adicionales[0])
    assert oficios.count("OFICIO N°") == total - presentes
    assert "no contó con el quórum necesario" in oficios


@pytest.mark.parametrize("nivel", NIVELES)
def test_extraordinaria_convocatoria_aprobada_con_mitad_mas_uno(nivel, tmp_path):
    _total, asistentes_ordinaria, _, presentes = CIFRAS[nivel]
    r = generar(EJEMPLOS / nivel / SESION_EXTRAORDINARIA[nivel], destino=tmp_path / "e.docx")
    texto = texto_docx(r.salida)
    assert "ACTA DE LA I SESIÓN EXTRAORDINARIA 2026" in texto
    assert "fue propuesta por la Presidencia de la Instancia" in texto
    requerido = asistentes_ordinaria // 2 + 1  # 15 → 8, 14 → 8, 11 → 6
    assert f"({asistentes_ordinaria}) integrantes asistentes" in texto
    assert f"equivalente a {letras(requerido)} ({requerido}) votos" in texto
    assert "sesión virtual mediante la plataforma Google Meet (enlace: https://meet.google.com/" in texto
    # plan de acción: presentes − 1 a favor, 1 abstención → mayoría (no unanimidad)
    assert "a favor, " in texto and f"({presentes - 1}) votos; en contra, ningún voto; una (1) abstención" in texto
    assert "SE APRUEBA POR MAYORÍA" in texto
    assert r.adicionales == []  # no pidió oficios


# --- quórum: 16 miembros, 8 presentes sin quórum; 9 con quórum -----------------------------------


def test_quorum_en_el_limite(tmp_path, copia_ejemplos):
    carpeta = copia_ejemplos("provincial")
    (carpeta / "reglamento.yaml").unlink()  # sin umbral de inasistencias: un oficio por ausente
    _asistencia_con(carpeta, SESION_SIN_QUORUM["provincial"], 8)
    texto = texto_docx(generar(carpeta / SESION_SIN_QUORUM["provincial"], destino=tmp_path / "8.docx").salida)
    assert "ACTA DE CONSTATACIÓN DE FALTA DE QUÓRUM" in texto and "ocho (8) de las dieciséis (16)" in texto
    assert "falta una (1) institución para alcanzarlo" in texto and "existe quórum" not in texto

    _asistencia_con(carpeta, SESION_ORDINARIA["provincial"], 9)
    datos = yaml.safe_load((carpeta / SESION_ORDINARIA["provincial"]).read_text(encoding="utf-8"))
    # (la lectura del acta anterior ya no es un punto del orden del día: issue 14)
    datos["agenda"][1]["votacion"] = {"a_favor": 5, "en_contra": 3, "abstenciones": 1}
    editar_yaml(carpeta / SESION_ORDINARIA["provincial"], agenda=datos["agenda"])
    r = generar(carpeta / SESION_ORDINARIA["provincial"], destino=tmp_path / "9.docx")
    texto = texto_docx(r.salida)
    assert "nueve (9) de las dieciséis (16)" in texto and "es de nueve (9), por lo que existe quórum" in texto
    assert texto_docx(r.adicionales[0]).count("OFICIO N°") == 7


def test_sin_quorum_rechazar_se_niega_con_error_claro(tmp_path, copia_ejemplos):
    carpeta = copia_ejemplos("provincial")
    ruta = editar_yaml(carpeta / SESION_SIN_QUORUM["provincial"], sin_quorum="rechazar")
    resultado = CliRunner().invoke(principal, ["generar", str(ruta), "-o", str(tmp_path / "salida")])
    assert resultado.exit_code != 0
    salida = resultado.output + (resultado.stderr if resultado.stderr_bytes is not None else "")
    assert SESION_SIN_QUORUM["provincial"].split("/")[-1] in salida and "sin_quorum" in salida and "línea" in salida
    assert "no hay quórum: asisten 8 de 16 integrantes" in salida and "es de 9" in salida
    assert not (tmp_path / "salida").exists() or not any((tmp_path / "salida").iterdir())


# --- votaciones ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "votos,presentes,esperado,aprobado",
    [
        ((14, 0, 0), 14, "aprobado por unanimidad", True),
        ((10, 3, 1), 14, "aprobado por mayoría", True),
        ((13, 0, 1), 14, "aprobado por mayoría", True),  # una abstención: ya no es unanimidad
        ((5, 5, 4), 14, "no aprobado, por empate", False),
        ((3, 6, 5), 14, "no aprobado", False),
        ((4, 2, 8), 14, "aprobado por mayoría", True),  # las abstenciones no cuentan en contra
    ],
)
def test_resultado_de_votacion(votos, presentes, esperado, aprobado):
    r = resultado_votacion(*votos, presentes)
    assert r["resultado"] == esperado and r["aprobado"] is aprobado and r["emitidos"] == sum(votos)


def test_nombre_de_sesion_en_romanos():
    assert nombre_sesion("ordinaria", 1, 2026) == "I Sesión Ordinaria 2026"
    assert nombre_sesion("extraordinaria", 14, 2027) == "XIV Sesión Extraordinaria 2027"


def _error(ruta) -> str:
    with pytest.raises(ErrorRespuestas) as exc:
        generar(ruta, destino=ruta.parent / "no.docx")
    assert not (ruta.parent / "no.docx").exists()
    return str(exc.value)


def test_votos_que_superan_a_los_presentes_es_error_con_linea(copia_ejemplos):
    carpeta = copia_ejemplos("provincial")
    datos = yaml.safe_load((carpeta / SESION_ORDINARIA["provincial"]).read_text(encoding="utf-8"))
    datos["agenda"][1]["votacion"] = {"a_favor": 12, "en_contra": 2, "abstenciones": 1}  # 15 > 14
    ruta = editar_yaml(carpeta / SESION_ORDINARIA["provincial"], agenda=datos["agenda"])
    mensaje = _error(ruta)
    assert SESION_ORDINARIA["provincial"].split("/")[-1] + ", línea" in mensaje and "agenda[2].votacion" in mensaje
    assert "suma 15 votos" in mensaje and "solo hay 14 integrantes presentes" in mensaje


def test_acuerdo_de_un_punto_no_aprobado_es_error(copia_ejemplos):
    carpeta = copia_ejemplos("provincial")
    datos = yaml.safe_load((carpeta / SESION_ORDINARIA["provincial"]).read_text(encoding="utf-8"))
    datos["agenda"][1]["votacion"] = {"a_favor": 5, "en_contra": 5, "abstenciones": 4}
    ruta = editar_yaml(carpeta / SESION_ORDINARIA["provincial"], agenda=datos["agenda"])
    mensaje = _error(ruta)
    assert "acuerdos[2].punto" in mensaje and "el punto 2 no se aprobó" in mensaje


def test_extraordinaria_sin_mitad_mas_uno_es_error(copia_ejemplos):
    carpeta = copia_ejemplos("provincial")
    datos = yaml.safe_load((carpeta / SESION_EXTRAORDINARIA["provincial"]).read_text(encoding="utf-8"))
    conv = {**datos["convocatoria_extraordinaria"], "asistentes": 14, "a_favor": 7, "en_contra": 6, "abstenciones": 1}
    ruta = editar_yaml(carpeta / SESION_EXTRAORDINARIA["provincial"], convocatoria_extraordinaria=conv)
    mensaje = _error(ruta)
    assert "convocatoria_extraordinaria.a_favor" in mensaje and "línea" in mensaje
    assert "obtuvo 7 votos a favor y se requieren 8 (50 % más uno de 14 asistentes)" in mensaje


def test_extraordinaria_sin_datos_de_convocatoria_es_error(copia_ejemplos):
    carpeta = copia_ejemplos("distrital")
    ruta = editar_yaml(carpeta / SESION_EXTRAORDINARIA["distrital"], convocatoria_extraordinaria=None)
    mensaje = _error(ruta)
    assert "campo «tipo»" in mensaje and "convocatoria_extraordinaria" in mensaje


def test_sin_quorum_no_admite_acuerdos_ni_votaciones(copia_ejemplos):
    carpeta = copia_ejemplos("regional")
    agenda = [{"tema": "Diagnóstico", "votacion": {"a_favor": 7}}]
    ruta = editar_yaml(
        carpeta / SESION_SIN_QUORUM["regional"],
        agenda=agenda,
        acuerdos=[{"descripcion": "X", "responsable": "Y", "plazo": "Z"}],
    )
    mensaje = _error(ruta)
    assert "agenda[1].votacion" in mensaje and "no pudo votarse" in mensaje
    assert "campo «acuerdos»" in mensaje and "no se pueden adoptar acuerdos" in mensaje


def test_entrada_mala_entidad_desconocida_con_archivo_campo_y_linea(copia_ejemplos):
    carpeta = copia_ejemplos("provincial")
    ruta = carpeta / SESION_ORDINARIA["provincial"]
    texto = ruta.read_text(encoding="utf-8").replace("entidad: UGEL Chota", "entidad: UGEL Chotta")
    ruta.write_text(texto, encoding="utf-8")
    linea = next(i for i, l in enumerate(texto.splitlines(), 1) if "UGEL Chotta" in l)
    mensaje = _error(ruta)
    assert (
        SESION_ORDINARIA["provincial"].split("/")[-1] + f", línea {linea}" in mensaje
        and "asistencia[5].entidad" in mensaje
    )
    assert "«UGEL Chotta» no está en el directorio" in mensaje


def test_virtual_sin_enlace_y_votos_negativos(copia_ejemplos):
    carpeta = copia_ejemplos("provincial")
    ruta = editar_yaml(carpeta / SESION_EXTRAORDINARIA["provincial"], enlace=None)
    assert "indique el «enlace»" in _error(ruta)
    datos = yaml.safe_load(ruta.read_text(encoding="utf-8"))
    datos["agenda"][1]["votacion"]["a_favor"] = -1
    ruta = editar_yaml(ruta, agenda=datos["agenda"], enlace="https://meet.google.com/x")
    mensaje = _error(ruta)
    assert "agenda[2].votacion.a_favor" in mensaje and "mayor o igual que 0" in mensaje


def test_sin_oficios_no_hay_documento_adicional(tmp_path, copia_ejemplos):
    carpeta = copia_ejemplos("distrital")
    ruta = editar_yaml(carpeta / SESION_ORDINARIA["distrital"], oficios_ausentes=False)
    r = generar(ruta, destino=tmp_path / "x.docx")
    assert r.adicionales == [] and not (tmp_path / "x_oficios.docx").exists()


def test_oficio_a_la_autoridad_nombrada_y_numerado(tmp_path):
    r = generar(suelta("provincial", SESION_SIN_QUORUM["provincial"], tmp_path), destino=tmp_path / "s.docx")
    oficios = texto_docx(r.adicionales[0])
    # 8 ausentes, numerados desde 061
    assert [f"OFICIO N° {n:03d}-2026-MPCH/IPC" in oficios for n in range(61, 69)] == [True] * 8
    assert "OFICIO N° 069" not in oficios
    assert "Señora:\nElena Rosa Vásquez Díaz\nPresidenta del Comité Provincial del Vaso de Leche" in oficios
    assert "Comité Provincial del Vaso de Leche, integrante de esta Instancia, no estuvo representada" in oficios
    assert "Brígida Infante Julca\nPresidenta de la Instancia\nAlcaldesa Provincial de Chota" in oficios


def test_convocatoria_extraordinaria_en_ordinaria_es_aviso_y_no_se_imprime(tmp_path, copia_ejemplos):
    carpeta = copia_ejemplos("regional")
    conv = yaml.safe_load((carpeta / SESION_EXTRAORDINARIA["regional"]).read_text(encoding="utf-8"))[
        "convocatoria_extraordinaria"
    ]
    ruta = editar_yaml(carpeta / SESION_ORDINARIA["regional"], convocatoria_extraordinaria=conv)
    r = generar(ruta, destino=tmp_path / "o.docx")
    assert any("se ignora «convocatoria_extraordinaria»" in a for a in r.avisos)
    assert "CONVOCATORIA DE LA SESIÓN EXTRAORDINARIA" not in texto_docx(r.salida)
