import datetime as dt

from generador import formato


def test_fecha_en_letras():
    assert formato.fecha_larga(dt.date(2026, 11, 23)) == "23 de noviembre de 2026"
    assert formato.fecha_larga(dt.date(2026, 1, 1)) == "1 de enero de 2026"


def test_numeros_en_letras_como_en_un_texto_normativo():
    assert formato.en_letras(3) == "tres (3)"
    assert formato.en_letras(15) == "quince (15)"
    assert formato.en_letras(21) == "veintiuno (21)"


def test_ordinales_para_articulos_y_disposiciones():
    assert [formato.ordinal(n) for n in (1, 2, 3, 10)] == ["primero", "segundo", "tercero", "décimo"]
    assert formato.ordinal(11) == "décimo primero"
    assert formato.ordinal(12, "f") == "décima segunda"
    assert formato.ordinal(1, "f") == "primera"


def test_romanos_y_montos():
    assert [formato.romano(n) for n in (1, 4, 9, 14, 2026)] == ["I", "IV", "IX", "XIV", "MMXXVI"]
    assert formato.soles(1234.5) == "S/ 1,234.50"
    assert formato.porcentaje(45.678) == "45.7 %"
