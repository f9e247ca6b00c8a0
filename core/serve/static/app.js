// The upload page of `reportlint serve`. No inline script anywhere: this file is served as is.
// Uploads go to api/v1/check (relative, so the page works under a proxy's sub-path) with
// include=html,csv; the review page is shown in a sandboxed frame and the downloads are built
// from the same response, so nothing is kept on the server.
"use strict";

(function () {
  const body = document.body;
  const form = document.getElementById("upload");
  const input = document.getElementById("files");
  const drop = document.getElementById("drop");
  const chosen = document.getElementById("chosen");
  const button = document.getElementById("check");
  const status = document.getElementById("status");
  const result = document.getElementById("result");
  const table = document.querySelector("#files-table tbody");
  const frame = document.getElementById("review");
  const tokenRow = document.getElementById("token-row");
  const tokenInput = document.getElementById("token");
  const maxFiles = parseInt(body.dataset.maxFiles || "20", 10);
  const maxBytes = parseFloat(body.dataset.maxMb || "20") * 1024 * 1024;
  const STATUS_CN = { checked: "已检查", refused: "无法读取", timed_out: "检查超时", failed: "检查失败" };
  let files = [];
  let last = null;

  if (body.dataset.tokenRequired === "1") {
    tokenRow.hidden = false;
    tokenInput.value = sessionStorage.getItem("reportlint-token") || "";
  }

  function headers() {
    const token = tokenInput.value.trim();
    if (token) {
      sessionStorage.setItem("reportlint-token", token);
      return { Authorization: "Bearer " + token };
    }
    return {};
  }

  function sizeText(bytes) {
    return bytes < 1024 * 1024 ? (bytes / 1024).toFixed(1) + " KB" : (bytes / 1024 / 1024).toFixed(1) + " MB";
  }

  function setStatus(text, bad) {
    status.textContent = text;
    status.classList.toggle("bad", !!bad);
  }

  function render() {
    chosen.replaceChildren();
    files.forEach((file, index) => {
      const li = document.createElement("li");
      const name = document.createElement("span");
      name.className = "name";
      name.textContent = file.name;
      const size = document.createElement("span");
      size.className = "size";
      size.textContent = sizeText(file.size);
      const remove = document.createElement("button");
      remove.type = "button";
      remove.textContent = "移除";
      remove.addEventListener("click", () => { files.splice(index, 1); render(); });
      li.append(name, size, remove);
      chosen.append(li);
    });
    const total = files.reduce((sum, f) => sum + f.size, 0);
    let problem = "";
    if (files.length > maxFiles) problem = "文件过多：一次最多 " + maxFiles + " 个";
    else if (total > maxBytes) problem = "文件合计 " + sizeText(total) + "，超过上限 " + sizeText(maxBytes);
    button.disabled = files.length === 0 || !!problem;
    setStatus(problem || (files.length ? "已选择 " + files.length + " 个文件" : ""), !!problem);
  }

  function add(list) {
    for (const file of list) {
      if (!files.some((f) => f.name === file.name && f.size === file.size && f.lastModified === file.lastModified)) {
        files.push(file);
      }
    }
    render();
  }

  input.addEventListener("change", () => { add(input.files); input.value = ""; });
  drop.addEventListener("click", (event) => { if (event.target === drop) input.click(); });
  drop.addEventListener("keydown", (event) => { if (event.key === "Enter" || event.key === " ") input.click(); });
  ["dragenter", "dragover"].forEach((type) => drop.addEventListener(type, (event) => {
    event.preventDefault();
    drop.classList.add("over");
  }));
  ["dragleave", "drop"].forEach((type) => drop.addEventListener(type, (event) => {
    event.preventDefault();
    drop.classList.remove("over");
  }));
  drop.addEventListener("drop", (event) => { if (event.dataTransfer) add(event.dataTransfer.files); });

  function cell(row, text, cls) {
    const td = document.createElement("td");
    td.textContent = text;
    if (cls) td.className = cls;
    row.append(td);
    return td;
  }

  function show(data) {
    last = data;
    table.replaceChildren();
    for (const file of data.files) {
      const row = document.createElement("tr");
      row.dataset.status = file.status;
      cell(row, file.path);
      const state = cell(row, STATUS_CN[file.status] || file.status, "st-" + file.status);
      if (file.error) {
        const reason = document.createElement("span");
        reason.className = "reason";
        reason.textContent = file.error;
        state.append(reason);
      }
      cell(row, file.profile || "—");
      cell(row, String(file.errors), "num");
      cell(row, String(file.warnings), "num");
      cell(row, String(file.infos), "num");
      table.append(row);
    }
    frame.srcdoc = data.html || "";
    result.hidden = false;
    const checked = data.files.filter((f) => f.status === "checked").length;
    const failed = data.files.length - checked;
    setStatus("检查完成：" + checked + " 个文件，问题 " + data.findings.length + " 个" +
              (failed ? "；" + failed + " 个文件无法检查" : ""), failed > 0);
  }

  function save(text, name, type) {
    const url = URL.createObjectURL(new Blob([text], { type: type }));
    const link = document.createElement("a");
    link.href = url;
    link.download = name;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  }

  document.getElementById("dl-html").addEventListener("click", () => {
    if (last) save(last.html, "审阅报告.html", "text/html;charset=utf-8");
  });
  document.getElementById("dl-json").addEventListener("click", () => {
    if (last) save(JSON.stringify(last.findings, null, 2) + "\n", "findings.json", "application/json");
  });
  document.getElementById("dl-csv").addEventListener("click", () => {
    if (last) save(last.csv, "findings.csv", "text/csv;charset=utf-8");
  });

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!files.length) return;
    const data = new FormData();
    for (const file of files) data.append("files", file, file.name);
    for (const name of ["select", "ignore", "profile", "fail-on"]) {
      const value = form.elements[name].value.trim();
      if (value) data.append(name, value);
    }
    button.disabled = true;
    setStatus("正在检查 " + files.length + " 个文件……");
    try {
      const response = await fetch("api/v1/check?include=html,csv", { method: "POST", body: data, headers: headers() });
      let payload = null;
      try { payload = await response.json(); } catch (e) { payload = null; }
      if (payload && Array.isArray(payload.files)) {
        show(payload);
      } else {
        const message = payload && payload.error ? payload.error.zh + "（" + payload.error.en + "）" : "HTTP " + response.status;
        setStatus("检查失败：" + message, true);
      }
    } catch (error) {
      setStatus("无法连接服务器：" + error, true);
    } finally {
      button.disabled = files.length === 0;
    }
  });

  fetch("api/v1/profiles", { headers: headers() }).then((r) => (r.ok ? r.json() : [])).then((list) => {
    const select = document.getElementById("opt-profile");
    for (const profile of list) {
      const option = document.createElement("option");
      option.value = profile.name;
      option.textContent = profile.title + "（" + profile.name + "）";
      select.append(option);
    }
  }).catch(() => {});
  render();
})();
