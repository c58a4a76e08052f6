/* Ticket scanner console page (tickets/scanner.html): redeem a scanned QR through the merchant API;
   a retry of the same scan keeps its scan_id. */
(function () {
  var form = document.getElementById("scan-form");
  var qr = document.getElementById("qr");
  var persons = document.getElementById("persons");
  var device = document.getElementById("device");
  var button = document.getElementById("redeem-btn");
  var result = document.getElementById("result");
  var csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  var last = null; // {qr, persons, scanId}: a retry of the same scan keeps its scan_id

  function uuid() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    return "10000000-1000-4000-8000-100000000000".replace(/[018]/g, function (c) {
      return (c ^ (crypto.getRandomValues(new Uint8Array(1))[0] & (15 >> (c / 4)))).toString(16);
    });
  }
  function esc(s) { var d = document.createElement("div"); d.textContent = s == null ? "" : String(s); return d.innerHTML; }
  function show(kind, html) { result.className = "scan-result " + kind; result.innerHTML = html; result.hidden = false; }

  try { device.value = localStorage.getItem("scanner-device") || ""; } catch (e) {}

  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    var payload = qr.value.trim();
    if (!payload) { qr.focus(); return; }
    var n = persons.value ? parseInt(persons.value, 10) : null;
    if (!last || last.qr !== payload || last.persons !== n || last.done) {
      last = {qr: payload, persons: n, scanId: uuid(), done: false};
    }
    try { localStorage.setItem("scanner-device", device.value); } catch (e) {}
    var body = {qr: payload, scan_id: last.scanId, device: device.value};
    if (n) body.persons = n;
    button.disabled = true;
    fetch("/api/v1/merchant/redemptions/", {
      method: "POST", credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRFToken": csrf, "Accept": "application/json"},
      body: JSON.stringify(body)
    }).then(function (resp) {
      return resp.json().then(function (data) { return {ok: resp.ok, data: data}; });
    }).then(function (r) {
      last.done = true;
      var d = r.data;
      if (r.ok) {
        var t = d.ticket || {};
        show(d.duplicate ? "dup" : "ok",
          '<span class="big">' + (d.duplicate ? "重复扫描（已核销，不重复计数）" : "核销成功 ✓") + "</span>" +
          esc(t.product_name) + " · 本次 <b>" + esc(d.persons) + "</b> 人" +
          (t.joint ? " · 联票" : " · 剩余 " + esc(t.remaining_persons) + " 人") +
          "<br><span class='small'>票号 " + esc(t.code) + " · 日期 " + esc(t.day) +
          (t.holders && t.holders.length ? " · 持票人 " + esc(t.holders.join("、")) : "") + "</span>");
        qr.value = ""; persons.value = "";
      } else {
        show("bad", '<span class="big">不能核销</span>' + esc(d.message || "核销失败") +
          " <span class='small muted'>(" + esc(d.code) + ")</span>");
      }
    }).catch(function () {
      show("bad", '<span class="big">网络异常</span>请再次点击「核销」重试（同一次扫描不会重复计数）。');
    }).finally(function () { button.disabled = false; qr.focus(); });
  });

  // Camera scanning where the browser has BarcodeDetector (Chrome on Android, etc.).
  if ("BarcodeDetector" in window && navigator.mediaDevices && navigator.mediaDevices.getUserMedia) {
    var camBtn = document.getElementById("camera-btn");
    var video = document.getElementById("camera");
    camBtn.hidden = false;
    camBtn.addEventListener("click", function () {
      var detector = new BarcodeDetector({formats: ["qr_code"]});
      navigator.mediaDevices.getUserMedia({video: {facingMode: "environment"}}).then(function (stream) {
        video.srcObject = stream; video.style.display = "block"; video.play();
        var seen = {raw: "", at: 0};
        var tick = function () {
          detector.detect(video).then(function (codes) {
            var raw = codes.length ? codes[0].rawValue : "";
            if (raw && (raw !== seen.raw || Date.now() - seen.at > 8000)) {
              seen = {raw: raw, at: Date.now()}; // the same code in front of the camera is sent once
              qr.value = raw;
              form.requestSubmit();
            }
          }).catch(function () {}).finally(function () { setTimeout(tick, 400); });
        };
        tick();
        camBtn.hidden = true;
      }).catch(function () { show("bad", "无法打开摄像头，请检查浏览器权限，或使用扫码枪。"); });
    });
  }
})();
