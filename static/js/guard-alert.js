// The guard console's alert: a beep when a new risky declaration appears in the
// live part (#live, polled by htmx), if the guard turned the sound on.
// Browsers play sound only after a user gesture: the button is that gesture, and
// the choice is remembered in localStorage (a remembered "on" waits for the first
// click or key on the page). No inline script: served under the CSP.
(function () {
  "use strict";
  var KEY = "phongdich.guard.sound";
  var audio = null;
  var newest = null;

  function soundOn() {
    try {
      return window.localStorage.getItem(KEY) === "on";
    } catch (e) {
      return false;
    }
  }

  function remember(on) {
    try {
      window.localStorage.setItem(KEY, on ? "on" : "off");
    } catch (e) {
      /* private mode: the choice lasts for this page only */
    }
  }

  function context() {
    var Ctx = window.AudioContext || window.webkitAudioContext;
    if (!Ctx) return null;
    if (!audio) audio = new Ctx();
    if (audio.state === "suspended") audio.resume();
    return audio;
  }

  function beep() {
    var ctx = context();
    if (!ctx) return;
    // Three short tones, 880 Hz then 660 Hz then 880 Hz.
    [0, 0.25, 0.5].forEach(function (start, i) {
      var osc = ctx.createOscillator();
      var gain = ctx.createGain();
      osc.type = "square";
      osc.frequency.value = i === 1 ? 660 : 880;
      gain.gain.setValueAtTime(0.0001, ctx.currentTime + start);
      gain.gain.exponentialRampToValueAtTime(0.3, ctx.currentTime + start + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, ctx.currentTime + start + 0.2);
      osc.connect(gain).connect(ctx.destination);
      osc.start(ctx.currentTime + start);
      osc.stop(ctx.currentTime + start + 0.22);
    });
    document.documentElement.dataset.guardBeeps =
      String(Number(document.documentElement.dataset.guardBeeps || "0") + 1);
  }

  function showButton(button) {
    var on = soundOn();
    button.setAttribute("aria-pressed", on ? "true" : "false");
    button.textContent = on ? button.dataset.on : button.dataset.off;
  }

  function newestFlagged() {
    var live = document.getElementById("live");
    return live ? Number(live.dataset.newestFlagged || "0") : 0;
  }

  function checkNew() {
    var latest = newestFlagged();
    if (newest !== null && latest > newest && soundOn()) beep();
    newest = Math.max(newest || 0, latest);
  }

  document.addEventListener("DOMContentLoaded", function () {
    var button = document.getElementById("alert-sound");
    newest = newestFlagged();
    if (button) {
      button.hidden = false;
      showButton(button);
      button.addEventListener("click", function () {
        var on = !soundOn();
        remember(on);
        showButton(button);
        if (on) beep(); // the gesture unlocks the audio; the guard hears the sound once
      });
    }
    // A remembered "on": the first gesture on the page unlocks the audio.
    function unlock() {
      if (soundOn()) context();
      document.removeEventListener("pointerdown", unlock);
      document.removeEventListener("keydown", unlock);
    }
    document.addEventListener("pointerdown", unlock);
    document.addEventListener("keydown", unlock);

    // htmx:load fires on the new #live after each swap (outerHTML: the old one is gone).
    document.body.addEventListener("htmx:load", checkNew);
    document.body.addEventListener("htmx:afterRequest", function (event) {
      var xhr = event.detail && event.detail.xhr;
      if (!xhr || xhr.status !== 204) return;
      var checked = document.getElementById("live-checked");
      if (!checked) return;
      checked.querySelector("time").textContent = new Date().toLocaleTimeString("vi-VN", {
        timeZone: "Asia/Ho_Chi_Minh",
        hour: "2-digit",
        minute: "2-digit",
        second: "2-digit",
        hour12: false,
      });
      checked.hidden = false;
    });
  });
})();
