// AudioCoach's page: reads the choices, shows the script the server times for them, and makes the session.
// Plain JavaScript served by the program itself; it talks only to /api on the same server (docs/api.md).
"use strict";

const $ = (id) => document.getElementById(id);

const state = {
  routines: [],
  ownFile: null,          // {name, text} of the person's routine file, once it validates
  previewController: null,
  previewTimer: null,
  renderId: null,
  pollTimer: null,
  script: null,
};

// MARK: Small helpers

function clock(seconds) {
  const whole = Math.round(seconds);
  const hours = Math.floor(whole / 3600);
  const minutes = Math.floor((whole % 3600) / 60);
  const secs = String(whole % 60).padStart(2, "0");
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, "0")}:${secs}` : `${minutes}:${secs}`;
}

function spokenLength(seconds) {
  const minutes = Math.floor(seconds / 60);
  const secs = Math.round(seconds % 60);
  return secs === 0 ? `${minutes} minutes` : `${minutes} minutes ${secs} seconds`;
}

function element(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  Object.assign(node, props);
  for (const child of children) node.append(child);
  return node;
}

function showErrors(box, lines, heading) {
  box.replaceChildren();
  if (!lines || lines.length === 0) { box.hidden = true; return; }
  box.append(element("strong", { textContent: heading }));
  const list = element("ul");
  for (const line of lines) list.append(element("li", {}, element("code", { textContent: line })));
  box.append(list);
  box.hidden = false;
}

// The server takes a routine file only with its type said (docs/api.md: no other site may send one).
function routineFileType(name) {
  return name.toLowerCase().endsWith(".json") ? "application/json" : "application/yaml";
}

async function readJSON(response) {
  try { return await response.json(); } catch { return { error: `the server answered ${response.status}`, lines: [] }; }
}

// MARK: Choices

function selectedRoutine() {
  const checked = document.querySelector('input[name="routine"]:checked');
  return checked ? checked.value : "";
}

function selectedLevel() {
  return document.querySelector('input[name="level"]:checked').value;
}

function choices() {
  const choice = { minutes: Number($("minutes-number").value), level: selectedLevel() };
  const voice = $("voice").value;
  if (voice) choice.voice = voice;
  const routine = selectedRoutine();
  if (routine) choice.routine = routine;
  return choice;
}

function previewQuery(choice) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(choice)) query.set(key, String(value));
  return query.toString();
}

/// The length range the chosen routine and level allow, shown beside the slider.
function updateLengthRange() {
  const routine = state.routines.find((r) => r.name === selectedRoutine());
  const range = $("minutes-range");
  const number = $("minutes-number");
  if (!routine) {
    range.min = 1; range.max = 60;
    $("length-hint").textContent = "Your routine file sets the lengths it can take.";
    return;
  }
  const shortest = routine.shortestMinutes[selectedLevel()] || 1;
  const low = Math.max(Math.ceil(shortest * 2) / 2, routine.designedMinutes ? routine.designedMinutes.lowest : 0);
  const high = routine.designedMinutes ? routine.designedMinutes.highest : 60;
  range.min = low; range.max = high;
  number.min = low; number.max = routine.designedMinutes ? high : 180;
  const current = Number(number.value);
  if (current < low || current > high) {
    const fitted = Math.min(high, Math.max(low, current));
    number.value = fitted; range.value = fitted;
  }
  $("length-hint").textContent = `${routine.title}: ${low} to ${high} minutes at this level.`;
}

// MARK: Loading

async function loadRoutines() {
  const response = await fetch("/api/routines");
  const list = await readJSON(response);
  const box = $("routines");
  box.replaceChildren();
  if (!response.ok) { showErrors($("preview-errors"), list.lines, "The routines could not be loaded:"); return; }
  state.routines = list;
  list.forEach((routine, index) => {
    const id = `routine-${routine.name}`;
    const input = element("input", { type: "radio", name: "routine", id, value: routine.name, checked: index === 0 });
    const lengths = routine.designedMinutes
      ? `${routine.designedMinutes.lowest}–${routine.designedMinutes.highest} minutes`
      : `from ${Math.ceil(routine.shortestMinutes.beginner * 2) / 2} minutes`;
    const label = element("label", { htmlFor: id },
      element("span", { className: "routine-title", textContent: routine.title }),
      element("span", { className: "routine-about", textContent: routine.description }),
      element("span", { className: "routine-lengths", textContent: lengths }));
    box.append(element("div", { className: "routine" }, input, label));
  });
}

async function loadVoices() {
  const response = await fetch("/api/voices");
  if (!response.ok) return;
  const voices = await response.json();
  const select = $("voice");
  const ours = element("optgroup", { label: "Our voices" });
  const theirs = element("optgroup", { label: "espeak-ng voices" });
  for (const voice of voices) {
    const option = element("option", { value: voice.name, textContent: voice.isOurs ? `${voice.name}: ${voice.about}` : `${voice.name} (${voice.about})` });
    (voice.isOurs ? ours : theirs).append(option);
  }
  select.append(ours, theirs);
}

// MARK: Preview

function schedulePreview() {
  clearTimeout(state.previewTimer);
  state.previewTimer = setTimeout(preview, 120);
}

async function preview() {
  if (state.previewController) state.previewController.abort();
  const controller = new AbortController();
  state.previewController = controller;
  const own = selectedRoutine() === "";
  if (own && !state.ownFile) {
    $("preview-status").textContent = $("preview-errors").hidden ? "Choose your routine file to see its script." : "";
    $("script").replaceChildren(); $("sections").replaceChildren();
    return;
  }
  const choice = choices();
  let response;
  try {
    if (own) {
      const query = previewQuery(choice) + "&name=" + encodeURIComponent(state.ownFile.name);
      response = await fetch(`/api/preview?${query}`, {
        method: "POST", headers: { "Content-Type": routineFileType(state.ownFile.name) }, body: state.ownFile.text, signal: controller.signal,
      });
    } else {
      response = await fetch(`/api/preview?${previewQuery(choice)}`, { signal: controller.signal });
    }
  } catch (error) {
    if (error.name !== "AbortError") $("preview-status").textContent = "The server cannot be reached; is audiocoach serve still running?";
    return;
  }
  const body = await readJSON(response);
  if (controller.signal.aborted) return;
  if (!response.ok) {
    $("preview-status").textContent = "This session cannot be made as chosen.";
    showErrors($("preview-errors"), body.lines, "What to change:");
    $("render").disabled = true;
    return;
  }
  showErrors($("preview-errors"), [], "");
  $("render").disabled = false;
  showScript(body);
}

function showScript(script) {
  state.script = script;
  $("preview-status").textContent =
    `${script.title}: ${spokenLength(script.duration)} at ${script.level} level, ${script.sections.length} sections.`;
  const nav = $("sections");
  nav.replaceChildren();
  const list = $("script");
  const items = [];
  let next = 0;
  for (const cue of script.cues) {
    while (next < script.sections.length && script.sections[next].start <= cue.start + 1e-6) {
      const section = script.sections[next];
      const id = `section-${next}`;
      items.push(element("li", { className: "section", id, tabIndex: -1 },
        element("time", { textContent: clock(section.start) }), element("span", { textContent: section.title })));
      const link = element("a", { href: `#${id}`, textContent: section.title });
      link.addEventListener("click", (event) => {
        event.preventDefault();
        const target = $(id);
        target.scrollIntoView({ block: "start" });
        target.focus({ preventScroll: true });
      });
      nav.append(link);
      next += 1;
    }
    if (cue.kind === "speech") {
      items.push(element("li", {}, element("time", { textContent: clock(cue.start) }), element("span", { textContent: cue.text })));
    } else if (cue.kind === "tone") {
      items.push(element("li", {}, element("time", { textContent: clock(cue.start) }),
        element("span", { className: "quiet", textContent: `(${cue.tone} tone)` })));
    } else if (cue.duration >= 5) {
      items.push(element("li", {}, element("time", { textContent: clock(cue.start) }),
        element("span", { className: "quiet", textContent: `(${Math.round(cue.duration)} seconds quiet${cue.note ? ": " + cue.note : ""})` })));
    }
  }
  list.replaceChildren(...items);
}

