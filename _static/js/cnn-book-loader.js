// Shared by the HTML book's in-page interactives (playground.js, draw-digit.js, confusion.js).
// Each interactive asks for its data with CNNBook.load(name): the file _static/web/<name>.js,
// written by scripts/export_web_assets.py when the book is built, is added as a script tag only
// on the pages that need it, and registers itself in window.CNNBookData[name].
(function () {
  "use strict";
  var book = (window.CNNBook = window.CNNBook || {});
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
})();
