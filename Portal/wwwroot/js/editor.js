// Keeps the line-number gutter of each rule-set editor in step with its text. The page works
// without this script: the textarea is rendered as tall as its text, and the gutter then only
// misses lines typed beyond the spare ones.
(function () {
    "use strict";
    const spareLines = 3;

    function renumber(textarea, gutter) {
        const lines = textarea.value.split("\n").length + spareLines;
        if (gutter.childElementCount === lines) {
            return;
        }

        const prefix = textarea.id + "-L";
        while (gutter.childElementCount < lines) {
            const span = document.createElement("span");
            const number = gutter.childElementCount + 1;
            span.id = prefix + number;
            span.textContent = String(number);
            gutter.appendChild(span);
            gutter.appendChild(document.createTextNode("\n"));
        }
        while (gutter.childElementCount > lines) {
            gutter.removeChild(gutter.lastChild);
            gutter.removeChild(gutter.lastChild);
        }
        textarea.rows = lines;
    }

    for (const textarea of document.querySelectorAll("textarea[data-gutter-editor]")) {
        const gutter = textarea.parentElement.querySelector(".gutter");
        textarea.addEventListener("input", () => renumber(textarea, gutter));
        textarea.addEventListener("scroll", () => { gutter.scrollTop = textarea.scrollTop; });
    }
})();
