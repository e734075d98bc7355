// The filter playground of 01_convolution and 03_max_pool: pick an MNIST test digit, type a 3x3 or
// 5x5 kernel (or pick a preset), switch ReLU and a 2x2 max-pool, and see the output redraw as you type.
//
// Markup in the book: <div class="cnn-playground" data-preset="sobel x" data-relu="on" data-pool="off">
// (optional: data-size="5", data-digit="<position in the list>"). The fallback text inside is replaced.
// The data come from _static/web/digits.js (cnn_lib.web.playground_digits) through CNNBook.load.
//
// The arithmetic is cnn_lib.ops in float64: the image is uint8 / 255; conv2d is a cross-correlation
// with zero 'same' padding split as TensorFlow splits it (before = (k - 1) // 2); relu is max(x, 0);
// max_pool2d takes the max of each 2x2 block and drops an odd last row or column.
//
// For tests and benchmarks, each container gets container.cnnPlayground:
//   state()       -> {digit, index, label, size, kernel: [[...]], preset, relu, pool, valid, redraws}
//   set({digit, index, size, kernel, preset, relu, pool}) -> state(); redraws at once
//                   (digit: position 0..n-1 in the list; index: MNIST test-set position instead;
//                    size 3 or 5 keeps the kernel's centre; preset: a 3x3 name, in the centre of a
//                    5x5; kernel: nested or flat numbers, a smaller one in the centre; throws on bad values)
//   output()      -> {height, width, values: Float64Array (row-major copy), min, max}
//   input()       -> {height, width, values: Float64Array}
//   digits()      -> [{index, label}, ...]
//   lastRedrawMs  -> milliseconds the last redraw took (computation and drawing)
// and fires a "cnn-playground-redraw" event on the container after each redraw.
// The container gets data-cnn-status="ready" once it is built (CNNBook.start in cnn-book-loader.js).
(function () {
  "use strict";
  // Sphinx may add this file before cnn-book-loader.js: the loader's functions are looked up in
  // start(), once the page is parsed, when every script (the loader included) has run.
  var book, el, fmt, GREY;

  // The playground's texts in Traditional Chinese (registered in start(), once the loader is there),
  // one entry per text passed to book.t; the preset names are code names (ops.preset_kernel("sobel x"),
  // as the chapters' translations write them) and stay as they are.
  var MESSAGES_ZH_TW = {
    "Filter playground": "濾鏡實驗場",
    "{digit} (test image {index})": "{digit}（測試影像 {index}）",
    "Digit": "數字",
    "Kernel size": "卷積核大小",
    "Preset": "預設卷積核",
    "custom": "自訂",
    "identity": "identity",
    "box blur": "box blur",
    "sharpen": "sharpen",
    "sobel x": "sobel x",
    "sobel y": "sobel y",
    "laplacian": "laplacian",
    "edge": "edge",
    "ReLU": "ReLU",
    "2x2 max-pool": "2x2 Max-Pool",
    "Input": "輸入",
    "Kernel": "卷積核",
    "Output": "輸出",
    "Kernel weights": "卷積核權重",
    "Kernel weight, row {row}, column {column}": "卷積核權重，第 {row} 列、第 {column} 行",
    "row {row}, column {column}": "第 {row} 列、第 {column} 行",
    "{list}; {item}": "{list}；{item}",
    "Kernel weight {cells} is not a number: until it is, the output uses its last valid value.":
      "卷積核權重（{cells}）不是數字：在改回數字之前，輸出會沿用它最後一個有效的值。",
    "Kernel weight {cells} are not a number: until it is, the output uses its last valid value.":
      "卷積核權重（{cells}）不是數字：在改回數字之前，輸出會沿用它們最後一個有效的值。",
    "after ReLU": "經過 ReLU",
    "no ReLU": "未經 ReLU",
    "after 2x2 max-pool": "經過 2x2 Max-Pool",
    "no pooling": "未池化",
    "{height} x {width}, values from {min} to {max}, {relu}, {pool}":
      "{height} x {width}，數值從 {min} 到 {max}，{relu}，{pool}",
    "{name} (in the centre)": "{name}（置於中央）",
    "Kernel: {k} x {k} {name}": "卷積核：{k} x {k} {name}",
    "Kernel: {k} x {k} {name}, weights from {low} to {high}; orange negative, purple positive":
      "卷積核：{k} x {k} {name}，權重從 {low} 到 {high}；橘色為負值，紫色為正值",
    "{k} x {k}, {name}": "{k} x {k}，{name}",
    "Input: digit {digit} (MNIST test image {index}), {n} x {n}, grey levels 0 (white) to 1 (black)":
      "輸入：數字 {digit}（MNIST 測試影像 {index}），{n} x {n}，灰階值從 0（白）到 1（黑）",
    "{n} x {n}, test image {index}": "{n} x {n}，測試影像 {index}",
    "Output: {description}": "輸出：{description}",
    "Output: {description}. Colours from orange (\u2212{limit}) through white (0) to purple (+{limit}).":
      "輸出：{description}。顏色從橘色（\u2212{limit}）經過白色（0）到紫色（+{limit}）。",
  };

  var SIZES = [3, 5];
  var CUSTOM = "custom";
  var SIGNED_MAP = "PuOr"; // orange for negative, near-white for 0, purple for positive (cnn_lib.plots)
  function fmt2(value) {
    return book.format.fixed(value, 2);
  }

  function labelled(parent, text, control) {
    var label = el("label", { className: "cnn-pg-field" }, parent);
    el("span", { className: "cnn-pg-field-name", text: text }, label);
    label.appendChild(control);
    return label;
  }

  function isOn(value, fallback) {
    if (value === undefined || value === null || value === "") return fallback;
    return value === "on" || value === "true" || value === "1" || value === "yes";
  }

  // Images: grey levels in [0, 1], 0 white and 1 black (GREY = book.ink(1), as the book's figures);
  // kernel and output: PuOr from -limit (orange) through 0 (white) to limit (purple).
  function signed(map, limit) {
    return book.colours(map, -limit, limit);
  }

  function Playground(container, data, map) {
    this.container = container;
    this.map = map;
    this.size = data.size;
    var count = data.indices.length;
    this.indices = data.indices;
    this.labels = data.labels;
    this.pixels = book.decode(data.pixels, "uint8");
    if (this.pixels.length !== count * this.size * this.size) {
      throw new Error("digits.js holds " + this.pixels.length + " pixels for " + count + " images");
    }
    this.presets = data.presets;
    this.presetNames = Object.keys(data.presets);

    var n = this.size * this.size;
    this.image = new Float64Array(n); // the chosen digit, uint8 / 255
    this.conv = new Float64Array(n); // convolution (and ReLU)
    this.pooled = new Float64Array((this.size >> 1) * (this.size >> 1));
    this.kernel = new Float64Array(25); // k x k, row-major, for k = this.k
    this.k = 3;
    this.cellValid = [];
    this.out = { values: this.conv, height: this.size, width: this.size, min: 0, max: 0 };
    this.digit = 0;
    this.preset = CUSTOM;
    this.relu = true;
    this.pool = false;
    this.redraws = 0;
    this.lastRedrawMs = 0;
    this.kernelRange = null; // {low, high}: the weights of the last kernel drawn, as written

    this.build();
    var dataset = container.dataset;
    var size = parseInt(dataset.size, 10);
    var digit = parseInt(dataset.digit, 10);
    var preset = dataset.preset && this.presets[dataset.preset] ? dataset.preset : this.presetNames[0];
    this.set({
      digit: digit >= 0 && digit < count ? digit : 0,
      size: SIZES.indexOf(size) >= 0 ? size : 3,
      preset: preset,
      relu: isOn(dataset.relu, true),
      pool: isOn(dataset.pool, false),
    });
  }

  Playground.prototype.build = function () {
    var self = this;
    var root = el("div", { className: "cnn-pg", role: "group", "aria-label": book.t("Filter playground") });

    var controls = el("div", { className: "cnn-pg-controls" }, root);
    this.digitSelect = el("select", { className: "cnn-pg-digit" });
    // Listed by digit, then by test-set position; the value is the position in the data's list.
    var order = this.indices.map(function (_, i) { return i; });
    order.sort(function (a, b) {
      return self.labels[a] - self.labels[b] || self.indices[a] - self.indices[b];
    });
    order.forEach(function (i) {
      el("option", {
        value: String(i),
        text: book.t("{digit} (test image {index})", { digit: self.labels[i], index: self.indices[i] }),
      }, self.digitSelect);
    });
    labelled(controls, book.t("Digit"), this.digitSelect);

    this.sizeSelect = el("select", { className: "cnn-pg-size" });
    SIZES.forEach(function (k) {
      el("option", { value: String(k), text: k + " x " + k }, self.sizeSelect);
    });
    labelled(controls, book.t("Kernel size"), this.sizeSelect);

    this.presetSelect = el("select", { className: "cnn-pg-preset" });
    this.presetNames.forEach(function (name) {
      el("option", { value: name, text: book.t(name) }, self.presetSelect);
    });
    el("option", { value: CUSTOM, text: book.t("custom") }, this.presetSelect);
    labelled(controls, book.t("Preset"), this.presetSelect);

    this.reluBox = el("input", { type: "checkbox", className: "cnn-pg-relu" });
    labelled(controls, book.t("ReLU"), this.reluBox).classList.add("cnn-pg-toggle");
    this.poolBox = el("input", { type: "checkbox", className: "cnn-pg-pool" });
    labelled(controls, book.t("2x2 max-pool"), this.poolBox).classList.add("cnn-pg-toggle");

    var panels = el("div", { className: "cnn-pg-panels" }, root);
    function panel(name, className) {
      var figure = el("figure", { className: "cnn-pg-panel " + className }, panels);
      el("div", { className: "cnn-pg-panel-title", text: name }, figure);
      var canvas = el("canvas", { role: "img", className: "cnn-pg-canvas" }, figure);
      var caption = el("figcaption", { className: "cnn-pg-caption" }, figure);
      return { figure: figure, canvas: canvas, caption: caption };
    }
    var input = panel(book.t("Input"), "cnn-pg-input");
    var kernel = panel(book.t("Kernel"), "cnn-pg-kernel");
    var output = panel(book.t("Output"), "cnn-pg-output");
    this.inputCanvas = input.canvas;
    this.kernelCanvas = kernel.canvas;
    this.outputCanvas = output.canvas;
    this.inputCaption = input.caption;
    this.kernelCaption = kernel.caption;
    this.outputCaption = output.caption;
    this.inputRaster = new book.Raster(input.canvas, 196);
    this.kernelRaster = new book.Raster(kernel.canvas, 120);
    this.outputRaster = new book.Raster(output.canvas, 196);

    this.grid = el("div", { className: "cnn-pg-grid", role: "group", "aria-label": book.t("Kernel weights") });
    kernel.figure.insertBefore(this.grid, kernel.caption);

    var scale = el("div", { className: "cnn-pg-scale", "aria-hidden": "true" });
    output.figure.insertBefore(scale, output.caption);
    el("div", { className: "cnn-pg-scale-bar", style: "background: " + book.gradient(this.map, 11) }, scale);
    var ticks = el("div", { className: "cnn-pg-scale-ticks" }, scale);
    this.scaleLow = el("span", {}, ticks);
    el("span", { text: "0" }, ticks);
    this.scaleHigh = el("span", {}, ticks);

    this.status = el("p", { className: "cnn-pg-status", "aria-live": "polite" }, root);
    this.message = el("p", { className: "cnn-pg-message", "aria-live": "polite" }, root);

    this.digitSelect.addEventListener("change", function () {
      self.set({ digit: parseInt(self.digitSelect.value, 10) });
    });
    this.sizeSelect.addEventListener("change", function () {
      self.set({ size: parseInt(self.sizeSelect.value, 10) });
    });
    this.presetSelect.addEventListener("change", function () {
      if (self.presetSelect.value !== CUSTOM) self.set({ preset: self.presetSelect.value });
      else self.preset = CUSTOM;
    });
    this.reluBox.addEventListener("change", function () {
      self.set({ relu: self.reluBox.checked });
    });
    this.poolBox.addEventListener("change", function () {
      self.set({ pool: self.poolBox.checked });
    });
    // One listener for all the cells (they are rebuilt when the size changes).
    this.grid.addEventListener("input", function (event) {
      var cell = event.target;
      if (cell && cell.dataset && cell.dataset.cell !== undefined) self.cellInput(cell);
    });

    this.container.textContent = "";
    this.container.appendChild(root);
  };

  Playground.prototype.buildGrid = function () {
    var k = this.k;
    this.grid.textContent = "";
    this.grid.style.gridTemplateColumns = "repeat(" + k + ", minmax(0, 1fr))";
    this.grid.dataset.size = String(k);
    this.cells = [];
    this.cellValid = [];
    for (var r = 0; r < k; r++) {
      for (var c = 0; c < k; c++) {
        var cell = el("input", {
          type: "number",
          step: "any",
          inputmode: "decimal",
          className: "cnn-pg-cell",
          "aria-label": book.t("Kernel weight, row {row}, column {column}", { row: r + 1, column: c + 1 }),
        }, this.grid);
        cell.dataset.cell = String(r * k + c);
        this.cells.push(cell);
        this.cellValid.push(true);
      }
    }
  };

  Playground.prototype.showKernel = function () {
    for (var i = 0; i < this.k * this.k; i++) {
      this.cells[i].value = fmt(this.kernel[i]);
      this.cells[i].removeAttribute("aria-invalid");
      this.cellValid[i] = true;
    }
  };

  // The k x k kernel with the 3x3 `small` (flat or nested) in its centre.
  Playground.prototype.setKernelFrom = function (values, k) {
    var flat = [];
    values.forEach(function (row) {
      if (Array.isArray(row)) row.forEach(function (v) { flat.push(Number(v)); });
      else flat.push(Number(row));
    });
    var side = Math.round(Math.sqrt(flat.length));
    if (side * side !== flat.length || flat.some(function (v) { return !isFinite(v); })) {
      throw new Error("cnnPlayground: a kernel is a square list of finite numbers");
    }
    var kernel = new Float64Array(k * k);
    var offset = (k - side) >> 1;
    for (var r = 0; r < side; r++) {
      for (var c = 0; c < side; c++) {
        var rr = r + offset, cc = c + offset;
        if (rr >= 0 && rr < k && cc >= 0 && cc < k) kernel[rr * k + cc] = flat[r * side + c];
      }
    }
    this.kernel.fill(0);
    this.kernel.set(kernel);
  };

  Playground.prototype.currentKernel = function () {
    var rows = [];
    for (var r = 0; r < this.k; r++) {
      rows.push(Array.prototype.slice.call(this.kernel.subarray(r * this.k, (r + 1) * this.k)));
    }
    return rows;
  };

  Playground.prototype.set = function (options) {
    options = options || {};
    var count = this.indices.length;
    if (options.index !== undefined) {
      var position = this.indices.indexOf(Number(options.index));
      if (position < 0) throw new Error("cnnPlayground: test image " + options.index + " is not in the list");
      options.digit = position;
    }
    if (options.digit !== undefined) {
      var digit = Number(options.digit);
      if (!(digit >= 0 && digit < count && Math.floor(digit) === digit)) {
        throw new Error("cnnPlayground: digit is a position from 0 to " + (count - 1));
      }
      this.digit = digit;
      var base = digit * this.size * this.size;
      for (var i = 0; i < this.image.length; i++) this.image[i] = this.pixels[base + i] / 255;
      this.digitSelect.value = String(digit);
    }
    var kernelChanged = false;
    if (options.size !== undefined) {
      var size = Number(options.size);
      if (SIZES.indexOf(size) < 0) throw new Error("cnnPlayground: size is 3 or 5");
      if (size !== this.k || !this.cells) {
        var old = this.currentKernel();
        this.k = size;
        this.buildGrid();
        this.setKernelFrom(old, size); // 3 -> 5: in the centre; 5 -> 3: the centre
        kernelChanged = true;
      }
      this.sizeSelect.value = String(size);
    }
    if (options.preset !== undefined && options.preset !== CUSTOM) {
      if (!this.presets[options.preset]) {
        throw new Error("cnnPlayground: preset is one of " + this.presetNames.join(", "));
      }
      this.setKernelFrom(this.presets[options.preset], this.k);
      this.preset = options.preset;
      kernelChanged = true;
    }
    if (options.kernel !== undefined) {
      this.setKernelFrom(options.kernel, this.k);
      this.preset = CUSTOM;
      kernelChanged = true;
    } else if (kernelChanged && options.preset === undefined) {
      this.preset = CUSTOM; // resized: keep the name only if it still describes the weights
      for (var p = 0; p < this.presetNames.length; p++) {
        if (this.kernelEquals(this.presets[this.presetNames[p]])) this.preset = this.presetNames[p];
      }
    }
    if (kernelChanged) this.showKernel();
    this.presetSelect.value = this.preset;
    if (options.relu !== undefined) this.relu = !!options.relu;
    if (options.pool !== undefined) this.pool = !!options.pool;
    this.reluBox.checked = this.relu;
    this.poolBox.checked = this.pool;
    this.redraw(true);
    return this.state();
  };

  Playground.prototype.kernelEquals = function (preset) {
    var k = this.k, offset = (k - 3) >> 1;
    for (var r = 0; r < k; r++) {
      for (var c = 0; c < k; c++) {
        var inside = r >= offset && r < offset + 3 && c >= offset && c < offset + 3;
        var want = inside ? preset[r - offset][c - offset] : 0;
        if (this.kernel[r * k + c] !== want) return false;
      }
    }
    return true;
  };

  // A typed cell: parse it; if it is not a number, mark it and keep the last good output.
  Playground.prototype.cellInput = function (cell) {
    var i = Number(cell.dataset.cell);
    var text = cell.value.trim();
    var value = text === "" || cell.validity.badInput ? NaN : Number(text);
    if (isFinite(value)) {
      this.kernel[i] = value;
      this.cellValid[i] = true;
      cell.removeAttribute("aria-invalid");
    } else {
      this.cellValid[i] = false;
      cell.setAttribute("aria-invalid", "true");
    }
    this.preset = CUSTOM;
    this.presetSelect.value = CUSTOM;
    if (this.cellValid[i]) this.redraw(false);
    else {
      this.showMessage(); // keep the last good output
      this.describeKernel();
    }
  };

  Playground.prototype.invalidCells = function () {
    var bad = [];
    for (var i = 0; i < this.cellValid.length; i++) {
      if (!this.cellValid[i]) {
        bad.push(book.t("row {row}, column {column}", { row: Math.floor(i / this.k) + 1, column: (i % this.k) + 1 }));
      }
    }
    return bad;
  };

  Playground.prototype.compute = function () {
    var n = this.size, k = this.k, before = (k - 1) >> 1;
    var image = this.image, kernel = this.kernel, conv = this.conv, relu = this.relu;
    for (var y = 0; y < n; y++) {
      for (var x = 0; x < n; x++) {
        var sum = 0;
        for (var a = 0; a < k; a++) {
          var row = y + a - before;
          if (row < 0 || row >= n) continue;
          var rowBase = row * n, kernelBase = a * k;
          for (var b = 0; b < k; b++) {
            var col = x + b - before;
            if (col < 0 || col >= n) continue;
            sum += image[rowBase + col] * kernel[kernelBase + b];
          }
        }
        conv[y * n + x] = relu && sum < 0 ? 0 : sum;
      }
    }
    var out = this.out;
    if (this.pool) {
      var m = n >> 1, pooled = this.pooled;
      for (var py = 0; py < m; py++) {
        for (var px = 0; px < m; px++) {
          var i = 2 * py * n + 2 * px;
          var best = conv[i];
          if (conv[i + 1] > best) best = conv[i + 1];
          if (conv[i + n] > best) best = conv[i + n];
          if (conv[i + n + 1] > best) best = conv[i + n + 1];
          pooled[py * m + px] = best;
        }
      }
      out.values = pooled;
      out.height = out.width = m;
    } else {
      out.values = conv;
      out.height = out.width = n;
    }
    var values = out.values, low = Infinity, high = -Infinity;
    for (var j = 0; j < values.length; j++) {
      var v = values[j];
      if (v < low) low = v;
      if (v > high) high = v;
    }
    out.min = low;
    out.max = high;
  };

  Playground.prototype.describeOutput = function () {
    var out = this.out;
    return book.t("{height} x {width}, values from {min} to {max}, {relu}, {pool}", {
      height: out.height,
      width: out.width,
      min: fmt2(out.min),
      max: fmt2(out.max),
      relu: book.t(this.relu ? "after ReLU" : "no ReLU"),
      pool: book.t(this.pool ? "after 2x2 max-pool" : "no pooling"),
    });
  };

  // The note under the playground: which cells are not numbers (their last valid value still counts).
  Playground.prototype.showMessage = function () {
    var bad = this.invalidCells();
    var cells = bad.length ? bad.reduce(function (list, item) {
      return book.t("{list}; {item}", { list: list, item: item });
    }) : "";
    var text = "";
    if (bad.length === 1) {
      text = book.t("Kernel weight {cells} is not a number: until it is, the output uses its last valid value.",
        { cells: cells });
    } else if (bad.length > 1) {
      text = book.t("Kernel weight {cells} are not a number: until it is, the output uses its last valid value.",
        { cells: cells });
    }
    if (this.message.textContent !== text) this.message.textContent = text;
    this.message.classList.toggle("cnn-pg-warning", bad.length > 0);
  };

  // The kernel's caption and label (its picture is the last one drawn from valid weights).
  Playground.prototype.describeKernel = function () {
    var k = this.k;
    var name = book.t(this.preset);
    if (this.preset !== CUSTOM && k > 3) name = book.t("{name} (in the centre)", { name: name });
    var range = this.kernelRange;
    this.kernelCanvas.setAttribute("aria-label", range ?
      book.t("Kernel: {k} x {k} {name}, weights from {low} to {high}; orange negative, purple positive",
        { k: k, name: name, low: range.low, high: range.high }) :
      book.t("Kernel: {k} x {k} {name}", { k: k, name: name }));
    this.kernelCaption.textContent = book.t("{k} x {k}, {name}", { k: k, name: name });
  };

  // inputChanged: the digit may have changed too (redraw the input image and its label).
  Playground.prototype.redraw = function (inputChanged) {
    var start = performance.now();
    this.showMessage();
    var n = this.size;
    if (inputChanged) {
      this.inputRaster.draw(this.image, n, n, GREY);
      var inputText = book.t(
        "Input: digit {digit} (MNIST test image {index}), {n} x {n}, grey levels 0 (white) to 1 (black)",
        { digit: this.labels[this.digit], index: this.indices[this.digit], n: n });
      this.inputCanvas.setAttribute("aria-label", inputText);
      this.inputCaption.textContent = book.t("{n} x {n}, test image {index}", { n: n, index: this.indices[this.digit] });
    }

    var k = this.k, kernelLimit = 0, kernelLow = Infinity, kernelHigh = -Infinity;
    for (var i = 0; i < k * k; i++) {
      var w = this.kernel[i];
      if (Math.abs(w) > kernelLimit) kernelLimit = Math.abs(w);
      if (w < kernelLow) kernelLow = w;
      if (w > kernelHigh) kernelHigh = w;
    }
    this.kernelRaster.draw(this.kernel, k, k, signed(this.map, kernelLimit));
    this.kernelRange = { low: fmt(kernelLow), high: fmt(kernelHigh) };
    this.describeKernel();

    this.compute();
    var out = this.out;
    var limit = Math.max(Math.abs(out.min), Math.abs(out.max));
    this.outputRaster.draw(out.values, out.height, out.width, signed(this.map, limit));
    var description = this.describeOutput();
    this.outputCanvas.setAttribute("aria-label", book.t("Output: {description}", { description: description }));
    this.outputCaption.textContent = out.height + " x " + out.width;
    this.scaleLow.textContent = "\u2212" + fmt2(limit);
    this.scaleHigh.textContent = fmt2(limit);
    this.status.textContent = book.t(
      "Output: {description}. Colours from orange (\u2212{limit}) through white (0) to purple (+{limit}).",
      { description: description, limit: fmt2(limit) });
    this.redraws++;
    this.lastRedrawMs = performance.now() - start;
    this.container.dispatchEvent(new CustomEvent("cnn-playground-redraw", { detail: this.lastRedrawMs }));
  };

  Playground.prototype.state = function () {
    return {
      digit: this.digit,
      index: this.indices[this.digit],
      label: this.labels[this.digit],
      size: this.k,
      kernel: this.currentKernel(),
      preset: this.preset,
      relu: this.relu,
      pool: this.pool,
      valid: this.invalidCells().length === 0,
      redraws: this.redraws,
    };
  };

  Playground.prototype.api = function () {
    var self = this;
    var api = {
      state: function () { return self.state(); },
      set: function (options) { return self.set(options); },
      output: function () {
        var out = self.out;
        return { height: out.height, width: out.width, values: Float64Array.from(out.values),
          min: out.min, max: out.max };
      },
      input: function () {
        return { height: self.size, width: self.size, values: Float64Array.from(self.image) };
      },
      digits: function () {
        return self.indices.map(function (index, i) { return { index: index, label: self.labels[i] }; });
      },
    };
    Object.defineProperty(api, "lastRedrawMs", { get: function () { return self.lastRedrawMs; } });
    return api;
  };

  function setup(container) {
    return Promise.all([book.load("digits"), book.colormap(SIGNED_MAP)]).then(function (loaded) {
      container.cnnPlayground = new Playground(container, loaded[0], loaded[1]).api();
    });
  }

  function start() {
    book = window.CNNBook;
    if (book && book.start) {
      book.addMessages("zh-TW", MESSAGES_ZH_TW);
      el = book.el;
      fmt = book.format.short;
      GREY = book.ink(1);
      book.start(".cnn-playground", "filter playground", setup);
    } else if (document.querySelector(".cnn-playground")) {
      console.warn("playground.js: cnn-book-loader.js is not on the page, the filter playground cannot start");
    }
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
