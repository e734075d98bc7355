// Draw-a-digit panels: the book's trained networks run in the page, on the reader's drawing.
//
// Every page of the book loads this file; it does something only where a <div class="cnn-draw-digit">
// is, and loads a network's weights only there: the CNN (_static/web/model.js, 1.3 MB) always, the
// MLP (_static/web/mlp.js, 1.3 MB) where the container asks for it. Options, as data attributes:
//   data-networks="cnn mlp"  the networks shown side by side (default "cnn": 06_evaluation);
//   data-shift               buttons and arrow keys that move the 28x28 image both networks see a
//                            pixel at a time, after the MNIST-style centring (08_beyond_the_article).
//
// For tests and benchmarks, window.CNNBook.cnn and window.CNNBook.mlp = {
//   ready       Promise of the network (reading it starts the download of the weights),
//   predict(x)  Float32Array(784) of grey levels in [0, 1], row-major 28x28 -> Array(10) of probabilities,
//   preprocess(pixels, h, w)  Float32Array(h*w) of ink in [0, 1] -> Float32Array(784), as cnn_lib/digitize.py,
//   shift(x, dy, dx)  the 28x28 image moved dy rows down and dx columns right, zeros shifted in,
//                     as cnn_lib/robustness.shift_images,
// }; and each panel's container has container.cnnDraw = { lastInput(), lastProbabilities(name),
// offset() }, and data-cnn-status="ready" once the networks and the test digits are loaded
// (CNNBook.start). "What the network sees" is drawn dark ink on white, as the book's MNIST figures.
(function () {
  "use strict";
  // Sphinx may add this file before cnn-book-loader.js: share the object, and start once the
  // page is parsed, when every script (the loader included) has run.
  var book = (window.CNNBook = window.CNNBook || {});

  // The panel's texts in Traditional Chinese, one entry per text passed to book.t (registered in
  // start(): book.addMessages is the loader's, which may run after this file). "a {digit}" and
  // "an {digit}" are English's article (aDigit): Chinese writes the digit alone.
  var MESSAGES_ZH_TW = {
    "a {digit}": "{digit}",
    "an {digit}": "{digit}",
    "The network reads {digit} ({p})": "網路判讀為 {digit}（{p}）",
    "The {network} reads {digit} ({p})": "{network} 判讀為 {digit}（{p}）",
    "the {network} reads {digit} ({p})": "{network} 判讀為 {digit}（{p}）",
    "{readings}; {reading}": "{readings}；{reading}",
    "{readings}.": "{readings}。",
    "{n} px down": "向下 {n} px",
    "{n} px up": "向上 {n} px",
    "{n} px right": "向右 {n} px",
    "{n} px left": "向左 {n} px",
    "{vertical}, {horizontal}": "{vertical}、{horizontal}",
    "none (centred)": "無（置中）",
    "drawing pad": "繪圖板",
    "Draw a digit here with the mouse, a pen or a finger. With the keyboard: the arrow keys move the pen (Shift moves further), Space lowers or lifts it, Delete or Backspace clears the pad.":
      "用滑鼠、觸控筆或手指在這裡畫一個數字。使用鍵盤時：方向鍵移動畫筆（按住 Shift 移得更遠），空白鍵放下或提起畫筆，Delete 或 Backspace 鍵清除繪圖板。",
    "Clear": "清除",
    "Load a digit from the MNIST test set": "從 MNIST 測試資料載入一個數字",
    "Load test digit…": "載入測試數字……",
    "Keyboard: arrows move the pen, Space lowers/lifts it, Delete clears.":
      "鍵盤操作：方向鍵移動畫筆，空白鍵放下或提起畫筆，Delete 鍵清除。",
    "The 28 by 28 image the network reads: the drawing cropped, scaled to fit 20 by 20 and centred.":
      "網路讀取的 28 乘 28 影像：把畫好的數字裁切到筆跡範圍，縮放到 20 乘 20 以內，再放到正中央。",
    "The 28 by 28 image the networks read: the drawing cropped, scaled to fit 20 by 20 and centred.":
      "各網路讀取的 28 乘 28 影像：把畫好的數字裁切到筆跡範圍，縮放到 20 乘 20 以內，再放到正中央。",
    "The 28 by 28 image the network reads: the drawing cropped, scaled to fit 20 by 20 and centred, then moved by the shift buttons.":
      "網路讀取的 28 乘 28 影像：把畫好的數字裁切到筆跡範圍，縮放到 20 乘 20 以內，放到正中央，再依平移按鈕移動。",
    "The 28 by 28 image the networks read: the drawing cropped, scaled to fit 20 by 20 and centred, then moved by the shift buttons.":
      "各網路讀取的 28 乘 28 影像：把畫好的數字裁切到筆跡範圍，縮放到 20 乘 20 以內，放到正中央，再依平移按鈕移動。",
    "What the network sees (28×28)": "網路看到的影像（28×28）",
    "What the networks see (28×28)": "各網路看到的影像（28×28）",
    "Move the 28 by 28 image one pixel at a time (arrow keys work here)":
      "每次把 28 乘 28 的影像移動一個像素（在這裡也可以用方向鍵）",
    "Move the image up one pixel": "把影像往上移一個像素",
    "Move the image left one pixel": "把影像往左移一個像素",
    "Undo the shift: back to the centred image": "取消平移：回到置中的影像",
    "Move the image right one pixel": "把影像往右移一個像素",
    "Move the image down one pixel": "把影像往下移一個像素",
    "Loading the network…": "正在載入網路……",
    "Loading the networks…": "正在載入各網路……",
    "The network's probability for each digit 0 to 9": "網路對 0 到 9 每個數字給出的機率",
    "The {network}'s probability for each digit 0 to 9": "{network} 對 0 到 9 每個數字給出的機率",
    "Draw a digit in the box, or load a test digit.": "在方框裡畫一個數字，或載入一個測試數字。",
    "Shift: {offset}": "平移：{offset}",
    "Test image {index} is {digit}.": "測試影像 {index} 是 {digit}。",
    "{digit} (test image {index})": "{digit}（測試影像 {index}）",
  };

  var SIZE = 28; // side of the network's input
  var FIT = 20; // the ink is scaled to fit a FIT x FIT box, as MNIST's digits were
  var TIE = 1e-9; // near-ties of the centring offset round up (as cnn_lib/digitize.py)
  var PAD = 280; // side of the drawing canvas in canvas pixels
  var PEN = 22; // stroke width: PAD / 12.7, about the pen of MNIST's writers once scaled down
  var STEP = 10; // keyboard pen step (Shift: 3 steps)
  var MAX_SHIFT = 10; // how far the shift control moves the image each way: cnn_lib.widgets.NETWORK_MAX_SHIFT

  // ---------------------------------------------------------------------------------------------
  // Preprocessing: the mirror of cnn_lib/digitize.py (see its docstring for the rules).

  function fittedSide(side, longer) {
    return Math.max(1, Math.floor((2 * FIT * side + longer) / (2 * longer)));
  }

  // (nOut x nIn) area-averaging weights, row-major, as digitize.area_weights.
  function areaWeights(nIn, nOut) {
    var weights = new Float64Array(nOut * nIn);
    var scale = nOut / nIn;
    for (var i = 0; i < nOut; i++) {
      var lo = (i * nIn) / nOut;
      var hi = ((i + 1) * nIn) / nOut;
      for (var k = Math.floor(lo); k < Math.min(nIn, Math.ceil(hi)); k++) {
        var overlap = Math.min(hi, k + 1) - Math.max(lo, k);
        if (overlap > 0) weights[i * nIn + k] = overlap * scale;
      }
    }
    return weights;
  }

  function preprocess(pixels, height, width) {
    if (!(Number.isInteger(height) && Number.isInteger(width) && height > 0 && width > 0)) {
      throw new TypeError("preprocess: height and width must be positive integers, got " + height + ", " + width);
    }
    if (!pixels || pixels.length !== height * width) {
      throw new RangeError("preprocess: pixels must hold height*width = " + height * width + " values");
    }
    var top = height, bottom = -1, left = width, right = -1;
    for (var y = 0; y < height; y++) {
      for (var x = 0; x < width; x++) {
        var v = pixels[y * width + x];
        if (!(v >= 0 && v <= 1)) throw new RangeError("preprocess: grey levels must be in [0, 1], got " + v);
        if (v > 0) {
          if (y < top) top = y;
          if (y > bottom) bottom = y;
          if (x < left) left = x;
          if (x > right) right = x;
        }
      }
    }
    if (bottom < 0) throw new RangeError("preprocess: the drawing is blank (no pixel > 0); draw a digit first");
    var ch = bottom - top + 1, cw = right - left + 1, longer = Math.max(ch, cw);
    var nh = fittedSide(ch, longer), nw = fittedSide(cw, longer);
    var rows = areaWeights(ch, nh), cols = areaWeights(cw, nw);
    // (rows @ crop): nh x cw, then @ cols^T: nh x nw, as (Ry @ crop) @ Rx.T in numpy.
    var tall = new Float64Array(nh * cw);
    for (var i = 0; i < nh; i++) {
      for (var k = 0; k < ch; k++) {
        var wgt = rows[i * ch + k];
        if (wgt === 0) continue;
        var src = (top + k) * width + left;
        for (var c = 0; c < cw; c++) tall[i * cw + c] += wgt * pixels[src + c];
      }
    }
    var fitted = new Float64Array(nh * nw);
    for (i = 0; i < nh; i++) {
      for (var j = 0; j < nw; j++) {
        var sum = 0;
        for (c = 0; c < cw; c++) sum += tall[i * cw + c] * cols[j * cw + c];
        fitted[i * nw + j] = sum;
      }
    }
    // Centre of mass in pixel indices, placed on pixel (14, 14); the offset is clamped so no ink is lost.
    var total = 0, my = 0, mx = 0;
    for (i = 0; i < nh; i++) {
      for (j = 0; j < nw; j++) {
        var m = fitted[i * nw + j];
        total += m;
        my += i * m;
        mx += j * m;
      }
    }
    var oy = Math.floor(SIZE / 2 - my / total + 0.5 + TIE);
    var ox = Math.floor(SIZE / 2 - mx / total + 0.5 + TIE);
    oy = Math.min(Math.max(oy, 0), SIZE - nh);
    ox = Math.min(Math.max(ox, 0), SIZE - nw);
    var out = new Float32Array(SIZE * SIZE);
    for (i = 0; i < nh; i++) {
      for (j = 0; j < nw; j++) out[(oy + i) * SIZE + ox + j] = Math.min(1, Math.max(0, fitted[i * nw + j]));
    }
    return out;
  }

  // The image moved dy rows down and dx columns right (negative: up, left), as
  // cnn_lib/robustness.shift_images: whole pixels, those pushed over the edge are lost, zeros come in.
  function shift(x, dy, dx) {
    if (!x || x.length !== SIZE * SIZE) {
      throw new RangeError("shift: x must hold " + SIZE * SIZE + " grey levels (28x28, row-major)");
    }
    [dy, dx].forEach(function (step) {
      if (!(Number.isInteger(step) && Math.abs(step) <= SIZE)) {
        throw new RangeError("shift: dy and dx must be whole pixels from -" + SIZE + " to " + SIZE + ", got " + step);
      }
    });
    var out = new Float32Array(SIZE * SIZE);
    for (var y = Math.max(dy, 0); y < SIZE + Math.min(dy, 0); y++) {
      for (var c = Math.max(dx, 0); c < SIZE + Math.min(dx, 0); c++) out[y * SIZE + c] = x[(y - dy) * SIZE + c - dx];
    }
    return out;
  }

  // ---------------------------------------------------------------------------------------------
  // The network: Keras semantics (channels last, 'same' zero padding, 2x2 max pooling, C-order flatten).

  function buildNetwork(data) {
    var shape = data.input_shape.slice();
    var steps = [];
    data.layers.forEach(function (layer) {
      var h = shape[0], w = shape[1], c = shape[2];
      if (layer.type === "conv2d") {
        var ks = layer.kernel_shape; // [kh, kw, cin, cout]
        if (ks[2] !== c) throw new Error("CNNBook.cnn: layer " + layer.name + " expects " + ks[2] + " channels");
        var padH = h + ks[0] - 1, padW = w + ks[1] - 1;
        var step = {
          type: "conv2d", h: h, w: w, cin: c, cout: ks[3], kh: ks[0], kw: ks[1],
          top: (ks[0] - 1) >> 1, left: (ks[1] - 1) >> 1, padW: padW,
          kernel: book.decode(layer.kernel, "float32"), bias: book.decode(layer.bias, "float32"),
          padded: new Float32Array(padH * padW * c), out: new Float32Array(h * w * ks[3]),
          acc: new Float64Array(ks[3]), relu: layer.activation === "relu",
        };
        // Offsets of the kernel taps in the padded input, and of their weights.
        step.taps = new Int32Array(ks[0] * ks[1]);
        for (var ky = 0; ky < ks[0]; ky++) {
          for (var kx = 0; kx < ks[1]; kx++) step.taps[ky * ks[1] + kx] = (ky * padW + kx) * c;
        }
        steps.push(step);
        shape = [h, w, ks[3]];
      } else if (layer.type === "maxpool") {
        var p = layer.pool_size, oh = Math.floor(h / p), ow = Math.floor(w / p);
        steps.push({ type: "maxpool", h: h, w: w, c: c, p: p, oh: oh, ow: ow, out: new Float32Array(oh * ow * c) });
        shape = [oh, ow, c];
      } else if (layer.type === "flatten") {
        shape = [1, 1, h * w * c];
      } else if (layer.type === "dense") {
        var ds = layer.kernel_shape;
        if (ds[0] !== h * w * c) throw new Error("CNNBook.cnn: layer " + layer.name + " expects " + ds[0] + " inputs");
        steps.push({
          type: "dense", nin: ds[0], nout: ds[1],
          kernel: book.decode(layer.kernel, "float32"), bias: book.decode(layer.bias, "float32"),
          out: new Float64Array(ds[1]), activation: layer.activation,
        });
        shape = [1, 1, ds[1]];
      } else if (layer.type !== "dropout") {
        throw new Error("CNNBook.cnn: unknown layer type " + layer.type);
      }
    });
    return { inputSize: data.input_shape[0] * data.input_shape[1] * data.input_shape[2], steps: steps };
  }

  function conv2d(s, input) {
    var h = s.h, w = s.w, cin = s.cin, cout = s.cout, padW = s.padW;
    var padded = s.padded, kernel = s.kernel, bias = s.bias, acc = s.acc, out = s.out, taps = s.taps;
    var ntaps = taps.length, tapSize = cin * cout;
    for (var y = 0; y < h; y++) {
      var prow = ((y + s.top) * padW + s.left) * cin;
      padded.set(input.subarray(y * w * cin, (y + 1) * w * cin), prow);
    }
    for (y = 0; y < h; y++) {
      for (var x = 0; x < w; x++) {
        for (var co = 0; co < cout; co++) acc[co] = bias[co];
        var base = (y * padW + x) * cin;
        for (var t = 0; t < ntaps; t++) {
          var at = base + taps[t], kt = t * tapSize;
          for (var ci = 0; ci < cin; ci++) {
            var v = padded[at + ci];
            if (v === 0) continue;
            var k = kt + ci * cout;
            for (co = 0; co < cout; co++) acc[co] += v * kernel[k + co];
          }
        }
        var o = (y * w + x) * cout;
        for (co = 0; co < cout; co++) out[o + co] = s.relu && acc[co] < 0 ? 0 : acc[co];
      }
    }
    return out;
  }

  function maxpool(s, input) {
    var c = s.c, p = s.p, w = s.w, out = s.out;
    for (var y = 0; y < s.oh; y++) {
      for (var x = 0; x < s.ow; x++) {
        for (var ch = 0; ch < c; ch++) {
          var best = -Infinity;
          for (var dy = 0; dy < p; dy++) {
            for (var dx = 0; dx < p; dx++) {
              var v = input[((y * p + dy) * w + x * p + dx) * c + ch];
              if (v > best) best = v;
            }
          }
          out[(y * s.ow + x) * c + ch] = best;
        }
      }
    }
    return out;
  }

  function dense(s, input) {
    var nin = s.nin, nout = s.nout, kernel = s.kernel, out = s.out;
    for (var j = 0; j < nout; j++) out[j] = s.bias[j];
    for (var i = 0; i < nin; i++) {
      var v = input[i];
      if (v === 0) continue;
      var row = i * nout;
      for (j = 0; j < nout; j++) out[j] += v * kernel[row + j];
    }
    if (s.activation === "relu") {
      for (j = 0; j < nout; j++) if (out[j] < 0) out[j] = 0;
    } else if (s.activation === "softmax") {
      var top = -Infinity, total = 0;
      for (j = 0; j < nout; j++) if (out[j] > top) top = out[j];
      for (j = 0; j < nout; j++) total += out[j] = Math.exp(out[j] - top);
      for (j = 0; j < nout; j++) out[j] /= total;
    }
    return out;
  }

  function forward(network, x) {
    var values = x;
    network.steps.forEach(function (s) {
      if (s.type === "conv2d") values = conv2d(s, values);
      else if (s.type === "maxpool") values = maxpool(s, values);
      else values = dense(s, values);
    });
    return Array.prototype.slice.call(values);
  }

  // ---------------------------------------------------------------------------------------------
  // window.CNNBook.cnn and .mlp: each loads its weights on first use of `ready`, never on pages
  // that do not ask.

  function networkApi(asset, title) {
    var network = null;
    var networkPromise = null;
    var where = "CNNBook." + asset.replace("model", "cnn");

    function load() {
      if (!networkPromise) {
        networkPromise = book.load(asset).then(function (data) {
          network = buildNetwork(data);
          return network;
        });
      }
      return networkPromise;
    }

    function predict(x) {
      if (!network) throw new Error(where + ".predict: the network is not loaded yet (wait for " + where + ".ready)");
      if (!x || x.length !== network.inputSize) {
        throw new RangeError(where + ".predict: expected " + network.inputSize + " grey levels (28x28, row-major)");
      }
      return forward(network, x instanceof Float32Array ? x : Float32Array.from(x));
    }

    var api = { title: title, predict: predict, preprocess: preprocess, shift: shift, size: SIZE, fit: FIT, maxShift: MAX_SHIFT };
    Object.defineProperty(api, "ready", { enumerable: true, get: load });
    return api;
  }

  var NETWORKS = { cnn: networkApi("model", "CNN"), mlp: networkApi("mlp", "MLP") };
  book.cnn = NETWORKS.cnn;
  book.mlp = NETWORKS.mlp;

  // ---------------------------------------------------------------------------------------------
  // The panel.

  // "a 7", "an 8" in English; the translations choose their own way ("7" in Chinese).
  function aDigit(digit) {
    return book.t(digit === 8 ? "an {digit}" : "a {digit}", { digit: digit });
  }

  // "The network reads a 7 (99.1%)" with one network (network: null); "The CNN reads a 7 (99.1%)"
  // beside others, "the MLP reads..." after the first.
  function reading(network, first, digit, p) {
    var values = { network: network, digit: aDigit(digit), p: book.format.percent(p) };
    if (!network) return book.t("The network reads {digit} ({p})", values);
    return first ? book.t("The {network} reads {digit} ({p})", values) : book.t("the {network} reads {digit} ({p})", values);
  }

  function argmax(values) {
    var best = 0;
    for (var k = 1; k < values.length; k++) if (values[k] > values[best]) best = k;
    return best;
  }

  // "0 px", "2 px right", "1 px up, 3 px left"
  function offsetText(dy, dx) {
    var vertical = dy ? book.t(dy > 0 ? "{n} px down" : "{n} px up", { n: Math.abs(dy) }) : "";
    var horizontal = dx ? book.t(dx > 0 ? "{n} px right" : "{n} px left", { n: Math.abs(dx) }) : "";
    if (vertical && horizontal) return book.t("{vertical}, {horizontal}", { vertical: vertical, horizontal: horizontal });
    return vertical || horizontal || book.t("none (centred)");
  }

  function setup(container) {
    var el = book.el;
    var names = (container.dataset.networks || "cnn").trim().split(/\s+/);
    names.forEach(function (name) {
      if (!NETWORKS[name]) throw new Error("draw-digit.js: unknown network " + JSON.stringify(name) + " in data-networks");
    });
    var several = names.length > 1;
    var shifting = container.hasAttribute("data-shift");
    var fallback = container.querySelector(".cnn-fallback");
    if (fallback) fallback.remove();
    container.classList.add("cnn-dd");

    var pad = el("div", { className: "cnn-dd-pad" });
    var frame = el("div", { className: "cnn-dd-frame" }, pad);
    // Keys go to the pad (it is an application, not a picture): arrows, Space, Delete.
    var canvas = el("canvas", {
      className: "cnn-dd-canvas",
      width: PAD,
      height: PAD,
      tabindex: "0",
      role: "application",
      "aria-roledescription": book.t("drawing pad"),
      "aria-label": book.t(
        "Draw a digit here with the mouse, a pen or a finger. With the keyboard: the arrow keys " +
        "move the pen (Shift moves further), Space lowers or lifts it, Delete or Backspace clears the pad."),
    }, frame);
    var cursor = el("span", { className: "cnn-dd-cursor", "aria-hidden": "true" }, frame);
    var controls = el("div", { className: "cnn-dd-controls" }, pad);
    var clear = el("button", { className: "cnn-dd-clear", type: "button", text: book.t("Clear") }, controls);
    var label = el("label", { className: "cnn-dd-load" }, controls);
    el("span", { className: "cnn-dd-visually-hidden", text: book.t("Load a digit from the MNIST test set") }, label);
    var select = el("select", { className: "cnn-dd-select", disabled: "" }, label);
    el("option", { value: "", text: book.t("Load test digit…") }, select);
    el("p", {
      className: "cnn-dd-hint",
      text: book.t("Keyboard: arrows move the pen, Space lowers/lifts it, Delete clears."),
    }, pad);

    var result = el("div", { className: "cnn-dd-result" });
    var head = el("div", { className: "cnn-dd-head" }, result);
    var seenBox = el("div", { className: "cnn-dd-seen-box" }, head);
    var seen = el("figure", { className: "cnn-dd-seen" }, seenBox);
    var input = el("canvas", {
      className: "cnn-dd-input",
      width: SIZE * 4,
      height: SIZE * 4,
      role: "img",
      "aria-label": book.t(several ?
        (shifting ?
          "The 28 by 28 image the networks read: the drawing cropped, scaled to fit 20 by 20 and centred, then moved by the shift buttons." :
          "The 28 by 28 image the networks read: the drawing cropped, scaled to fit 20 by 20 and centred.") :
        (shifting ?
          "The 28 by 28 image the network reads: the drawing cropped, scaled to fit 20 by 20 and centred, then moved by the shift buttons." :
          "The 28 by 28 image the network reads: the drawing cropped, scaled to fit 20 by 20 and centred.")),
    }, seen);
    el("figcaption", { text: book.t(several ? "What the networks see (28×28)" : "What the network sees (28×28)") }, seen);
    var offset = { dy: 0, dx: 0 };
    var shiftButtons = {};
    var shiftReadout = null;
    if (shifting) {
      // Buttons, and the arrow keys while the focus is on any of them (on the pad they move the pen).
      var group = el("div", {
        className: "cnn-dd-shift",
        role: "group",
        "aria-label": book.t("Move the 28 by 28 image one pixel at a time (arrow keys work here)"),
      }, seenBox);
      [
        ["up", "↑", "Move the image up one pixel", -1, 0],
        ["left", "←", "Move the image left one pixel", 0, -1],
        ["centre", "○", "Undo the shift: back to the centred image", 0, 0],
        ["right", "→", "Move the image right one pixel", 0, 1],
        ["down", "↓", "Move the image down one pixel", 1, 0],
      ].forEach(function (spec) {
        var name = book.t(spec[2]);
        var button = el("button", {
          className: "cnn-dd-shift-" + spec[0],
          type: "button",
          text: spec[1],
          "aria-label": name,
          title: name,
        }, group);
        button.addEventListener("click", function () {
          moveBy(spec[3], spec[4], spec[0] === "centre");
        });
        shiftButtons[spec[0]] = button;
      });
      shiftReadout = el("p", { className: "cnn-dd-offset", "aria-live": "polite" }, seenBox);
      group.addEventListener("keydown", function (event) {
        if (event.altKey || event.ctrlKey || event.metaKey) return;
        var move = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] }[event.key];
        if (move) {
          event.preventDefault();
          moveBy(move[0], move[1], false);
        } else if (event.key === "Home" || event.key === "Escape") {
          event.preventDefault();
          moveBy(0, 0, true);
        }
      });
    }
    // Where CNNBook.fail explains a failure (data-cnn-note), as the fallback text did.
    var status = el("p", {
      className: "cnn-dd-status",
      "aria-live": "polite",
      "data-cnn-note": "",
      text: book.t(several ? "Loading the networks…" : "Loading the network…"),
    }, head);
    var columns = el("div", { className: "cnn-dd-networks" + (several ? " cnn-dd-several" : "") }, result);
    var outputs = names.map(function (name) {
      var column = el("div", { className: "cnn-dd-network", "data-network": name }, columns);
      var title = NETWORKS[name].title;
      if (several) el("p", { className: "cnn-dd-name", text: title, "aria-hidden": "true" }, column);
      var bars = el("ol", {
        className: "cnn-dd-bars",
        start: "0",
        "aria-label": several ?
          book.t("The {network}'s probability for each digit 0 to 9", { network: title }) :
          book.t("The network's probability for each digit 0 to 9"),
      }, column);
      var rows = [];
      for (var d = 0; d < 10; d++) {
        var row = el("li", { className: "cnn-dd-bar" }, bars);
        el("span", { className: "cnn-dd-digit", text: String(d) }, row);
        var track = el("span", { className: "cnn-dd-track", "aria-hidden": "true" }, row);
        var fill = el("span", { className: "cnn-dd-fill" }, track);
        var value = el("span", { className: "cnn-dd-value", text: "–" }, row);
        rows.push({ row: row, fill: fill, value: value });
      }
      return { name: name, network: NETWORKS[name], rows: rows, last: null };
    });
    container.append(pad, result);

    var ctx = canvas.getContext("2d", { willReadFrequently: true });
    var view = new book.Raster(input, SIZE * 4); // 4 screen pixels per input pixel
    var ink = book.ink(1); // dark ink on white, as the book's figures
    var base = null; // the centred 28x28 image, before any shift
    var baseNote = "";
    var lastInput = null; // what the networks saw: base, shifted
    var hasInk = false;
    var digits = null;
    var ready = false;

    container.cnnDraw = {
      lastInput: function () {
        return lastInput && Array.prototype.slice.call(lastInput);
      },
      // The probabilities of the network `name` ("cnn", "mlp"; default: the first shown).
      lastProbabilities: function (name) {
        var output = name ? outputs.filter(function (o) { return o.name === name; })[0] : outputs[0];
        if (!output) throw new Error("cnnDraw.lastProbabilities: this panel shows no network " + name);
        return output.last && output.last.slice();
      },
      offset: function () {
        return [offset.dy, offset.dx];
      },
      canvas: canvas,
    };

    // The theme's text colour (a CSS variable: it does not transition, unlike the computed colour).
    function inkColour() {
      var root = getComputedStyle(document.documentElement).getPropertyValue("--pst-color-text-base").trim();
      return root || getComputedStyle(canvas).color || "#000";
    }

    function resetDisplay(message) {
      base = null;
      baseNote = "";
      lastInput = null;
      view.clear();
      outputs.forEach(function (output) {
        output.last = null;
        output.rows.forEach(function (r) {
          r.fill.style.width = "0";
          r.value.textContent = "–";
          r.row.classList.remove("cnn-dd-top");
        });
      });
      status.textContent = message;
    }

    function idleMessage() {
      if (ready) return book.t("Draw a digit in the box, or load a test digit.");
      return book.t(several ? "Loading the networks…" : "Loading the network…");
    }

    // The centred image x, moved by the shift control, read by every network of the panel.
    function show(x, note) {
      base = x;
      baseNote = note || "";
      lastInput = shifting ? shift(x, offset.dy, offset.dx) : x;
      view.draw(lastInput, SIZE, SIZE, ink);
      status.textContent = "";
      if (note) el("span", { className: "cnn-dd-note", text: note + " " }, status);
      var readings = "";
      outputs.forEach(function (output, n) {
        var probabilities = output.network.predict(lastInput);
        var best = argmax(probabilities);
        output.last = probabilities;
        output.rows.forEach(function (r, k) {
          r.fill.style.width = (100 * probabilities[k]).toFixed(2) + "%";
          r.value.textContent = book.format.percent(probabilities[k]);
          r.row.classList.toggle("cnn-dd-top", k === best);
        });
        var text = reading(several ? output.network.title : null, n === 0, best, probabilities[best]);
        readings = n === 0 ? text : book.t("{readings}; {reading}", { readings: readings, reading: text });
      });
      status.append(several ? book.t("{readings}.", { readings: readings }) : readings);
    }

    // The shift control: one pixel at a time, at most MAX_SHIFT each way; `reset` centres again.
    function moveBy(dy, dx, reset) {
      offset.dy = reset ? 0 : Math.max(-MAX_SHIFT, Math.min(MAX_SHIFT, offset.dy + dy));
      offset.dx = reset ? 0 : Math.max(-MAX_SHIFT, Math.min(MAX_SHIFT, offset.dx + dx));
      showOffset();
      if (base) show(base, baseNote);
    }
    function showOffset() {
      if (!shifting) return;
      shiftReadout.textContent = book.t("Shift: {offset}", { offset: offsetText(offset.dy, offset.dx) });
      shiftButtons.up.disabled = offset.dy === -MAX_SHIFT;
      shiftButtons.down.disabled = offset.dy === MAX_SHIFT;
      shiftButtons.left.disabled = offset.dx === -MAX_SHIFT;
      shiftButtons.right.disabled = offset.dx === MAX_SHIFT;
    }
    showOffset();

    function predictDrawing() {
      if (!ready) return;
      if (!hasInk) return resetDisplay(idleMessage());
      var data = ctx.getImageData(0, 0, PAD, PAD).data;
      var alpha = new Float32Array(PAD * PAD);
      var any = false;
      for (var i = 0; i < alpha.length; i++) {
        alpha[i] = data[4 * i + 3] / 255;
        if (alpha[i] > 0) any = true;
      }
      if (!any) return resetDisplay(idleMessage());
      show(preprocess(alpha, PAD, PAD));
    }

    var frameRequest = 0;
    function schedule() {
      if (!frameRequest) frameRequest = requestAnimationFrame(function () {
        frameRequest = 0;
        predictDrawing();
      });
    }
    function predictNow() {
      if (frameRequest) cancelAnimationFrame(frameRequest);
      frameRequest = 0;
      predictDrawing();
    }

    function dot(x, y) {
      ctx.fillStyle = inkColour();
      ctx.beginPath();
      ctx.arc(x, y, PEN / 2, 0, 2 * Math.PI);
      ctx.fill();
      hasInk = true;
    }
    function line(x0, y0, x1, y1) {
      ctx.strokeStyle = inkColour();
      ctx.lineWidth = PEN;
      ctx.lineCap = "round";
      ctx.lineJoin = "round";
      ctx.beginPath();
      ctx.moveTo(x0, y0);
      ctx.lineTo(x1, y1);
      ctx.stroke();
      hasInk = true;
    }

    function clearPad() {
      ctx.clearRect(0, 0, PAD, PAD);
      hasInk = false;
      select.value = "";
      if (frameRequest) cancelAnimationFrame(frameRequest);
      frameRequest = 0;
      resetDisplay(idleMessage());
    }

    // Pointer: mouse, pen and touch alike; one pointer at a time.
    var active = null; // {id, x, y}
    function position(event) {
      var box = canvas.getBoundingClientRect();
      return {
        x: ((event.clientX - box.left) * PAD) / box.width,
        y: ((event.clientY - box.top) * PAD) / box.height,
      };
    }
    canvas.addEventListener("pointerdown", function (event) {
      if (active || (event.pointerType === "mouse" && event.button !== 0)) return;
      event.preventDefault();
      canvas.focus({ preventScroll: true });
      keyboard(false);
      if (canvas.setPointerCapture) canvas.setPointerCapture(event.pointerId);
      var at = position(event);
      active = { id: event.pointerId, x: at.x, y: at.y };
      select.value = "";
      dot(at.x, at.y);
      schedule();
    });
    canvas.addEventListener("pointermove", function (event) {
      if (!active || event.pointerId !== active.id) return;
      event.preventDefault();
      var events = event.getCoalescedEvents ? event.getCoalescedEvents() : [];
      if (!events.length) events = [event];
      events.forEach(function (e) {
        var at = position(e);
        line(active.x, active.y, at.x, at.y);
        active.x = at.x;
        active.y = at.y;
      });
      schedule();
    });
    function end(event) {
      if (!active || event.pointerId !== active.id) return;
      active = null;
      predictNow();
    }
    canvas.addEventListener("pointerup", end);
    canvas.addEventListener("pointercancel", end);

    // Keyboard: a visible pen cursor moved by the arrow keys.
    var pen = { x: PAD / 2, y: PAD / 2, down: false };
    function placeCursor() {
      cursor.style.left = (100 * pen.x) / PAD + "%";
      cursor.style.top = (100 * pen.y) / PAD + "%";
      cursor.classList.toggle("cnn-dd-pen-down", pen.down);
    }
    function keyboard(on) {
      frame.classList.toggle("cnn-dd-keyboard", on);
    }
    placeCursor();
    canvas.addEventListener("focus", function () {
      keyboard(canvas.matches(":focus-visible"));
    });
    canvas.addEventListener("blur", function () {
      keyboard(false);
      if (pen.down) {
        pen.down = false;
        placeCursor();
      }
    });
    var moves = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };
    canvas.addEventListener("keydown", function (event) {
      if (event.altKey || event.ctrlKey || event.metaKey) return;
      var move = moves[event.key];
      if (move) {
        event.preventDefault();
        keyboard(true);
        var step = event.shiftKey ? 3 * STEP : STEP;
        var x = Math.min(PAD - PEN / 2, Math.max(PEN / 2, pen.x + move[0] * step));
        var y = Math.min(PAD - PEN / 2, Math.max(PEN / 2, pen.y + move[1] * step));
        if (pen.down) {
          line(pen.x, pen.y, x, y);
          select.value = "";
          schedule();
        }
        pen.x = x;
        pen.y = y;
        placeCursor();
      } else if (event.key === " " || event.key === "Spacebar") {
        event.preventDefault();
        keyboard(true);
        pen.down = !pen.down;
        if (pen.down) {
          select.value = "";
          dot(pen.x, pen.y);
        }
        placeCursor();
        predictNow();
      } else if (event.key === "Delete" || event.key === "Backspace") {
        event.preventDefault();
        keyboard(true);
        pen.down = false;
        placeCursor();
        clearPad();
      }
    });

    clear.addEventListener("click", clearPad);

    // A test digit: shown enlarged on the pad (where it can be drawn over) and fed to the network as is.
    select.addEventListener("change", function () {
      if (select.value === "" || !digits || !ready) return;
      var k = Number(select.value);
      pen.down = false;
      placeCursor();
      var x = new Float32Array(SIZE * SIZE);
      for (var i = 0; i < x.length; i++) x[i] = digits.pixels[k * SIZE * SIZE + i] / 255;
      ctx.clearRect(0, 0, PAD, PAD);
      var cell = PAD / SIZE;
      ctx.fillStyle = inkColour();
      for (var y = 0; y < SIZE; y++) {
        for (var xx = 0; xx < SIZE; xx++) {
          var g = x[y * SIZE + xx];
          if (g === 0) continue;
          ctx.globalAlpha = g;
          ctx.fillRect(xx * cell, y * cell, cell, cell);
        }
      }
      ctx.globalAlpha = 1;
      hasInk = true;
      var label = digits.labels[k];
      show(x, book.t("Test image {index} is {digit}.", { index: digits.indices[k], digit: aDigit(label) }));
    });

    // The pad's ink follows the theme: repaint the strokes in the new text colour, keeping their alpha.
    new MutationObserver(function () {
      ctx.save();
      ctx.globalCompositeOperation = "source-in";
      ctx.fillStyle = inkColour();
      ctx.fillRect(0, 0, PAD, PAD);
      ctx.restore();
    }).observe(document.documentElement, { attributes: true, attributeFilter: ["data-theme", "data-mode"] });

    var networksLoaded = Promise.all(outputs.map(function (output) {
      return output.network.ready;
    })).then(function () {
      ready = true;
      predictDrawing();
      if (!hasInk) status.textContent = idleMessage();
    });
    var digitsLoaded = book.load("digits").then(function (data) {
      digits = {
        indices: data.indices,
        labels: data.labels,
        pixels: book.decode(data.pixels, "uint8"),
      };
      data.labels.forEach(function (label, k) {
        el("option", {
          value: String(k),
          text: book.t("{digit} (test image {index})", { digit: aDigit(label), index: data.indices[k] }),
        }, select);
      });
    });
    // Ready (CNNBook.start) once the network runs and the test digits can be loaded.
    return Promise.all([networksLoaded, digitsLoaded]).then(function () {
      select.disabled = false;
    });
  }

  function start() {
    if (book.start) {
      book.addMessages("zh-TW", MESSAGES_ZH_TW);
      book.start(".cnn-draw-digit", "draw-a-digit panel", setup);
    } else if (document.querySelector(".cnn-draw-digit")) {
      console.warn("draw-digit.js: cnn-book-loader.js is not on the page, the draw-a-digit panel cannot start");
    }
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
