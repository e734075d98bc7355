"""cnn_lib.raster: pictures from numpy arrays, checked against Pillow and matplotlib, without ipywidgets."""

import io
import subprocess
import sys

import matplotlib
import numpy as np
import pytest
from PIL import Image

from cnn_lib import raster


def test_import_needs_no_ipywidgets_and_no_pyplot():
    code = (
        "import sys; sys.modules['ipywidgets'] = None; sys.modules['IPython'] = None\n"
        "import numpy as np\n"
        "from cnn_lib import plots, raster\n"
        "png = raster.encode_png(raster.upscale(raster.colorize(np.eye(3), raster.SIGNED_CMAP, -1, 1), 2))\n"
        "assert png.startswith(b'\\x89PNG')\n"
        "heavy = [m for m in ('tensorflow', 'keras', 'matplotlib.pyplot') if m in sys.modules]\n"
        "assert not heavy, heavy\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "" and result.stderr == ""


def test_png_encoder_round_trips_through_pillow():
    rgb = np.random.default_rng(1).integers(0, 256, size=(17, 23, 3), dtype=np.uint8)
    decoded = np.asarray(Image.open(io.BytesIO(raster.encode_png(rgb))).convert("RGB"))
    assert np.array_equal(decoded, rgb), "expected Pillow to decode the exact pixels"
    with pytest.raises(TypeError, match="rgb: expected dtype uint8, got dtype float32"):
        raster.encode_png(rgb.astype(np.float32))


def test_colorize_is_matplotlibs_colour_map_and_clips():
    values = np.array([[-2.0, -1.0, 0.0], [0.5, 1.0, 3.0]])
    expected = matplotlib.colormaps["PuOr"](matplotlib.colors.Normalize(-1, 1, clip=True)(values), bytes=True)
    assert np.array_equal(raster.colorize(values, "PuOr", -1, 1), expected[..., :3])
    flat = raster.colorize(np.full((2, 2), 7.0), "gray")
    assert (flat == matplotlib.colormaps["gray"](0.5, bytes=True)[:3]).all(), (
        "a constant array: the middle colour"
    )


def test_puor_is_orange_for_negative_and_purple_for_positive():
    """What every legend of the book says: PuOr centred on 0 draws -x orange, +x purple."""
    ((negative, middle, positive),) = raster.colorize(np.array([[-1.0, 0.0, 1.0]]), raster.SIGNED_CMAP, -1, 1)
    assert negative[0] > negative[2], f"expected orange (red > blue) for -1, got {negative}"
    assert positive[2] > positive[0], f"expected purple (blue > red) for +1, got {positive}"
    assert middle.min() > 240, f"expected white for 0, got {middle}"
    assert tuple(negative) != raster.OUTLINE_RGB and raster.OUTLINE_RGB[0] > raster.OUTLINE_RGB[2]


def test_upscale_mosaic_and_outline():
    rgb = np.arange(2 * 3 * 3, dtype=np.uint8).reshape(2, 3, 3)
    big = raster.upscale(rgb, 4)
    assert big.shape == (8, 12, 3) and (big[4:8, 8:12] == rgb[1, 2]).all()
    canvas = raster.mosaic([rgb, rgb, rgb], 2, gap=1)
    assert canvas.shape == (2 * 2 + 1, 2 * 3 + 1, 3)
    assert (canvas[:2, 4:] == rgb).all() and (canvas[2] == 255).all(), "tiles on white, a gap apart"
    blank = np.zeros((6, 6, 3), np.uint8)
    drawn = raster.outline(blank, 1, 1, 5, 5, width=1)
    assert drawn is blank, "drawn in place"
    border = np.zeros((6, 6), bool)
    border[1:5, 1:5] = True
    border[2:4, 2:4] = False
    assert ((blank == raster.OUTLINE_RGB).all(axis=-1) == border).all()
    side = raster.MAX_UPSCALED_SIDE
    with pytest.raises(ValueError, match=f"scale: expected an integer in 1..{side // 3}"):
        raster.upscale(rgb, side // 3 + 1)


@pytest.mark.parametrize(
    ("value", "decimals", "text"),
    [
        (1.0, 2, "1"),
        (0.329, 2, "0.33"),
        (-0.0, 2, "0"),
        (-0.001, 2, "0"),
        (-0.004, 2, "0"),
        (-0.005, 3, "-0.005"),
    ]
    + [(10.0, 0, "10"), (-0.4, 0, "0"), (np.float32(0.25), 4, "0.25"), (-2.5, 1, "-2.5")],
)
def test_format_number_never_writes_minus_zero(value, decimals, text):
    assert raster.format_number(value, decimals) == text


def test_kernel_table_colours_each_weight_and_writes_it():
    kernel = np.array([[-1.0, 0.0], [0.5, -0.001]])
    html = raster.kernel_table(kernel)
    assert raster.signed_limit(kernel) == 1.0 and raster.signed_limit(np.zeros((2, 2))) == 1.0
    cells = html.split("<td ")[1:]
    assert len(cells) == 4
    colours = raster.colorize(kernel, raster.SIGNED_CMAP, -1, 1)
    for cell, rgb, text in zip(cells, colours.reshape(-1, 3), ["-1", "0", "0.5", "0"], strict=True):
        assert f"background:rgb({rgb[0]},{rgb[1]},{rgb[2]})" in cell and f">{text}</td>" in cell
    assert "color:white" in cells[0] and "color:black" in cells[1], "light ink on the strong colours"


@pytest.mark.parametrize(
    ("first", "second", "ratio"),
    # WCAG 2's own end points, and two pairs computed by hand from its formula:
    # #777777: channel 119/255 = 0.4667 -> ((0.4667 + 0.055) / 1.055) ** 2.4 = 0.1845 -> 1.05 / 0.2345 = 4.48
    # #da7d12 (an orange of PuOr): 0.2126 * 0.7011 + 0.7152 * 0.2051 + 0.0722 * 0.00605 = 0.2962 -> 1.05 / 0.3462 = 3.03
    [
        ((0, 0, 0), (255, 255, 255), 21.0),
        ((9, 9, 9), (9, 9, 9), 1.0),
        ((119,) * 3, (255,) * 3, 4.48),
        ((218, 125, 18), (255,) * 3, 3.03),
    ],
)
def test_contrast_ratio_is_wcag_2s(first, second, ratio):
    assert raster.contrast_ratio(first, second) == pytest.approx(ratio, abs=0.01)
    assert raster.contrast_ratio(second, first) == pytest.approx(ratio, abs=0.01)


def test_kernel_table_ink_reads_at_4_5_to_1_on_every_colour_of_the_map():
    """The article's filters have weights anywhere in [-limit, limit]: every background of PuOr gets an ink of 4.5:1."""
    weights = np.linspace(-1, 1, 401).reshape(1, -1)
    colours = raster.colorize(weights, raster.SIGNED_CMAP, -1, 1)[0]
    inks = {"white": (255, 255, 255), "black": (0, 0, 0)}
    ratios = [raster.contrast_ratio(colour, inks[raster.ink_on(colour)]) for colour in colours]
    assert min(ratios) >= 4.5, f"lowest contrast {min(ratios):.2f}"
