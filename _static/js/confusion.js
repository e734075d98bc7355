// The clickable confusion matrix of 07_confusion_matrix: a 10x10 table of buttons (rows: true
// label, columns: prediction); choosing a cell shows the test images behind its count.
// Data: _static/web/confusion.js (cnn_lib.web.confusion_examples), loaded by CNNBook.load.
// Runs only where the page has <div class="cnn-confusion" data-label=".." data-predict="..">.
// For tests, each container gets container.cnnConfusion = {select, selected, shown, counts}, and
// data-cnn-status="ready" once it is built (CNNBook.start). Colours: matplotlib's cividis, exported
// at build time (_static/web/colormaps.js), on a log scale as plots.plot_confusion_matrix.
// Keyboard: the table keeps its native table semantics (headers for screen readers) and its 100
// buttons share one Tab stop, a "roving tabindex": the one cell with tabindex="0" is the selected
// cell at first, then the last focused one; the arrow keys, Home and End (with Ctrl: the first or
// last row) move the focus and that Tab stop; Enter or Space, the buttons' own keys, select.
(function () {
  "use strict";
  // Sphinx may add this file before cnn-book-loader.js, so CNNBook is looked up once the page is parsed.
  var book = null;

  // The matrix's texts in Traditional Chinese, one entry per text passed to book.t (registered in
  // start(), once the loader is there). {word} is English's name of a row's digits ("zeros",
  // WORDS); a translation may write the digit itself, {digit}, instead.
  var MESSAGES_ZH_TW = {
    "label {label} predicted as {predict}: {count} test image": "標籤 {label} 被預測為 {predict}：{count} 張測試影像",
    "label {label} predicted as {predict}: {count} test images": "標籤 {label} 被預測為 {predict}：{count} 張測試影像",
    "Confusion matrix of the book's network on the {total} test images: rows are the true label, columns the prediction. Each cell is a button; choose one to see its images below the table. The arrow keys move between the cells.":
      "本書網路在 {total} 張測試影像上的混淆矩陣：每一列是真實標籤，每一行是預測結果。每一格都是一個按鈕，選一格就能在表格下方看到它的影像。用方向鍵可以在各格之間移動。",
    "Rows: true label \u00b7 columns: prediction \u00b7 colour: count on a log scale. Choose a cell to see its test images.":
      "列：真實標籤 \u00b7 行：預測結果 \u00b7 顏色：次數（對數刻度）。選一格就能看到它的測試影像。",
    "predicted": "預測結果",
    "true label": "真實標籤",
    "test images of the chosen cell": "所選格子的測試影像",
    "{label} read as {predict}": "{label} 被判讀為 {predict}",
    "none of the {total} test images": "{total} 張測試影像中沒有任何一張",
    "the first {shown} of {count} correct (of {rows} {word})":
      "{count} 張判讀正確的影像中的前 {shown} 張（數字 {digit} 共有 {rows} 張）",
    "all {count} correct (of {rows} {word})": "全部 {count} 張判讀正確的影像（數字 {digit} 共有 {rows} 張）",
    "the first {shown} of {count} of {total} test images": "{total} 張測試影像中的 {count} 張，這裡顯示前 {shown} 張",
    "{count} of {total} test images": "{total} 張測試影像中的 {count} 張",
    " \u2014 {details}": "——{details}",
    "No test image with label {label} was predicted as {predict}: there is nothing to show.":
      "沒有任何標籤為 {label} 的測試影像被預測為 {predict}，所以沒有影像可以顯示。",
    "test image {index}, label {label}, predicted {predict}": "測試影像 {index}，標籤 {label}，預測為 {predict}",
  };

  var CLASSES = 10;
  var SCALE = 3; // thumbnails: 28x28 drawn at 3x, pixelated
  var COUNT_MAP = "cividis"; // as plots.COUNT_CMAP
  var MOVES = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] }; // [row, column]
  var WORDS = ["zeros", "ones", "twos", "threes", "fours", "fives", "sixes", "sevens", "eights", "nines"];
  var format, el; // book.format.count and the DOM factory, once the loader is known

  function readInt(value, fallback) {
    var n = parseInt(value, 10);
    return n >= 0 && n < CLASSES ? n : fallback;
  }

  function build(container, data, map) {
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
    var raster = new book.Raster(document.createElement("canvas"), size);
    var ink = book.ink(255);
    var urls = {};
    function thumbnailUrl(position) {
      if (urls[position]) return urls[position];
      raster.draw(pixels.subarray(position * size * size, (position + 1) * size * size), size, size, ink);
      urls[position] = raster.canvas.toDataURL("image/png");
      return urls[position];
    }

    // The table.
    var scroller = el("div", { className: "cnn-confusion-scroll" });
    var table = el("table", { className: "cnn-confusion-table" });
    // The caption is for screen readers; the legend above the table (which may scroll sideways
    // on a phone) says the same on screen.
    el("caption", {
      className: "cnn-confusion-caption",
      text: book.t(
        "Confusion matrix of the book's network on the {total} test images: rows are the true label, " +
          "columns the prediction. Each cell is a button; choose one to see its images below the table. " +
          "The arrow keys move between the cells.",
        { total: format(total) }
      ),
    }, table);
    var legend = el("p", {
      className: "cnn-confusion-legend",
      "aria-hidden": "true",
      text: book.t(
        "Rows: true label \u00b7 columns: prediction \u00b7 colour: count on a log scale. " +
          "Choose a cell to see its test images."
      ),
    });
    var head = el("thead");
    var top = el("tr");
    el("td", { className: "cnn-confusion-corner", colspan: 2, rowspan: 2 }, top);
    el("th", {
      className: "cnn-confusion-axis cnn-confusion-axis-predict",
      colspan: CLASSES,
      scope: "colgroup",
      text: book.t("predicted"),
    }, top);
    head.appendChild(top);
    var digitsRow = el("tr");
    for (var c = 0; c < CLASSES; c++) el("th", { className: "cnn-confusion-digit", scope: "col", text: String(c) }, digitsRow);
    head.appendChild(digitsRow);
    table.appendChild(head);

    var body = el("tbody");
    var buttons = [];
    for (var label = 0; label < CLASSES; label++) {
      var row = el("tr");
      if (label === 0) {
        var labelHeader = el("th", {
          className: "cnn-confusion-axis cnn-confusion-axis-label",
          rowspan: CLASSES,
          scope: "rowgroup",
        }, row);
        // Sideways like a Latin label (its glyphs too, not stacked upright): then the rotation of
        // confusion.css turns a Chinese label as it turns "true label", to read from the bottom up.
        el("span", { text: book.t("true label"), style: "text-orientation: sideways" }, labelHeader);
      }
      el("th", { className: "cnn-confusion-digit", scope: "row", text: String(label) }, row);
      buttons.push([]);
      for (var predict = 0; predict < CLASSES; predict++) {
        var count = counts[label][predict];
        var button = el("button", {
          className: "cnn-confusion-cell",
          type: "button",
          "data-label": label,
          "data-predict": predict,
          "data-count": count,
          "aria-pressed": "false",
          tabindex: "-1", // one Tab stop for the whole table: see setTabStop
          "aria-label": book.t(
            count === 1 ?
              "label {label} predicted as {predict}: {count} test image" :
              "label {label} predicted as {predict}: {count} test images",
            { label: label, predict: predict, count: format(count) }
          ),
          text: format(count), // as in its name, so that what a reader sees is what is read out
        }, el("td", {}, row));
        if (label === predict) button.classList.add("cnn-confusion-diagonal");
        if (count === 0) {
          button.classList.add("cnn-confusion-zero");
        } else {
          // Log scale as in plots.plot_confusion_matrix: LogNorm(vmin=1, vmax=largest).
          button.style.backgroundColor = book.rgb(map, Math.log(count) / Math.log(largest));
          button.style.color = count > 30 ? "#000" : "#fff";
        }
        buttons[label].push(button);
      }
      body.appendChild(row);
    }
    table.appendChild(body);
    scroller.appendChild(table);

    // What the chosen cell holds.
    var detail = el("div", { className: "cnn-confusion-detail" });
    var summary = el("p", { className: "cnn-confusion-summary" });
    summary.setAttribute("aria-live", "polite");
    var note = el("p", { className: "cnn-confusion-note" });
    var gallery = el("ul", { className: "cnn-confusion-thumbs" });
    gallery.setAttribute("aria-label", book.t("test images of the chosen cell"));
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
      var title = book.t("{label} read as {predict}", { label: label, predict: predict });
      var values = { shown: format(shown.length), count: format(count), total: format(total) };
      var text;
      if (count === 0) {
        text = book.t("none of the {total} test images", values);
      } else if (label === predict) {
        values.rows = format(counts[label].reduce(function (a, b) {
          return a + b;
        }, 0));
        values.word = WORDS[label]; // English's word for the row's digits ("zeros")
        values.digit = label; // the digit itself, for the translations
        text = shown.length < count ?
          book.t("the first {shown} of {count} correct (of {rows} {word})", values) :
          book.t("all {count} correct (of {rows} {word})", values);
      } else {
        text = shown.length < count ?
          book.t("the first {shown} of {count} of {total} test images", values) :
          book.t("{count} of {total} test images", values);
      }
      summary.textContent = "";
      summary.appendChild(el("strong", { text: title }));
      summary.appendChild(document.createTextNode(book.t(" \u2014 {details}", { details: text })));

      if (count === 0) {
        note.textContent = book.t(
          "No test image with label {label} was predicted as {predict}: there is nothing to show.",
          { label: label, predict: predict }
        );
        note.hidden = false;
      } else {
        note.textContent = "";
        note.hidden = true;
      }
      gallery.textContent = "";
      positions.forEach(function (position, k) {
        var index = shown[k];
        var item = el("li", { className: "cnn-confusion-thumb" });
        var figure = el("figure");
        var img = el("img");
        img.src = thumbnailUrl(position);
        img.width = size * SCALE;
        img.height = size * SCALE;
        img.alt = book.t("test image {index}, label {label}, predicted {predict}",
          { index: index, label: label, predict: predict });
        img.dataset.index = index;
        figure.appendChild(img);
        figure.appendChild(el("figcaption", { text: String(index) }));
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
      var move = MOVES[event.key];
      if (move) {
        r = Math.min(CLASSES - 1, Math.max(0, r + move[0]));
        c = Math.min(CLASSES - 1, Math.max(0, c + move[1]));
      } else if (event.key === "Home" || event.key === "End") {
        c = event.key === "Home" ? 0 : CLASSES - 1; // with Ctrl: the first or last row too
        if (event.ctrlKey) r = c;
      } else {
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
  }

  function setUp(container) {
    return Promise.all([book.load("confusion"), book.colormap(COUNT_MAP)]).then(function (loaded) {
      build(container, loaded[0], loaded[1]);
    });
  }

  function start() {
    book = window.CNNBook;
    if (book && book.start) {
      book.addMessages("zh-TW", MESSAGES_ZH_TW);
      format = book.format.count;
      el = book.el;
      book.start(".cnn-confusion", "clickable confusion matrix", setUp);
    } else if (document.querySelector(".cnn-confusion")) {
      console.warn("confusion.js: cnn-book-loader.js is not on the page, the clickable confusion matrix cannot start");
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
