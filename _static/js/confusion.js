// The clickable confusion matrix of 07_confusion_matrix: a 10x10 table of buttons (rows: true
// label, columns: prediction); choosing a cell shows the test images behind its count.
// Data: _static/web/confusion.js (cnn_lib.web.confusion_examples), loaded by CNNBook.load.
// Runs only where the page has <div class="cnn-confusion" data-label=".." data-predict="..">.
// For tests, each container gets container.cnnConfusion = {select, selected, shown, counts}.
// Keyboard: the table keeps its native table semantics (headers for screen readers) and its 100
// buttons share one Tab stop, a "roving tabindex": the one cell with tabindex="0" is the selected
// cell at first, then the last focused one; the arrow keys, Home and End (with Ctrl: the first or
// last row) move the focus and that Tab stop; Enter or Space, the buttons' own keys, select.
(function () {
  "use strict";
  // Sphinx may add this file before cnn-book-loader.js, so CNNBook is looked up once the page is parsed.
  var book = null;

  var CLASSES = 10;
  var SCALE = 3; // thumbnails: 28x28 drawn at 3x, pixelated
  // matplotlib's "cividis" (plots.COUNT_CMAP), sampled at 9 evenly spaced points.
  var CIVIDIS = ["#00224e", "#1a386f", "#434e6c", "#61656f", "#7d7c78", "#9b9476", "#bcae6c", "#dec958", "#fee838"];
  var WORDS = ["zeros", "ones", "twos", "threes", "fours", "fives", "sixes", "sevens", "eights", "nines"];

  function hexToRgb(hex) {
    var n = parseInt(hex.slice(1), 16);
    return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
  }
  var STOPS = CIVIDIS.map(hexToRgb);

  // t in [0, 1] -> "rgb(...)" by linear interpolation between the cividis samples.
  function cividis(t) {
    t = Math.min(1, Math.max(0, t)) * (STOPS.length - 1);
    var i = Math.min(STOPS.length - 2, Math.floor(t));
    var f = t - i;
    var rgb = [0, 1, 2].map(function (k) {
      return Math.round(STOPS[i][k] + f * (STOPS[i + 1][k] - STOPS[i][k]));
    });
    return "rgb(" + rgb.join(", ") + ")";
  }

  function format(n) {
    return Number(n).toLocaleString("en-US");
  }

  function plural(n, one, many) {
    return format(n) + " " + (n === 1 ? one : many);
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function readInt(value, fallback) {
    var n = parseInt(value, 10);
    return n >= 0 && n < CLASSES ? n : fallback;
  }

  function build(container, data) {
    var counts = data.counts;
    var size = data.size;
    var pixels = book.decode(data.pixels, "uint8");
    var total = 0;
    var largest = 2;
    counts.forEach(function (row) {
      row.forEach(function (count) {
        total += count;
        largest = Math.max(largest, count);
      });
    });

    // Thumbnails: one 28x28 PNG per test image (dark ink on white paper), made on first use.
    var canvas = document.createElement("canvas");
    canvas.width = canvas.height = size;
    var context = canvas.getContext("2d");
    var urls = {};
    function thumbnailUrl(position) {
      if (urls[position]) return urls[position];
      var image = context.createImageData(size, size);
      var offset = position * size * size;
      for (var p = 0; p < size * size; p++) {
        var ink = 255 - pixels[offset + p];
        image.data[4 * p] = image.data[4 * p + 1] = image.data[4 * p + 2] = ink;
        image.data[4 * p + 3] = 255;
      }
      context.putImageData(image, 0, 0);
      urls[position] = canvas.toDataURL("image/png");
      return urls[position];
    }

    // The table.
    var scroller = el("div", "cnn-confusion-scroll");
    var table = el("table", "cnn-confusion-table");
    // The caption is for screen readers; the legend above the table (which may scroll sideways
    // on a phone) says the same on screen.
    var caption = el(
      "caption",
      "cnn-confusion-caption",
      "Confusion matrix of the book's network on the " +
        format(total) +
        " test images: rows are the true label, columns the prediction. " +
        "Each cell is a button; choose one to see its images below the table. " +
        "The arrow keys move between the cells."
    );
    table.appendChild(caption);
    var legend = el(
      "p",
      "cnn-confusion-legend",
      "Rows: true label \u00b7 columns: prediction \u00b7 colour: count on a log scale. " +
        "Choose a cell to see its test images."
    );
    legend.setAttribute("aria-hidden", "true");
    var head = el("thead");
    var top = el("tr");
    var corner = el("td", "cnn-confusion-corner");
    corner.colSpan = 2;
    corner.rowSpan = 2;
    top.appendChild(corner);
    var predictedHeader = el("th", "cnn-confusion-axis cnn-confusion-axis-predict", "predicted");
    predictedHeader.colSpan = CLASSES;
    predictedHeader.scope = "colgroup";
    top.appendChild(predictedHeader);
    head.appendChild(top);
    var digitsRow = el("tr");
    for (var c = 0; c < CLASSES; c++) {
      var colHeader = el("th", "cnn-confusion-digit", String(c));
      colHeader.scope = "col";
      digitsRow.appendChild(colHeader);
    }
    head.appendChild(digitsRow);
    table.appendChild(head);

    var body = el("tbody");
    var buttons = [];
    for (var label = 0; label < CLASSES; label++) {
      var row = el("tr");
      if (label === 0) {
        var labelHeader = el("th", "cnn-confusion-axis cnn-confusion-axis-label");
        labelHeader.appendChild(el("span", "", "true label"));
        labelHeader.rowSpan = CLASSES;
        labelHeader.scope = "rowgroup";
        row.appendChild(labelHeader);
      }
      var rowHeader = el("th", "cnn-confusion-digit", String(label));
      rowHeader.scope = "row";
      row.appendChild(rowHeader);
      buttons.push([]);
      for (var predict = 0; predict < CLASSES; predict++) {
        var count = counts[label][predict];
        var cell = el("td");
        var button = el("button", "cnn-confusion-cell", String(count));
        button.type = "button";
        button.dataset.label = label;
        button.dataset.predict = predict;
        button.dataset.count = count;
        button.setAttribute("aria-pressed", "false");
        button.tabIndex = -1; // one Tab stop for the whole table: see setTabStop
        button.setAttribute(
          "aria-label",
          "label " + label + " predicted as " + predict + ": " + plural(count, "test image", "test images")
        );
        if (label === predict) button.classList.add("cnn-confusion-diagonal");
        if (count === 0) {
          button.classList.add("cnn-confusion-zero");
        } else {
          // Log scale as in plots.plot_confusion_matrix: LogNorm(vmin=1, vmax=largest).
          button.style.backgroundColor = cividis(Math.log(count) / Math.log(largest));
          button.style.color = count > 30 ? "#000" : "#fff";
        }
        cell.appendChild(button);
        row.appendChild(cell);
        buttons[label].push(button);
      }
      body.appendChild(row);
    }
    table.appendChild(body);
    scroller.appendChild(table);

    // What the chosen cell holds.
    var detail = el("div", "cnn-confusion-detail");
    var summary = el("p", "cnn-confusion-summary");
    summary.setAttribute("aria-live", "polite");
    var note = el("p", "cnn-confusion-note");
    var gallery = el("ul", "cnn-confusion-thumbs");
    gallery.setAttribute("aria-label", "test images of the chosen cell");
    detail.appendChild(summary);
    detail.appendChild(note);
    detail.appendChild(gallery);

    var selected = null;
    var shown = [];
    var tabStop = null; // the one cell in the page's tab order

    function setTabStop(button) {
      if (button === tabStop) return;
      if (tabStop) tabStop.tabIndex = -1;
      tabStop = button;
      tabStop.tabIndex = 0;
    }

    function select(label, predict) {
      label = readInt(label, -1);
      predict = readInt(predict, -1);
      if (label < 0 || predict < 0) throw new Error("cnnConfusion.select: expected two digits 0-9");
      if (selected) selected.setAttribute("aria-pressed", "false");
      selected = buttons[label][predict];
      selected.setAttribute("aria-pressed", "true");
      // A click does not focus a button in every browser (Safari): the chosen cell becomes the Tab stop.
      setTabStop(selected);
      container.dataset.selected = label + "," + predict;

      var count = counts[label][predict];
      var positions = data.cells[label][predict];
      shown = positions.map(function (position) {
        return data.indices[position];
      });
      var title = label + " read as " + predict;
      var text;
      if (count === 0) {
        text = "none of the " + format(total) + " test images";
      } else if (label === predict) {
        var rowTotal = counts[label].reduce(function (a, b) {
          return a + b;
        }, 0);
        text =
          (shown.length < count ? "the first " + format(shown.length) + " of " : "all ") +
          format(count) +
          " correct (of " +
          format(rowTotal) +
          " " +
          WORDS[label] +
          ")";
      } else {
        text =
          (shown.length < count ? "the first " + format(shown.length) + " of " : "") +
          format(count) +
          " of " +
          format(total) +
          " test images";
      }
      summary.textContent = "";
      summary.appendChild(el("strong", "", title));
      summary.appendChild(document.createTextNode(" \u2014 " + text));

      if (count === 0) {
        note.textContent =
          "No test image with label " + label + " was predicted as " + predict + ": there is nothing to show.";
        note.hidden = false;
      } else {
        note.textContent = "";
        note.hidden = true;
      }
      gallery.textContent = "";
      positions.forEach(function (position, k) {
        var index = shown[k];
        var item = el("li", "cnn-confusion-thumb");
        var figure = el("figure");
        var img = el("img");
        img.src = thumbnailUrl(position);
        img.width = size * SCALE;
        img.height = size * SCALE;
        img.alt = "test image " + index + ", label " + label + ", predicted " + predict;
        img.dataset.index = index;
        figure.appendChild(img);
        figure.appendChild(el("figcaption", "", String(index)));
        item.appendChild(figure);
        gallery.appendChild(item);
      });
      gallery.hidden = positions.length === 0;
    }

    // Whichever cell gets the focus (arrow keys, a click, Shift+Tab back) is the table's Tab stop.
    table.addEventListener("focusin", function (event) {
      var target = event.target;
      if (target.classList && target.classList.contains("cnn-confusion-cell")) setTabStop(target);
    });
    // Arrow keys, Home and End move the focus between cells; Enter or Space (the button's own) selects.
    table.addEventListener("keydown", function (event) {
      var target = event.target;
      if (!target.classList || !target.classList.contains("cnn-confusion-cell")) return;
      if (event.altKey || event.metaKey) return; // leave the browser's own shortcuts alone
      var r = +target.dataset.label;
      var c = +target.dataset.predict;
      switch (event.key) {
        case "ArrowUp":
          r = Math.max(0, r - 1);
          break;
        case "ArrowDown":
          r = Math.min(CLASSES - 1, r + 1);
          break;
        case "ArrowLeft":
          c = Math.max(0, c - 1);
          break;
        case "ArrowRight":
          c = Math.min(CLASSES - 1, c + 1);
          break;
        case "Home":
          c = 0;
          if (event.ctrlKey) r = 0;
          break;
        case "End":
          c = CLASSES - 1;
          if (event.ctrlKey) r = CLASSES - 1;
          break;
        default:
          return;
      }
      event.preventDefault();
      setTabStop(buttons[r][c]);
      buttons[r][c].focus();
    });
    table.addEventListener("click", function (event) {
      var button = event.target.closest ? event.target.closest(".cnn-confusion-cell") : null;
      if (button) select(+button.dataset.label, +button.dataset.predict);
    });

    container.textContent = "";
    container.appendChild(legend);
    container.appendChild(scroller);
    container.appendChild(detail);

    var start = [readInt(container.dataset.label, -1), readInt(container.dataset.predict, -1)];
    if (start[0] < 0 || start[1] < 0) start = [0, 0];
    select(start[0], start[1]);

    container.cnnConfusion = {
      select: select,
      selected: function () {
        return selected ? [+selected.dataset.label, +selected.dataset.predict] : null;
      },
      shown: function () {
        return shown.slice();
      },
      counts: function () {
        return counts.map(function (row) {
          return row.slice();
        });
      },
    };
    container.classList.add("cnn-confusion-ready");
  }

  function start() {
    book = window.CNNBook;
    if (!book || !document.querySelector(".cnn-confusion")) return;
    book.onEach(".cnn-confusion", setUp);
  }

  function setUp(container) {
    container.classList.add("cnn-confusion-loading");
    book
      .load("confusion")
      .then(function (data) {
        container.classList.remove("cnn-confusion-loading");
        build(container, data);
      })
      .catch(function (error) {
        container.classList.remove("cnn-confusion-loading");
        container.classList.add("cnn-confusion-failed");
        var message = el(
          "p",
          "cnn-confusion-error",
          "The clickable confusion matrix could not start (" + (error && error.message) + ")."
        );
        container.appendChild(message);
        if (window.console && console.warn) console.warn(error);
      });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
