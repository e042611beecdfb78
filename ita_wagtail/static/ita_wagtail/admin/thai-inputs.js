/* Buddhist-era dates and baht amounts in the admin forms of ita-wagtail.
 *
 * Works with the inputs rendered by ita_wagtail.admin_widgets:
 * - itaInitBuddhistEraChooser() opens Wagtail's own date picker on a B.E.
 *   input (the picker's yearOffset option does the years) and keeps the
 *   chosen day highlighted, which Wagtail's check cannot do for "22/11/2569";
 * - leaving a date input rewrites what the server would read anyway
 *   ("2026-11-22", "22/11/2026", "๒๒/๑๑/๒๕๖๙") as "22/11/2569", so the
 *   editor sees at once how the date was understood;
 * - leaving an amount input rewrites "1980000" as "1,980,000.00".
 * Input the browser cannot read is left as typed: the server explains it.
 */
(function () {
  "use strict";

  var BE_OFFSET = 543;
  // A four-digit year of 2400 or more is B.E. (the server's rule too).
  var BE_THRESHOLD = 2400;
  var THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙";

  function arabicDigits(text) {
    return String(text).replace(/[๐-๙]/g, function (digit) {
      return String(THAI_DIGITS.indexOf(digit));
    });
  }

  function pad(number) {
    return (number < 10 ? "0" : "") + number;
  }

  var ISO_RE =
    /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2})[:.](\d{2})(?:[:.]\d{2})?)?$/;
  var DMY_RE =
    /^(\d{1,2})([\/.-])(\d{1,2})\2(\d{4})(?:\s+(?:เวลา\s*)?(\d{1,2})[:.](\d{2})(?:[:.]\d{2})?(?:\s*น\.?)?)?$/;

  /* {date: Date (C.E.), hasTime} for what an editor typed, or null. */
  function readDate(text) {
    var value = arabicDigits(text).trim();
    var day, month, year, hour, minute;
    var match = ISO_RE.exec(value);
    if (match) {
      year = +match[1];
      month = +match[2];
      day = +match[3];
      hour = match[4];
      minute = match[5];
    } else {
      match = DMY_RE.exec(value);
      if (!match) {
        return null;
      }
      day = +match[1];
      month = +match[3];
      year = +match[4];
      hour = match[5];
      minute = match[6];
    }
    if (year >= BE_THRESHOLD) {
      year -= BE_OFFSET;
    }
    var hasTime = hour !== undefined;
    if (hasTime && (+hour > 23 || +minute > 59)) {
      return null;
    }
    var date = new Date(year, month - 1, day, hasTime ? +hour : 0, hasTime ? +minute : 0);
    date.setFullYear(year); // years below 100 would otherwise be 19xx
    if (date.getMonth() !== month - 1 || date.getDate() !== day) {
      return null;
    }
    return { date: date, hasTime: hasTime };
  }

  function formatDate(date, withTime) {
    var text =
      pad(date.getDate()) + "/" + pad(date.getMonth() + 1) + "/" + (date.getFullYear() + BE_OFFSET);
    if (withTime) {
      text += " " + pad(date.getHours()) + ":" + pad(date.getMinutes());
    }
    return text;
  }

  function normaliseDateInput(input) {
    var withTime = input.getAttribute("data-ita-buddhist-era") === "datetime";
    var read = readDate(input.value);
    if (!read || (read.hasTime && !withTime)) {
      return;
    }
    var text = formatDate(read.date, withTime && read.hasTime);
    if (text !== input.value) {
      input.value = text;
      input.dispatchEvent(new Event("change", { bubbles: true }));
    }
  }

  var GROUP_SPACE_RE = /(\d)[\s\u00a0\u202f]+(?=\d{3}(?!\d))/g;
  var AMOUNT_RE = /^(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?$/;

  function normaliseAmountInput(input) {
    var value = arabicDigits(input.value)
      .trim()
      .replace(/\s*บาท$/, "")
      .replace(/^฿\s*/, "")
      .replace(GROUP_SPACE_RE, "$1,");
    var match = AMOUNT_RE.exec(value);
    if (!match) {
      return;
    }
    var whole = match[1].replace(/,/g, "").replace(/^0+(?=\d)/, "");
    var cents = ((match[2] || "") + "00").slice(0, 2);
    var text = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",") + "." + cents;
    if (text !== input.value) {
      input.value = text;
      input.dispatchEvent(new Event("change", { bubbles: true }));
    }
  }

  document.addEventListener("focusout", function (event) {
    var input = event.target;
    if (!(input instanceof HTMLInputElement) || input.readOnly || input.disabled) {
      return;
    }
    if (input.hasAttribute("data-ita-buddhist-era")) {
      normaliseDateInput(input);
    } else if (input.hasAttribute("data-ita-amount")) {
      normaliseAmountInput(input);
    }
  });

  /* Wagtail's initDateChooser / initDateTimeChooser, B.E. when configured. */
  window.itaInitBuddhistEraChooser = function (id, config, withTime) {
    var init = withTime ? window.initDateTimeChooser : window.initDateChooser;
    if (!config || !config.itaBuddhistEra) {
      init(id, config);
      return;
    }
    var options = Object.assign({}, config, {
      // Wagtail's own onGenerate un-highlights the chosen day unless
      // new Date(value) reads the input, which it cannot for B.E. text.
      onGenerate: function (current, $input) {
        var read = readDate($input[0].value);
        var same =
          read &&
          read.date.getFullYear() === current.getFullYear() &&
          read.date.getMonth() === current.getMonth() &&
          read.date.getDate() === current.getDate();
        if (!same) {
          window
            .jQuery(this)
            .find(".xdsoft_datepicker .xdsoft_current:not(.xdsoft_today)")
            .removeClass("xdsoft_current");
        }
      },
    });
    delete options.itaBuddhistEra;
    init(id, options);
  };
})();