// MARK: Own routine file

async function chooseFile() {
  const file = $("routine-file").files[0];
  state.ownFile = null;
  if (!file) return;
  const status = $("file-status");
  if (file.size > 1048576) {
    status.textContent = "";
    showErrors($("preview-errors"), [`${file.name}: error: the file is larger than 1 MiB; routine files may be at most 1048576 bytes`], "Your routine file has problems:");
    return;
  }
  const text = await file.text();
  status.textContent = `Checking ${file.name}…`;
  const response = await fetch(`/api/validate?name=${encodeURIComponent(file.name)}`, {
    method: "POST", headers: { "Content-Type": routineFileType(file.name) }, body: text,
  });
  const body = await readJSON(response);
  if (!response.ok) {
    status.textContent = `${file.name} has problems; fix them in the file and choose it again.`;
    showErrors($("preview-errors"), body.lines, "Your routine file has problems:");
    $("preview-status").textContent = "";
    $("script").replaceChildren(); $("sections").replaceChildren();
    $("render").disabled = true;
    return;
  }
  status.textContent = `${file.name} is fine.`;
  state.ownFile = { name: file.name, text };
  schedulePreview();
}

// MARK: Sound settings

/// The file type and the advanced sound settings, as the API names them; bits only where the file type has them.
function soundChoices() {
  const format = $("format").value;
  const sound = { format, sampleRate: Number($("sample-rate").value), stereo: $("stereo").checked };
  const loudness = $("loudness").value.trim();
  sound.loudness = loudness === "" ? -16 : Number(loudness);
  if (format !== "ogg") sound.bits = $("bits").value;
  return sound;
}

