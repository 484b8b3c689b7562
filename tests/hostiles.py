"""Generadores de entradas hostiles para las pruebas de propiedades y el fuzz largo.

Sin dependencias de pytest: `herramientas/fuzz_largo.py` los usa con `random.Random(semilla)` y
las pruebas con hypothesis (`yaml_hostil`, que saca el azar de hypothesis para poder reducir).

- Textos fijos: `bomba_alias`, `ancla_recursiva`, `anidamiento_profundo`, `NUMEROS_ENORMES`,
  `CARACTERES_HOSTILES`, `RUTAS_HOSTILES`.
- `mutar(texto, azar, veces)`: aplica mutaciones al azar (de `MUTACIONES`) a un YAML válido y
  devuelve los bytes (a veces en Windows-1252 o con bytes que no son UTF-8).
- `yaml_hostil(base)`: estrategia de hypothesis que da esos bytes.
- `celda_hostil(azar)`: un valor hostil para una celda de hoja de cálculo (lotes).
"""

from __future__ import annotations

import random
import re

NUMEROS_ENORMES = [
    "1" + "0" * 30,
    "1e30",
    "1e999999",
    "-1e999999",
    "-" + "9" * 40,
    "9" * 5000,
    "NaN",
    "Infinity",
    "1e-999999",
    "0x7fffffff",
    "1_000_000_000_000_000",
]
CARACTERES_HOSTILES = [
    "\x00",
    "\x01",
    "\x1b[31m",
    "\x7f",
    "\u202e",
    "\u2066",
    "\u200b",
    "\ufeff",
    "\u2028",
    "\x85",
    "\r",
    "\t",
    "{{ x }}",
    "{_{ x }_}",
    "{% if %}",
    "&<>\"'",
    "]]>",
    "<w:p>",
    "ñ",
    "𝕏",
    "\ufffe",
]
RUTAS_HOSTILES = [
    "/dev/zero",
    "/dev/urandom",
    "/etc/passwd",
    "../../etc/passwd",
    "a\\0b",
    "/proc/self/environ",
    "fifo.yaml",
    ".",
    "..",
    "instancia.yaml/",
    "x" * 300,
]


def bomba_alias(niveles: int = 10, ancho: int = 9) -> str:
    """«a: &a [l,l,…]», «b: &b [*a,*a,…]»…: ~1 KB que se expande a ancho**niveles elementos."""
    lineas = [f"zz_a: &a [{', '.join(['l'] * ancho)}]"]
    anterior = "a"
    for i in range(1, niveles):
        nombre = f"a{i}"
        lineas.append(f"zz_{nombre}: &{nombre} [{', '.join(['*' + anterior] * ancho)}]")
        anterior = nombre
    return "\n".join(lineas) + "\n"


def ancla_recursiva(tipo: str = "lista") -> str:
    return "zz: &r [*r]\n" if tipo == "lista" else "zz: &m {a: *m}\n"


def anidamiento_profundo(niveles: int = 2000) -> str:
    return "zz: " + "[" * niveles + "]" * niveles + "\n"


# --- mutaciones: (líneas, azar) → líneas -----------------------------------------------------

_ESCALAR = re.compile(r"^(\s*(?:- )?[\w.]+: )(.+)$")


def _linea_con_valor(lineas: list[str], azar: random.Random) -> int | None:
    candidatas = [i for i, l in enumerate(lineas) if _ESCALAR.match(l) and not l.lstrip().startswith("#")]
    return azar.choice(candidatas) if candidatas else None


def _con_valor(lineas, azar, valor: str) -> list[str]:
    i = _linea_con_valor(lineas, azar)
    if i is None:
        return lineas + [f"zz: {valor}"]
    m = _ESCALAR.match(lineas[i])
    return lineas[:i] + [m.group(1) + valor] + lineas[i + 1 :]


def m_bomba(lineas, azar):
    return lineas + bomba_alias(azar.randint(3, 12), azar.randint(2, 12)).splitlines()


def m_recursiva(lineas, azar):
    return lineas + [ancla_recursiva(azar.choice(["lista", "grupo"])).rstrip("\n")]


def m_numero_enorme(lineas, azar):
    numericas = [i for i, l in enumerate(lineas) if re.match(r"^\s*(?:- )?\w+: -?\d+(\.\d+)?\s*$", l)]
    valor = azar.choice(NUMEROS_ENORMES)
    if not numericas:
        return _con_valor(lineas, azar, valor)
    i = azar.choice(numericas)
    return lineas[:i] + [re.sub(r"-?\d+(\.\d+)?\s*$", valor, lineas[i])] + lineas[i + 1 :]


def m_clave_duplicada(lineas, azar):
    superiores = [l for l in lineas if re.match(r"^\w+:", l)]
    return lineas + [azar.choice(superiores)] if superiores else lineas


