// Scan the QR code on a CCCD card with the camera and hand its text to the
// server-side parser (the same path a USB scanner takes: fill the field, submit).
// Uses the browser's BarcodeDetector when it reads QR codes, otherwise the vendored
// barcode-detector polyfill, whose ZXing wasm is served from our own static files.

const button = document.getElementById("cccd-camera");
const video = document.getElementById("cccd-video");
const status = document.getElementById("cccd-camera-status");
const input = document.getElementById("id_cccd_text");
const submit = document.getElementById("scan-submit");

function say(text) {
  status.hidden = false;
  status.textContent = text;
}

async function nativeDetector() {
  if (!("BarcodeDetector" in window)) return null;
  try {
    const formats = await window.BarcodeDetector.getSupportedFormats();
    return formats.includes("qr_code") ? new window.BarcodeDetector({ formats: ["qr_code"] }) : null;
  } catch {
    return null;
  }
}

async function polyfillDetector() {
  const wasmUrl = new URL(button.dataset.wasm, document.baseURI).href;
  const module = await import(new URL(button.dataset.polyfill, document.baseURI).href);
  module.prepareZXingModule({
    overrides: {
      locateFile: (path, prefix) => (path.endsWith(".wasm") ? wasmUrl : prefix + path),
    },
  });
  return new module.BarcodeDetector({ formats: ["qr_code"] });
}

let stream = null;
let scanning = false;

function stop() {
  scanning = false;
  if (stream) stream.getTracks().forEach((track) => track.stop());
  stream = null;
  video.hidden = true;
  button.textContent = button.dataset.label;
}

async function start() {
  say("Đang mở camera…");
  let detector;
  try {
    detector = (await nativeDetector()) || (await polyfillDetector());
    stream = await navigator.mediaDevices.getUserMedia({
      video: { facingMode: "environment" },
      audio: false,
    });
  } catch (error) {
    stop();
    say("Không mở được camera hoặc bộ đọc mã QR (" + error.name + "). Hãy dùng máy quét hoặc nhập tay.");
    return;
  }
  video.srcObject = stream;
  video.hidden = false;
  await video.play();
  scanning = true;
  button.textContent = "Dừng quét";
  say("Đưa mã QR trên thẻ CCCD vào khung hình.");
  while (scanning) {
    try {
      const codes = await detector.detect(video);
      const found = codes.find((code) => code.rawValue && code.rawValue.includes("|"));
      if (found) {
        input.value = found.rawValue;
        stop();
        say("Đã đọc mã QR, đang điền biểu mẫu…");
        input.form.requestSubmit(submit);
        return;
      }
    } catch {
      // a frame that could not be read: try the next one
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

if (button && video && input && submit && navigator.mediaDevices?.getUserMedia) {
  button.dataset.label = button.textContent;
  button.hidden = false;
  button.addEventListener("click", () => (scanning || stream ? (stop(), say("")) : start()));
}