/// What the advanced settings changed from the usual, for the download link: ", 48 kHz, stereo, 24-bit".
function soundSummary(sound) {
  if (!sound) return "";
  const parts = [];
  if (sound.sampleRate !== 44100) parts.push(`${sound.sampleRate / 1000} kHz`);
  if (sound.stereo) parts.push("stereo");
  if (sound.bits && sound.bits !== "16") parts.push(sound.bits === "32f" ? "32-bit float" : `${sound.bits}-bit`);
  if (sound.loudness !== -16) parts.push(`${sound.loudness} LUFS`);
  return parts.map((part) => `, ${part}`).join("");
}

/// Bits apply to WAV and FLAC only, and 32-bit float to WAV only: the choices follow the file type.
function updateBits() {
  const format = $("format").value;
  const bits = $("bits");
  const float = bits.querySelector('option[value="32f"]');
  float.disabled = format !== "wav";
  if (float.disabled && bits.value === "32f") bits.value = "24";
  bits.disabled = format === "ogg";
  $("bits-hint").textContent = format === "ogg" ? "Ogg Vorbis files have no bit depth to choose."
    : format === "flac" ? "FLAC holds 16 or 24 bits." : "";
}

// MARK: Render

async function render(event) {
  event.preventDefault();
  const choice = choices();
  choice.tones = $("tones").value;
  choice.ambience = $("ambience").value;
  const sound = soundChoices();
  Object.assign(choice, sound);
  state.sound = sound;
  if (selectedRoutine() === "") {
    if (!state.ownFile) { $("render-status").textContent = "Choose your routine file first."; return; }
    choice.routineFile = state.ownFile.text;
    choice.routineFileName = state.ownFile.name;
  }
  $("result").hidden = true;
  showErrors($("render-errors"), [], "");
  $("render").disabled = true;
  $("render-status").textContent = "Starting…";
  const response = await fetch("/api/renders", {
    method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(choice),
  });
  const body = await readJSON(response);
  if (!response.ok) {
    $("render").disabled = false;
    $("render-status").textContent = "The session could not be made.";
    showErrors($("render-errors"), body.lines, "What to change:");
    return;
  }
  state.renderId = body.id;
  $("cancel").hidden = false;
  $("render-progress").hidden = false;
  showProgress(body);
  poll();
}

/// The bar and the words for where the render stands: waiting, speaking the narration, preparing the sounds
/// (no figure to show, so the bar moves on its own), or mixing.
function showProgress(status) {
  const percent = Math.round((status.progress || 0) * 100);
  const bar = $("progress");
  const measured = status.state === "rendering" && (status.stage === "speaking" || status.stage === "mixing");
  if (measured) bar.value = percent; else bar.removeAttribute("value");
  let words;
  if (status.state === "queued") {
    words = status.queuePosition > 0
      ? `Waiting: ${status.queuePosition} ${status.queuePosition === 1 ? "session is" : "sessions are"} being made first.`
      : "Starting…";
  } else if (status.stage === "speaking") {
    words = `Speaking the narration: ${percent}%`;
  } else if (status.stage === "mixing") {
    words = `Mixing the session: ${percent}%`;
  } else {
    words = "Preparing the sounds…";
  }
  $("render-status").textContent = words;
}