def m_control(lineas, azar):
    i = _linea_con_valor(lineas, azar)
    if i is None:
        return lineas
    l = lineas[i]
    corte = azar.randint(len(l) // 2, len(l))
    return lineas[:i] + [l[:corte] + azar.choice(CARACTERES_HOSTILES) + l[corte:]] + lineas[i + 1 :]


def m_tabulador(lineas, azar):
    sangradas = [i for i, l in enumerate(lineas) if l.startswith("  ")]
    if not sangradas:
        return ["\t" + l for l in lineas[:1]] + lineas[1:]
    i = azar.choice(sangradas)
    return lineas[:i] + ["\t" + lineas[i].lstrip(" ")] + lineas[i + 1 :]


def m_dos_puntos(lineas, azar):
    return _con_valor(
        lineas,
        azar,
        azar.choice(
            [
                "Chota: capital",
                "a: b: c",
                '"sin cerrar',
                "[sin cerrar",
                "*alias",
                "&ancla x",
                "!etiqueta x",
                "@x",
                "`x",
                "%x",
                "'a'b",
                "|x",
                "{a: 1",
                "- x",
            ]
        ),
    )


def m_texto_largo(lineas, azar):
    return _con_valor(lineas, azar, azar.choice(["a", "ñ", "{{ x }}"]) * azar.choice([150_000, 20_000]))


def m_ruta(lineas, azar):
    valor = azar.choice(RUTAS_HOSTILES)
    valor = f'"{valor}"' if "\\" in valor else valor
    return [f"instancia: {valor}" if l.startswith("instancia:") else l for l in lineas]


def m_truncar(lineas, azar):
    return lineas[: azar.randint(0, len(lineas))]


def m_profundo(lineas, azar):
    return lineas + [anidamiento_profundo(azar.choice([50, 500, 5000])).rstrip("\n")]


def m_clave_rara(lineas, azar):
    return lineas + [
        azar.choice(
            [
                "? [a, b]\n: c",
                "Género: x",
                "DOCUMENTO: x",
                "x" * 500 + ": 1",
                "\u202egpj.exe: 1",
                "<<: {a: 1}",
                "null: 1",
                "~: 1",
            ]
        )
    ]


MUTACIONES = [
    m_bomba,
    m_recursiva,
    m_numero_enorme,
    m_clave_duplicada,
    m_control,
    m_tabulador,
    m_dos_puntos,
    m_texto_largo,
    m_ruta,
    m_truncar,
    m_profundo,
    m_clave_rara,
]


def codificar(texto: str, azar: random.Random) -> bytes:
    """UTF-8 casi siempre; a veces Windows-1252, bytes sueltos no UTF-8 o un BOM."""
    modo = azar.choice(["utf-8"] * 5 + ["cp1252", "bytes", "bom", "utf-16"])
    if modo == "cp1252":
        return texto.encode("cp1252", errors="replace")
    if modo == "bytes":
        datos = texto.encode("utf-8", errors="surrogatepass")
        corte = azar.randint(0, len(datos))
        return datos[:corte] + azar.choice([b"\xff", b"\xc3", b"\xe9", b"\x80\x81", b"\x00"]) + datos[corte:]
    if modo == "bom":
        return b"\xef\xbb\xbf" + texto.encode("utf-8", errors="surrogatepass")
    if modo == "utf-16":
        return texto.encode("utf-16", errors="surrogatepass")
    return texto.encode("utf-8", errors="surrogatepass")


def mutar(texto: str, azar: random.Random, veces: int | None = None) -> bytes:
    """Un YAML válido con 1 a 3 mutaciones hostiles, en bytes."""
    lineas = texto.splitlines()
    for _ in range(veces or azar.randint(1, 3)):
        lineas = azar.choice(MUTACIONES)(lineas, azar)
    return codificar("\n".join(lineas) + "\n", azar)


def yaml_hostil(base: str):
    """Estrategia de hypothesis: bytes de `base` con mutaciones hostiles."""
    from hypothesis import strategies as st

    return st.builds(lambda azar: mutar(base, azar), st.randoms(use_true_random=False))


# --- celdas de hoja de cálculo (para lote) ---------------------------------------------------

FORMULAS = [
    '=HYPERLINK("http://ejemplo.invalid","x")',
    "=cmd|' /C calc'!A0",
    "+1+1",
    "-1+1",
    "@SUM(A1:A2)",
    "\t=1",
    "\r=1",
]


def celda_hostil(azar: random.Random) -> str:
    """Un valor de celda hostil: fórmula, número enorme, comillas CSV, control/bidi o texto largo."""
    tipo = azar.randrange(6)
    if tipo == 0:
        return azar.choice(FORMULAS)
    if tipo == 1:
        return azar.choice(NUMEROS_ENORMES)
    if tipo == 2:
        return azar.choice(['Rosa "Chabuca", Quispe', '"', '""', "a,b", "a\nb", "a;b"])
    if tipo == 3:
        return "x" + azar.choice(CARACTERES_HOSTILES) + "y"
    if tipo == 4:
        return azar.choice(["ñ", "a", "{{ x }}"]) * azar.choice([300, 130, 20_000])
    return azar.choice(["CON", "NUL", "COM1", "..", ".", "/", "a/b", "x\u202egpj.exe"])
