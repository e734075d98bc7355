// Shared by the HTML book's in-page interactives (playground.js, draw-digit.js, confusion.js).
// Each interactive asks for its data with CNNBook.load(name): the file _static/web/<name>.js,
// written by scripts/export_web_assets.py when the book is built, is added as a script tag only
// on the pages that need it, and registers itself in window.CNNBookData[name].
//
// Besides load, decode and onEach, window.CNNBook gives the interactives one of each of:
//   start(selector, what, setup)  the start/failure/ready protocol (below);
//   el(tag, attributes, parent)   a DOM element;
//   colormap(name), colour(map, t), rgb(map, t), gradient(map, stops)  matplotlib's colour maps;
//   Raster, ink(max), colours(map, low, high)  arrays painted on a canvas, one cell per array value;
//   format.short / fixed / percent / count  numbers as the interactives write them;
//   language, t(english, values), addMessages(language, table)  their texts in the page's language.
(function () {
  "use strict";
  var book = (window.CNNBook = window.CNNBook || {});
  // The page runs the interactives: their no-JavaScript notes (.cnn-no-js) leave the screen (book.css);
  // printed, the notes stand in for them.
  document.documentElement.classList.add("cnn-js");
  // This file is _static/js/cnn-book-loader.js, so the data sits in ../web/ beside it.
  var here = document.currentScript ? document.currentScript.src : "";
  var dataRoot = new URL("../web/", here || window.location.href).href;
  var pending = {};

  book.load = function (name) {
    if (!pending[name]) {
      pending[name] = new Promise(function (resolve, reject) {
        var data = window.CNNBookData && window.CNNBookData[name];
        if (data) return resolve(data);
        var script = document.createElement("script");
        script.src = dataRoot + name + ".js";
        script.onload = function () {
          var loaded = window.CNNBookData && window.CNNBookData[name];
          if (loaded) resolve(loaded);
          else reject(new Error("CNNBook: " + script.src + " did not register " + name));
        };
        script.onerror = function () {
          reject(new Error("CNNBook: could not load " + script.src));
        };
        document.head.appendChild(script);
      });
    }
    return pending[name];
  };

  // base64 of little-endian bytes -> Uint8Array or Float32Array (as cnn_lib.web.encode writes them).
  book.decode = function (text, type) {
    var binary = atob(text);
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    if (type === "uint8") return bytes;
    if (type === "float32") {
      var view = new DataView(bytes.buffer);
      var out = new Float32Array(bytes.length / 4);
      for (var j = 0; j < out.length; j++) out[j] = view.getFloat32(4 * j, true);
      return out;
    }
    throw new Error("CNNBook.decode: unknown type " + type);
  };

  // Run fn(element) for every element matching selector once the page is parsed.
  book.onEach = function (selector, fn) {
    function run() {
      document.querySelectorAll(selector).forEach(function (element) {
        if (element.dataset.cnnBookReady) return;
        element.dataset.cnnBookReady = "1";
        fn(element);
      });
    }
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", run);
    else run();
  };

  // ---------------------------------------------------------------------------------------------
  // Start, failure, ready: every container matching selector gets data-cnn-status="loading", then
  // "ready" once setup(container) (which may return a promise) has finished, or "failed": then the
  // console has a warning and the reader is told why in the container's element marked
  // data-cnn-note, or else its .cnn-fallback paragraph (added again if setup removed it).
  // `what` names the interactive for the reader ("filter playground").

  book.start = function (selector, what, setup) {
    book.onEach(selector, function (container) {
      container.dataset.cnnStatus = "loading";
      new Promise(function (resolve) {
        resolve(setup(container));
      }).then(
        function () {
          container.dataset.cnnStatus = "ready";
        },
        function (error) {
          book.fail(container, what, error);
        }
      );
    });
  };

  book.fail = function (container, what, error) {
    container.dataset.cnnStatus = "failed";
    var note =
      container.querySelector("[data-cnn-note]") ||
      container.querySelector(".cnn-fallback") ||
      book.el("p", { className: "cnn-fallback" }, container);
    note.textContent = book.t("The {what} could not start ({why}).", {
      what: book.t(what),
      why: error && error.message ? error.message : error,
    });
    console.warn(error);
  };

  // ---------------------------------------------------------------------------------------------
  // A DOM element: attributes.className and attributes.text set the class and the text; every
  // other key is an attribute ("aria-label", "data-label", "tabindex"...). Appended to parent if given.

  book.el = function (tag, attributes, parent) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (key) {
      var value = attributes[key];
      if (value === undefined) return;
      if (key === "text") node.textContent = value;
      else if (key === "className") node.className = value;
      else node.setAttribute(key, value);
    });
    if (parent) parent.appendChild(node);
    return node;
  };

  // ---------------------------------------------------------------------------------------------
  // The page's language: every text an interactive shows goes through book.t(english, values).
  // Each interactive registers its own translations (book.addMessages) beside its code; English,
  // the language of the code, needs none. {name} in a text is replaced by values[name].

  book.language = (document.documentElement.lang || "en").trim();
  var messages = {}; // language -> {english: translation}
  var used = {}; // every English text shown on this page, for book.untranslated()
  book.addMessages = function (language, table) {
    var into = (messages[language] = messages[language] || {});
    Object.keys(table).forEach(function (english) {
      into[english] = table[english];
    });
  };
  book.t = function (english, values) {
    used[english] = true;
    var table = messages[book.language] || {};
    var text = table[english] || english;
    if (!values) return text;
    return text.replace(/\{(\w+)\}/g, function (whole, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole;
    });
  };
  // For tests: the English texts this page has shown that its language has no translation for.
  book.untranslated = function () {
    if (book.language === "en") return [];
    var table = messages[book.language] || {};
    return Object.keys(used).filter(function (english) {
      return !table[english];
    });
  };

  book.addMessages("zh-TW", {
    "The {what} could not start ({why}).": "{what}無法啟動（{why}）。",
    "filter playground": "濾鏡實驗場",
    "draw-a-digit panel": "手寫數字面板",
    "clickable confusion matrix": "可點選的混淆矩陣",
  });

  // ---------------------------------------------------------------------------------------------
  // Numbers as the interactives write them.

  book.format = {
    // Integers as they are, others to 4 significant digits (kernel weights).
    short: function (value) {
      if (Object.is(value, -0)) value = 0;
      if (Number.isInteger(value)) return String(value);
      return String(parseFloat(value.toPrecision(4)));
    },
    // `digits` decimals; what would round to zero is written as 0 (never "-0.00").
    fixed: function (value, digits) {
      return (Math.abs(value) < 0.5 * Math.pow(10, -digits) ? 0 : value).toFixed(digits);
    },
    // A probability as a percentage with `digits` decimals (default 1): 0.1234 -> "12.3%".
    percent: function (p, digits) {
      return book.format.fixed(100 * p, digits === undefined ? 1 : digits) + "%";
    },
    // A count with thousands separators: 10000 -> "10,000".
    count: function (n) {
      return Number(n).toLocaleString("en-US");
    },
  };

  // ---------------------------------------------------------------------------------------------
  // matplotlib's colour maps, exported at build time (_static/web/colormaps.js,
  // cnn_lib.web.colormap_tables): `size` RGB entries per map.

  var colormaps = {};
  // Promise of {name, size, rgb: Uint8Array(3 * size)}.
  book.colormap = function (name) {
    return book.load("colormaps").then(function (data) {
      if (!colormaps[name]) {
        if (!data.maps[name]) throw new Error("CNNBook.colormap: colormaps.js has no map " + name);
        var rgb = book.decode(data.maps[name], "uint8");
        if (rgb.length !== 3 * data.size) throw new Error("CNNBook.colormap: " + name + " is not " + data.size + " colours");
        colormaps[name] = { name: name, size: data.size, rgb: rgb };
      }
      return colormaps[name];
    });
  };

  // The entry matplotlib uses for t in [0, 1]: floor(t * size), clipped to the table.
  book.colour = function (map, t) {
    var i = Math.floor(t * map.size);
    if (!(i > 0)) return 0;
    return i < map.size ? 3 * i : 3 * (map.size - 1);
  };

  book.rgb = function (map, t) {
    var i = book.colour(map, t);
    return "rgb(" + map.rgb[i] + ", " + map.rgb[i + 1] + ", " + map.rgb[i + 2] + ")";
  };

  // A left-to-right CSS gradient through the map's colours at `stops` evenly spaced points.
  book.gradient = function (map, stops) {
    var colours = [];
    for (var k = 0; k < stops; k++) colours.push(book.rgb(map, k / (stops - 1)));
    return "linear-gradient(to right, " + colours.join(", ") + ")";
  };

  // ---------------------------------------------------------------------------------------------
  // Painting arrays. A painter is a function (value, rgba, p) that writes the colour of one value
  // into rgba[p..p+2] (alpha is always 255).

  // Grey levels as the book's MNIST figures (matplotlib's "binary"): 0 is white paper, max (default 1)
  // black ink. With uint8 MNIST pixels and max 255, a pixel's level is 255 - its value, exactly.
  book.ink = function (max) {
    max = max || 1;
    var scale = 255 / max;
    return function (value, rgba, p) {
      var g = 255 - Math.round(value <= 0 ? 0 : value >= max ? 255 : value * scale);
      rgba[p] = rgba[p + 1] = rgba[p + 2] = g;
    };
  };

  // A colour map from low to high (matplotlib's Normalize(low, high)); low == high draws the middle.
  book.colours = function (map, low, high) {
    var span = high - low;
    var rgb = map.rgb;
    return function (value, rgba, p) {
      var i = book.colour(map, span > 0 ? (value - low) / span : 0.5);
      rgba[p] = rgb[i];
      rgba[p + 1] = rgb[i + 1];
      rgba[p + 2] = rgb[i + 2];
    };
  };

  // One pixel per array value into a small off-screen canvas, then drawn on `canvas` scaled up
  // without smoothing, at the largest whole number of screen pixels per value that fits maxCells
  // values (maxCells = the array's side: one pixel per value, e.g. for canvas.toDataURL()).
  book.Raster = function (canvas, maxCells) {
    this.canvas = canvas;
    this.context = canvas.getContext("2d");
    this.buffer = document.createElement("canvas");
    this.bufferContext = this.buffer.getContext("2d");
    this.images = {};
    this.maxCells = maxCells;
  };

  book.Raster.prototype.imageData = function (height, width) {
    var key = height + "x" + width;
    if (!this.images[key]) {
      this.images[key] = this.bufferContext.createImageData(width, height);
      var rgba = this.images[key].data;
      for (var i = 3; i < rgba.length; i += 4) rgba[i] = 255;
    }
    return this.images[key];
  };

  // values: height x width, row-major; paint: a painter (book.ink, book.colours).
  book.Raster.prototype.draw = function (values, height, width, paint) {
    var image = this.imageData(height, width);
    var rgba = image.data;
    for (var i = 0, n = height * width; i < n; i++) paint(values[i], rgba, 4 * i);
    if (this.buffer.width !== width || this.buffer.height !== height) {
      this.buffer.width = width;
      this.buffer.height = height;
    }
    this.bufferContext.putImageData(image, 0, 0);
    var cell = Math.max(1, Math.floor(this.maxCells / Math.max(height, width)));
    if (this.canvas.width !== width * cell || this.canvas.height !== height * cell) {
      this.canvas.width = width * cell;
      this.canvas.height = height * cell;
    }
    this.context.imageSmoothingEnabled = false;
    this.context.drawImage(this.buffer, 0, 0, width * cell, height * cell);
  };

  book.Raster.prototype.clear = function () {
    this.context.clearRect(0, 0, this.canvas.width, this.canvas.height);
  };
})();