function poll() {
  clearTimeout(state.pollTimer);
  state.pollTimer = setTimeout(async () => {
    const id = state.renderId;
    if (!id) return;
    const response = await fetch(`/api/renders/${id}`);
    const status = await readJSON(response);
    if (id !== state.renderId) return;
    if (!response.ok) { finishRender(); showErrors($("render-errors"), status.lines, "The session could not be made:"); return; }
    if (status.state === "done") { finishRender(); showResult(status); return; }
    if (status.state === "failed") { finishRender(); $("render-status").textContent = "The session could not be made."; showErrors($("render-errors"), status.lines, "What went wrong:"); return; }
    if (status.state === "cancelled") { finishRender(); $("render-status").textContent = "Cancelled."; return; }
    showProgress(status);
    poll();
  }, 400);
}

function finishRender() {
  clearTimeout(state.pollTimer);
  state.renderId = null;
  $("cancel").hidden = true;
  $("render-progress").hidden = true;
  $("render").disabled = false;
}

async function cancel() {
  const id = state.renderId;
  if (!id) return;
  finishRender();
  await fetch(`/api/renders/${id}`, { method: "DELETE" });
  $("render-status").textContent = "Cancelled; nothing was kept.";
  $("render").focus();
}

function showResult(status) {
  const player = $("player");
  player.src = status.sound;
  const name = `${status.routine}-${Math.round(status.durationSeconds / 60)}min.${status.format}`;
  const download = $("download");
  download.href = status.sound;
  download.setAttribute("download", name);
  download.textContent = `Download the session (${status.format.toUpperCase()}, ${clock(status.durationSeconds)}${soundSummary(state.sound)})`;
  const captions = $("download-captions");
  captions.href = status.captions;
  captions.setAttribute("download", name.replace(/\.[a-z]+$/, ".vtt"));
  const chapters = $("chapters");
  chapters.replaceChildren();
  const sections = state.script && state.script.routine === status.routine ? state.script.sections : [];
  for (const section of sections) {
    const button = element("button", { type: "button" },
      element("time", { textContent: clock(section.start) }), section.title);
    button.setAttribute("aria-label", `Play from ${section.title}, at ${clock(section.start)}`);
    button.addEventListener("click", () => { player.currentTime = section.start; player.play().catch(() => {}); });
    chapters.append(element("li", {}, button));
  }
  player.ontimeupdate = () => {
    const buttons = chapters.querySelectorAll("button");
    let current = -1;
    sections.forEach((section, index) => { if (player.currentTime + 0.01 >= section.start) current = index; });
    buttons.forEach((button, index) => button.setAttribute("aria-current", index === current ? "true" : "false"));
  };
  $("result").hidden = false;
  $("render-status").textContent = `Your session is ready: ${spokenLength(status.durationSeconds)}. Listen below or download it.`;
  $("result-heading").scrollIntoView({ block: "nearest" });
}

/// Plays a few seconds of the chosen voice (ours, calm, when the routine's own is chosen).
function hearVoice() {
  const name = $("voice").value || "calm";
  const sample = $("voice-sample");
  sample.src = `/api/voices/${encodeURIComponent(name)}/sample.wav`;
  $("voice-about").textContent = `Playing a sample of ${name}…`;
  sample.onended = () => { $("voice-about").textContent = ""; };
  sample.onerror = () => { $("voice-about").textContent = `The ${name} voice cannot be played.`; };
  sample.play().catch(() => { $("voice-about").textContent = `The ${name} voice cannot be played.`; });
}

// MARK: Wiring

function wire() {
  const range = $("minutes-range");
  const number = $("minutes-number");
  range.addEventListener("input", () => { number.value = range.value; schedulePreview(); });
  number.addEventListener("input", () => {
    if (number.value !== "" && Number(number.value) >= Number(range.min) && Number(number.value) <= Number(range.max)) range.value = number.value;
    schedulePreview();
  });
  document.addEventListener("change", (event) => {
    const target = event.target;
    if (target.name === "routine") {
      $("own-file").hidden = target.value !== "";
      if (target.value === "") $("routine-file").focus();
      updateLengthRange();
      schedulePreview();
    } else if (target.name === "level") {
      updateLengthRange();
      schedulePreview();
    } else if (target.id === "voice") {
      const option = target.selectedOptions[0];
      $("voice-about").textContent = target.value ? option.textContent : "";
      schedulePreview();
    } else if (target.id === "routine-file") {
      chooseFile();
    } else if (target.id === "format") {
      updateBits();
    }
  });
  $("hear-voice").addEventListener("click", hearVoice);
  $("choices").addEventListener("submit", render);
  $("cancel").addEventListener("click", cancel);
}

async function start() {
  wire();
  updateBits();
  await Promise.all([loadRoutines(), loadVoices()]);
  updateLengthRange();
  await preview();
  document.body.dataset.ready = "true";
}

start();
