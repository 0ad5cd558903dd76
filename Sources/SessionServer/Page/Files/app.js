// AudioCoach's page: reads the choices, shows the script the server times for them, makes the session and plays it.
// Plain JavaScript served by the program itself; it talks only to /api on the same server (docs/api.md).
"use strict";

const $ = (id) => document.getElementById(id);

/// How long the page waits after the last change of a choice before it asks for the script: a slider dragged
/// from 10 to 26 asks once, for 26.
const PREVIEW_DELAY_MS = 300;
/// How long a script may take before the page gives up on it: a routine and voice never spoken before can take a minute.
const PREVIEW_TIMEOUT_MS = 180000;
/// How long a render's status may take to come back before the page says the server is not answering.
const STATUS_TIMEOUT_MS = 15000;
/// Own routine files up to this size are remembered across a reload.
const REMEMBERED_FILE_BYTES = 256 * 1024;
const SKIP_SECONDS = 15;
const STORE = { choices: "audiocoach.choices", ownFile: "audiocoach.ownFile", render: "audiocoach.render" };

const NOT_ANSWERING = "AudioCoach is not answering on this computer. If its window was closed, start AudioCoach again, then try again.";

const state = {
  routines: [],
  voices: [],
  ownFile: null,            // {name, text}: the person's routine file, once it was read
  ownFileOK: false,         // it checked out
  previewTimer: null,
  previewController: null,
  previewBusy: false,       // the script on screen is not the one for the choices
  scriptOK: false,          // the script for the current choices came back fine
  render: null,             // {id, choice, sound}: the render under way
  pollTimer: null,
  result: null,             // the finished render's status, with its sections
  sound: null,
  plan: null,               // the plan on screen (GET /api/plan), in plan mode
  planKey: null,            // the choices it was asked for
  day: 1,                   // the plan's day whose script is shown, and that "Make" makes
  makeDay: null,            // a day whose "Make" was pressed before its script was shown
};

// MARK: Small helpers

function clock(seconds) {
  const whole = Math.max(0, Math.round(seconds));
  const hours = Math.floor(whole / 3600);
  const minutes = Math.floor((whole % 3600) / 60);
  const secs = String(whole % 60).padStart(2, "0");
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, "0")}:${secs}` : `${minutes}:${secs}`;
}

function spokenLength(seconds) {
  const minutes = Math.floor(seconds / 60);
  const secs = Math.round(seconds % 60);
  const words = minutes === 1 ? "1 minute" : `${minutes} minutes`;
  return secs === 0 ? words : `${words} ${secs} seconds`;
}

function minutesWords(value) {
  return Number(value) === 1 ? "1 minute" : `${value} minutes`;
}

function element(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  Object.assign(node, props);
  for (const child of children) node.append(child);
  return node;
}

function remember(key, value) {
  try {
    if (value === null || value === undefined) localStorage.removeItem(key); else localStorage.setItem(key, JSON.stringify(value));
  } catch { /* private mode or full: the page works without */ }
}

function recall(key) {
  try { return JSON.parse(localStorage.getItem(key) || "null"); } catch { return null; }
}

/// The server takes a routine file only with its type said (docs/api.md: no other site may send one).
function routineFileType(name) {
  return name.toLowerCase().endsWith(".json") ? "application/json" : "application/yaml";
}

/// A request to the server. Resolves to {ok, status, body} (the body as JSON when it is); a network failure
/// (the server stopped: `TypeError: Failed to fetch`) or a timeout resolves to {ok: false, unreachable: true}.
/// An abort the page asked for (a newer choice) rejects with AbortError.
async function api(path, { method = "GET", body, type, signal, timeout } = {}) {
  const controller = new AbortController();
  const abort = () => controller.abort();
  if (signal) {
    if (signal.aborted) abort();
    signal.addEventListener("abort", abort);
  }
  let timedOut = false;
  const timer = timeout ? setTimeout(() => { timedOut = true; abort(); }, timeout) : null;
  try {
    const headers = {};
    if (type) headers["Content-Type"] = type;
    const response = await fetch(path, { method, body, headers, signal: controller.signal });
    let parsed = null;
    if ((response.headers.get("content-type") || "").includes("json")) {
      try { parsed = await response.json(); } catch { parsed = null; }
    }
    return { ok: response.ok, status: response.status, body: parsed || {}, response };
  } catch (error) {
    if (signal && signal.aborted && !timedOut) throw error;
    return { ok: false, status: 0, unreachable: true, body: {} };
  } finally {
    clearTimeout(timer);
    if (signal) signal.removeEventListener("abort", abort);
  }
}

/// What to say about a failed request: the server's own words for the page, else a plain sentence.
function failureMessage(answer, fallback) {
  if (answer.unreachable) return NOT_ANSWERING;
  return answer.body.message || fallback || `AudioCoach answered with an error (${answer.status}).`;
}

/// Shows `message` in `box` with a "Try again" button that runs `retry`; nothing shown for an empty message.
function showFailure(box, message, retry) {
  box.replaceChildren();
  if (!message) { box.hidden = true; return; }
  box.append(element("p", { textContent: message }));
  if (retry) {
    const button = element("button", { type: "button", className: "secondary", textContent: "Try again" });
    button.addEventListener("click", () => { showFailure(box, ""); retry(); });
    box.append(button);
  }
  box.hidden = false;
}

// MARK: Choices

function selectedRoutine() {
  const checked = document.querySelector('input[name="routine"]:checked');
  return checked ? checked.value : "";
}

function selectedLevel() {
  return document.querySelector('input[name="level"]:checked').value;
}

/// The voice asked for: a card's, else a language chosen under "More voices"; "" for the default.
function selectedVoice() {
  const checked = document.querySelector('input[name="voice"]:checked');
  if (checked && checked.value !== "more") return checked.value;
  return $("voice-more").value;
}

/// Whether the page makes a plan (a session a day) rather than one session.
function planMode() {
  const checked = document.querySelector('input[name="kind"]:checked');
  return Boolean(checked && checked.value === "plan");
}

/// A whole number as typed is sent as a number; anything else as typed, for the server to say what is wrong.
function wholeNumber(text) {
  const trimmed = text.trim();
  return /^[0-9]{1,3}$/.test(trimmed) ? Number(trimmed) : trimmed;
}

function choices() {
  const choice = { minutes: Number($("minutes-number").value), level: selectedLevel() };
  const voice = selectedVoice();
  if (voice) choice.voice = voice;
  const routine = selectedRoutine();
  if (routine) choice.routine = routine;
  if (planMode()) {
    choice.weeks = wholeNumber($("weeks").value);
    choice.perWeek = wholeNumber($("per-week").value);
    choice.day = state.day;
  }
  return choice;
}

function previewQuery(choice) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(choice)) query.set(key, String(value));
  return query.toString();
}

/// Every choice on the page, to remember across a reload.
function allChoices() {
  return {
    routine: selectedRoutine(), minutes: $("minutes-number").value, level: selectedLevel(), voice: selectedVoice(),
    tones: $("tones").value, ambience: $("ambience").value, format: $("format").value, loudness: $("loudness").value,
    sampleRate: $("sample-rate").value, bits: $("bits").value, stereo: $("stereo").checked,
    kind: planMode() ? "plan" : "session", weeks: $("weeks").value, perWeek: $("per-week").value, day: state.day,
  };
}

function saveChoices() {
  remember(STORE.choices, allChoices());
}

/// Puts back what was chosen before a reload, where it still exists.
function restoreChoices() {
  const saved = recall(STORE.choices);
  if (!saved) return;
  const routine = document.querySelector(`input[name="routine"][value="${CSS.escape(saved.routine || "")}"]`);
  if (routine) routine.checked = true;
  const level = document.querySelector(`input[name="level"][value="${CSS.escape(saved.level || "")}"]`);
  if (level) level.checked = true;
  if (saved.voice !== undefined) chooseVoice(saved.voice);
  for (const [id, key] of [["tones", "tones"], ["ambience", "ambience"], ["format", "format"], ["sample-rate", "sampleRate"], ["bits", "bits"]]) {
    const select = $(id);
    if (saved[key] && [...select.options].some((option) => option.value === saved[key])) select.value = saved[key];
  }
  if (saved.loudness) $("loudness").value = saved.loudness;
  $("stereo").checked = Boolean(saved.stereo);
  if (saved.minutes) setMinutes(saved.minutes);
  const kind = document.querySelector(`input[name="kind"][value="${CSS.escape(saved.kind || "session")}"]`);
  if (kind) kind.checked = true;
  if (saved.weeks !== undefined) $("weeks").value = saved.weeks;
  if (saved.perWeek !== undefined) $("per-week").value = saved.perWeek;
  if (Number.isInteger(saved.day) && saved.day >= 1) state.day = saved.day;
  if (selectedRoutine() === "") {
    $("own-file").hidden = false;
    const file = recall(STORE.ownFile);
    if (file && file.name && typeof file.text === "string") {
      state.ownFile = file;
      checkOwnFile(file.name, file.text, true);
    }
  }
}

function setMinutes(value) {
  $("minutes-number").value = value;
  $("minutes-range").value = value;
  $("minutes-range").setAttribute("aria-valuetext", minutesWords($("minutes-range").value));
}

/// The length range the chosen routine and level allow, shown beside the slider.
function updateLengthRange() {
  const routine = state.routines.find((r) => r.name === selectedRoutine());
  const range = $("minutes-range");
  const number = $("minutes-number");
  if (!routine) {
    range.min = 1; range.max = 60; number.min = 1; number.max = 180;
    $("length-hint").textContent = "Your routine file sets the lengths it can take.";
    return;
  }
  const shortest = routine.shortestMinutes[selectedLevel()] || 1;
  const low = Math.max(Math.ceil(shortest * 2) / 2, routine.designedMinutes ? routine.designedMinutes.lowest : 0);
  // A routine designed for set lengths may take longer sessions at higher levels.
  const high = routine.designedMinutes
    ? (routine.longestMinutes && routine.longestMinutes[selectedLevel()]) || routine.designedMinutes.highest : 60;
  range.min = low; range.max = high;
  number.min = low; number.max = routine.designedMinutes ? high : 180;
  const current = Number(number.value);
  if (!(current >= low && current <= Number(number.max))) setMinutes(Math.min(high, Math.max(low, current || low)));
  else range.value = current;
  range.setAttribute("aria-valuetext", minutesWords(number.value));
  $("length-hint").textContent = routine.designedMinutes ? `${routine.title}: ${low} to ${high} minutes at this level.`
    : `${routine.title}: from ${low} minutes at this level; the slider goes to ${high}, and you can type up to 180.`;
}

// MARK: Field errors

const FIELD_ERRORS = { minutes: "minutes-error", level: "level-error", voice: "voice-error", weeks: "weeks-error", perWeek: "per-week-error" };
/// The boxes a field's error marks as invalid.
const FIELD_INPUTS = { minutes: "minutes-number", weeks: "weeks", perWeek: "per-week" };

/// Shows `message` beside the field it is about; answers false when the page has no place for that field.
function showFieldError(field, message) {
  for (const [name, id] of Object.entries(FIELD_ERRORS)) {
    const box = $(id);
    box.textContent = name === field ? message : "";
    box.hidden = name !== field;
  }
  for (const [name, id] of Object.entries(FIELD_INPUTS)) {
    if (name === field) $(id).setAttribute("aria-invalid", "true"); else $(id).removeAttribute("aria-invalid");
  }
  return field in FIELD_ERRORS;
}

// MARK: Loading

async function loadRoutines() {
  const answer = await api("/api/routines", { timeout: 120000 });
  const box = $("routines");
  box.setAttribute("aria-busy", "false");
  if (!answer.ok) {
    box.replaceChildren();
    showFailure($("routines-failure"), failureMessage(answer, "The routines could not be loaded."), start);
    return false;
  }
  showFailure($("routines-failure"), "");
  state.routines = answer.body;
  box.replaceChildren();
  state.routines.forEach((routine, index) => {
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
  return true;
}

/// Our voices and the natural voice as cards, each with a sample; espeak-ng's under "More voices", by language.
async function loadVoices() {
  const answer = await api("/api/voices", { timeout: 120000 });
  if (!answer.ok) {
    $("voice-status").textContent = "Only the usual voice can be used: the list of voices could not be loaded.";
    return;
  }
  state.voices = answer.body;
  const cards = $("voices");
  cards.replaceChildren();
  const natural = state.voices.filter((voice) => voice.kind === "natural");
  const ours = state.voices.filter((voice) => voice.kind === "ours");
  const usual = state.voices.find((voice) => voice.isDefault);
  const card = (value, title, about, sampleName) => {
    const id = `voice-${value || "default"}`;
    const input = element("input", { type: "radio", name: "voice", id, value });
    const label = element("label", { htmlFor: id }, element("span", { className: "voice-title", textContent: title }),
      element("span", { className: "voice-about", textContent: about }));
    const hear = element("button", { type: "button", className: "secondary hear", textContent: "Hear it" });
    hear.setAttribute("aria-label", `Hear ${title}`);
    hear.addEventListener("click", () => hearVoice(sampleName, title));
    cards.append(element("div", { className: "voice" }, input, label, hear));
  };
  // The default (no --voice) first: the natural voice when installed; a routine file may name its own.
  const first = usual || natural[0] || ours[0];
  card("", first ? `${voiceTitle(first)} (usual)` : "The usual voice", first ? voiceAbout(first) : "", first ? first.name : "calm");
  for (const voice of [...natural, ...ours]) {
    if (voice === first) continue;
    card(voice.name, voiceTitle(voice), voiceAbout(voice), voice.name);
  }
  $("voice-default").checked = true;
  const select = $("voice-more");
  const others = state.voices.filter((voice) => voice.kind === "espeak")
    .map((voice) => ({ name: voice.name, label: `${voice.language || voice.about} (${voice.name})` }))
    .sort((a, b) => a.label.localeCompare(b.label));
  for (const voice of others) select.append(element("option", { value: voice.name, textContent: voice.label }));
}

function voiceTitle(voice) {
  if (voice.kind === "natural") return "Natural voice";
  return voice.name.charAt(0).toUpperCase() + voice.name.slice(1);
}

function voiceAbout(voice) {
  if (voice.kind === "natural") return "A natural, human-sounding voice (Joe, American English).";
  return voice.about.charAt(0).toUpperCase() + voice.about.slice(1).replace(/ \(the default[^)]*\)/, "") + ".";
}

/// Chooses `name` (a card's voice, or a language's) as the voice.
function chooseVoice(name) {
  const card = document.querySelector(`input[name="voice"][value="${CSS.escape(name)}"]`);
  if (card) { card.checked = true; $("voice-more").value = ""; return; }
  if ([...$("voice-more").options].some((option) => option.value === name)) {
    $("voice-more").value = name;
    document.querySelectorAll('input[name="voice"]').forEach((input) => { input.checked = false; });
    $("more-voices").open = true;
  }
}

/// Asks how far the background preparation of the built-ins' phrases is, and says so until it is done.
async function watchPreparation() {
  const answer = await api("/api/preparation", { timeout: STATUS_TIMEOUT_MS });
  const notice = $("preparing");
  if (!answer.ok || answer.body.state !== "preparing") { notice.hidden = true; return; }
  notice.textContent = `Preparing the voice: ${Math.round((answer.body.progress || 0) * 100)}%. Until then, a new length may take a few seconds to show.`;
  notice.hidden = false;
  setTimeout(watchPreparation, 1000);
}

// MARK: Preview

/// A choice changed: the script on screen is now the old one. It is dimmed and marked at once; the new one is
/// asked for once the choices have stayed still for a moment.
function choicesChanged() {
  saveChoices();
  markBusy(true);
  clearTimeout(state.previewTimer);
  state.previewTimer = setTimeout(preview, PREVIEW_DELAY_MS);
}

/// Asks for the script now (Enter in the length box).
function previewNow() {
  clearTimeout(state.previewTimer);
  markBusy(true);
  preview();
}

function markBusy(busy) {
  state.previewBusy = busy;
  const box = $("script-box");
  box.classList.toggle("busy", busy);
  $("preview-status").classList.toggle("stale", busy);
  box.setAttribute("aria-busy", busy ? "true" : "false");
  $("script-busy").hidden = !busy || $("script").childElementCount === 0;
  $("plan-box").classList.toggle("busy", busy);
  updateRenderButton();
}

async function preview() {
  if (state.previewController) state.previewController.abort();
  const controller = new AbortController();
  state.previewController = controller;
  showFailure($("preview-failure"), "");
  const own = selectedRoutine() === "";
  if (own && !(state.ownFile && state.ownFileOK)) {
    $("preview-status").textContent = state.ownFile ? "" : "Choose your routine file to see its script.";
    clearScript();
    state.scriptOK = false;
    markBusy(false);
    return;
  }
  const choice = choices();
  if (planMode()) {
    const planned = await loadPlan(choice, controller);
    if (planned === "aborted") return;
    if (!planned) {
      state.scriptOK = false;
      state.makeDay = null;
      clearScript();
      markBusy(false);
      return;
    }
    choice.day = state.day;
  }
  if (!own) $("preview-status").textContent = state.scriptOK ? $("preview-status").textContent : "Preparing the script…";
  let answer;
  try {
    if (own) {
      const query = previewQuery(choice) + "&name=" + encodeURIComponent(state.ownFile.name);
      answer = await api(`/api/preview?${query}`, { method: "POST", type: routineFileType(state.ownFile.name), body: state.ownFile.text,
        signal: controller.signal, timeout: PREVIEW_TIMEOUT_MS });
    } else {
      answer = await api(`/api/preview?${previewQuery(choice)}`, { signal: controller.signal, timeout: PREVIEW_TIMEOUT_MS });
    }
  } catch {
    return; // a newer choice took over
  }
  if (controller.signal.aborted) return;
  state.previewController = null;
  if (answer.unreachable) {
    state.scriptOK = false;
    showFailure($("preview-failure"), NOT_ANSWERING, previewNow);
    markBusy(false);
    return;
  }
  if (!answer.ok) {
    state.scriptOK = false;
    const message = failureMessage(answer, "This session cannot be made as chosen.");
    const placed = showFieldError(answer.body.field, message);
    $("preview-status").textContent = placed ? "This session cannot be made as chosen; see above." : "This session cannot be made as chosen.";
    if (!placed) showFailure($("preview-failure"), message, answer.status >= 500 ? previewNow : null);
    clearScript();
    markBusy(false);
    return;
  }
  showFieldError(null, "");
  state.scriptOK = true;
  showScript(answer.body);
  markBusy(false);
  if (planMode()) {
    $("day-heading").textContent = `Day ${choice.day} of ${state.plan.days.length}: what you will hear`;
    markDay();
    if (state.makeDay === choice.day) { state.makeDay = null; makeChosen(); }
  }
}

function clearScript() {
  $("script").replaceChildren();
  $("sections").replaceChildren();
}

function showScript(script) {
  $("preview-status").textContent =
    `${script.title}: ${spokenLength(script.duration)} at ${script.level} level, ${script.sections.length} sections.`;
  const nav = $("sections");
  nav.replaceChildren();
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
        target.scrollIntoView({ block: "nearest" });
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
  $("script").replaceChildren(...items);
}

// MARK: Plan

/// `day-01`: a plan's day as `audiocoach program` and the playlist name it.
function dayName(day) {
  return `day-${String(day).padStart(2, "0")}`;
}

/// Shows what plan mode needs (its weeks and sessions a week, the table of days) or hides it.
function applyMode() {
  const plan = planMode();
  $("plan-shape").hidden = !plan;
  $("plan-box").hidden = !plan;
  $("level-hint").hidden = !plan;
  $("minutes-label").textContent = plan ? "Length of each session in minutes" : "Length in minutes";
  if (!plan) { state.makeDay = null; }
  updateRenderButton();
}

/// Asks for the plan of `choice` (its days, without one of them), unless the one on screen is it. Answers true when
/// it is shown, false when it failed (said beside its field, or above the table), "aborted" for a newer choice.
async function loadPlan(choice, controller) {
  const shape = { ...choice };
  delete shape.day;
  const query = previewQuery(shape);
  const own = selectedRoutine() === "";
  const key = own ? `${query}|${state.ownFile.name}|${state.ownFile.text}` : query;
  if (state.plan && state.planKey === key) { $("plan-box").setAttribute("aria-busy", "false"); return true; }
  $("plan-status").textContent = "Planning the days…";
  $("plan-box").setAttribute("aria-busy", "true");
  let answer;
  try {
    answer = own
      ? await api(`/api/plan?${query}&name=${encodeURIComponent(state.ownFile.name)}`, { method: "POST", type: routineFileType(state.ownFile.name),
        body: state.ownFile.text, signal: controller.signal, timeout: PREVIEW_TIMEOUT_MS })
      : await api(`/api/plan?${query}`, { signal: controller.signal, timeout: PREVIEW_TIMEOUT_MS });
  } catch {
    return "aborted";
  }
  if (controller.signal.aborted) return "aborted";
  $("plan-box").setAttribute("aria-busy", "false");
  if (!answer.ok) {
    state.previewController = null;
    state.plan = null;
    state.planKey = null;
    $("plan-days").replaceChildren();
    $("day-heading").textContent = "";
    updatePlaylistLink();
    const message = failureMessage(answer, "This plan cannot be made as chosen.");
    const placed = !answer.unreachable && showFieldError(answer.body.field, message);
    $("plan-status").textContent = placed ? "This plan cannot be made as chosen; see above." : "This plan cannot be made as chosen.";
    $("preview-status").textContent = "";
    if (!placed) showFailure($("plan-failure"), message, answer.unreachable || answer.status >= 500 ? previewNow : null);
    return false;
  }
  showFailure($("plan-failure"), "");
  state.plan = answer.body;
  state.planKey = key;
  if (!(state.day >= 1 && state.day <= state.plan.days.length)) state.day = 1;
  showPlan(state.plan);
  return true;
}

/// An exercise of a day in a few words: "Knee to Chest: 20 s × 2, each side".
function exerciseWords(exercise) {
  const seconds = (value) => `${Math.round(value * 10) / 10} s`;
  const sides = exercise.sides ? ", each side" : "";
  switch (exercise.kind) {
    case "hold": return `${exercise.name}: ${seconds(exercise.seconds)}${exercise.rounds > 1 ? ` × ${exercise.rounds}` : ""}${sides}`;
    case "flow": return `${exercise.name}: ${exercise.rounds} ${exercise.rounds === 1 ? "round" : "rounds"}`;
    case "reps": return `${exercise.name}: ${exercise.count} ${exercise.count === 1 ? "time" : "times"}${sides}`;
    case "timed": return `${exercise.name}: ${seconds(exercise.seconds)}`;
    default: return exercise.name;
  }
}

/// The plan as a table of days, each with Preview and Make, its week, length, lighter day and exercises.
function showPlan(plan) {
  const days = plan.days.length;
  $("plan-status").textContent = `${plan.title}: ${days} ${days === 1 ? "session" : "sessions"} over ${plan.weeks} `
    + `${plan.weeks === 1 ? "week" : "weeks"}, ${plan.per_week} a week, ${minutesWords(plan.minutes)} each, growing toward ${plan.level} level.`;
  const rows = plan.days.map((day) => {
    const list = element("ul", { className: "exercises" }, ...day.exercises.map((exercise) => element("li", { textContent: exerciseWords(exercise) })));
    const preview = element("button", { type: "button", className: "secondary preview-day", textContent: "Preview" });
    preview.setAttribute("aria-label", `Preview day ${day.day}`);
    preview.addEventListener("click", () => chooseDay(day.day, false));
    const make = element("button", { type: "button", className: "make-day", textContent: "Make" });
    make.setAttribute("aria-label", `Make day ${day.day}`);
    make.setAttribute("aria-disabled", state.render ? "true" : "false");
    make.addEventListener("click", () => chooseDay(day.day, true));
    const row = element("tr", {},
      // The day's buttons come next to its number, so a phone shows them without scrolling the table sideways.
      element("th", { scope: "row", textContent: `Day ${day.day}` }),
      element("td", { className: "day-actions" }, element("div", { className: "day-buttons" }, preview, make)),
      element("td", { textContent: String(day.week) }),
      element("td", { textContent: String(Math.round(day.minutes * 10) / 10) }),
      element("td", { textContent: day.lighter ? "Lighter" : "–" }),
      element("td", {}, list));
    row.dataset.day = String(day.day);
    return row;
  });
  $("plan-days").replaceChildren(...rows);
  markDay();
  updatePlaylistLink();
}

/// Marks the day whose script is shown.
function markDay() {
  $("plan-days").querySelectorAll("tr").forEach((row) => {
    const current = Number(row.dataset.day) === state.day;
    row.classList.toggle("current", current);
    if (current) row.setAttribute("aria-current", "true"); else row.removeAttribute("aria-current");
  });
  updateRenderButton();
}

/// A day's Preview (its script where the script shows) or Make (then it is made, as one session is).
function chooseDay(day, make) {
  if (make && state.render) return;
  const shown = state.day === day && state.scriptOK && !state.previewBusy;
  state.day = day;
  saveChoices();
  markDay();
  if (make) {
    if (shown) { makeChosen(); return; }
    state.makeDay = day;
  }
  if (!shown) previewNow();
}

/// The playlist of the plan on screen, with the file type chosen; a routine file's plan has none to download here.
function updatePlaylistLink() {
  const link = $("download-playlist");
  const own = selectedRoutine() === "";
  if (!state.plan || own) {
    link.hidden = true;
    link.removeAttribute("href");
    $("playlist-hint").textContent = own && state.plan ? "The playlist is offered for the built-in routines; make each day of your own and keep them in one folder." : "";
    return;
  }
  const shape = choices();
  delete shape.day;
  link.href = `/api/plan/playlist.m3u8?${previewQuery(shape)}&format=${encodeURIComponent($("format").value)}`;
  link.hidden = false;
  $("playlist-hint").textContent = `The playlist lists the days as ${dayName(1)}.${$("format").value}, ${dayName(2)}.${$("format").value}…: `
    + "make each day, save it beside the playlist in one folder, and players play them in order.";
}

// MARK: Own routine file

/// A file was chosen (again): read it now, and clear the picker, so choosing the same file after fixing it
/// is a new choice that is read again.
async function chooseFile() {
  const input = $("routine-file");
  const file = input.files[0];
  input.value = "";
  if (!file) return;
  if (file.size > 1048576) {
    state.ownFile = null;
    showFileProblems(file.name, "", { message: "The file is larger than 1 MiB; a routine file is much smaller. Choose another file.", lines: [] });
    return;
  }
  let text;
  try {
    text = await file.text();
  } catch {
    showFileProblems(file.name, "", { message: "The file could not be read. Choose it again.", lines: [] });
    return;
  }
  state.ownFile = { name: file.name, text };
  remember(STORE.ownFile, text.length <= REMEMBERED_FILE_BYTES ? state.ownFile : null);
  await checkOwnFile(file.name, text, false);
}

async function checkOwnFile(name, text, fromBefore) {
  state.ownFileOK = false;
  state.scriptOK = false;
  markBusy(true);
  $("file-status").textContent = `Checking ${name}…`;
  showFileProblems(name, text, null);
  const answer = await api(`/api/validate?name=${encodeURIComponent(name)}`, { method: "POST", type: routineFileType(name), body: text, timeout: 120000 });
  if (state.ownFile === null || state.ownFile.text !== text) return; // another file was chosen meanwhile
  if (answer.unreachable) {
    $("file-status").textContent = "";
    showFileProblems(name, text, { message: NOT_ANSWERING, lines: [], retry: () => checkOwnFile(name, text, fromBefore) });
    markBusy(false);
    return;
  }
  if (!answer.ok) {
    $("file-status").textContent = "";
    showFileProblems(name, text, { message: failureMessage(answer), lines: answer.body.lines || [] });
    clearScript();
    $("preview-status").textContent = "";
    markBusy(false);
    return;
  }
  $("file-status").textContent = fromBefore ? `${name} (chosen before this page was reloaded) is fine.` : `${name} is fine.`;
  state.ownFileOK = true;
  choicesChanged();
}

/// The problems of a routine file beside its picker: what to do, then each problem at its line, with the line quoted.
function showFileProblems(name, text, failure) {
  const box = $("file-problems");
  box.replaceChildren();
  if (!failure) { box.hidden = true; return; }
  box.append(element("p", { textContent: failure.message }));
  const fileLines = text.split(/\r?\n/);
  const list = element("ul");
  for (const line of failure.lines) {
    const match = /^(.*?):(\d+):(\d+): error: (.*)$/.exec(line) || /^(.*?):(\d+): error: (.*)$/.exec(line);
    if (!match) {
      const plain = /^.*?: error: (.*)$/.exec(line);
      if (plain) list.append(element("li", {}, element("span", { textContent: plain[1] })));
      continue;
    }
    const lineNumber = Number(match[2]);
    const column = match.length === 5 ? Number(match[3]) : 0;
    const problem = match.length === 5 ? match[4] : match[3];
    const item = element("li", {}, element("strong", { textContent: `Line ${lineNumber}${column ? `, column ${column}` : ""}: ` }),
      element("span", { textContent: problem }));
    const quoted = fileLines[lineNumber - 1];
    if (quoted !== undefined) {
      // The line as written, with what the problem points at marked (from its column to the end of that word).
      const code = element("code");
      const start = Math.min(Math.max(0, column - 1), quoted.length);
      const rest = quoted.slice(start);
      const length = column > 0 ? Math.max(1, rest.search(/[\s,}\]]|$/)) : 0;
      code.append(quoted.slice(0, start));
      if (length > 0) code.append(element("mark", { textContent: rest.slice(0, length) }));
      code.append(rest.slice(length));
      const excerpt = element("pre", { className: "excerpt" }, code);
      excerpt.setAttribute("aria-label", `Line ${lineNumber} of ${name}: ${quoted.trim()}`);
      item.append(excerpt);
    }
    list.append(item);
  }
  if (list.childElementCount) box.append(list);
  if (failure.retry) {
    const button = element("button", { type: "button", className: "secondary", textContent: "Try again" });
    button.addEventListener("click", failure.retry);
    box.append(button);
  }
  box.hidden = false;
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

/// The render button says what is going on: waiting for the script, making the session, or ready. It stays
/// focusable while it waits (aria-disabled), so a keyboard user's place is not lost.
function updateRenderButton() {
  const button = $("render");
  const rendering = state.render !== null;
  const ready = !rendering && !state.previewBusy && state.scriptOK;
  button.setAttribute("aria-disabled", ready ? "false" : "true");
  button.textContent = rendering ? "Making the session…" : state.previewBusy ? "Waiting for the script…"
    : planMode() && state.plan ? `Make day ${state.day}` : "Make the session";
  document.querySelectorAll("#plan-days .make-day").forEach((make) => make.setAttribute("aria-disabled", rendering ? "true" : "false"));
  $("render-hint").textContent = rendering ? "" : state.previewBusy ? "The script for your choices is being prepared."
    : state.scriptOK ? "" : "Choose a session the script can be shown for first.";
}

function canRender() {
  return $("render").getAttribute("aria-disabled") === "false";
}

async function render(event) {
  event.preventDefault();
  await makeChosen();
}

/// Makes the session the choices describe (in plan mode, the day whose script is shown).
async function makeChosen() {
  if (!canRender()) return;
  const choice = choices();
  choice.tones = $("tones").value;
  choice.ambience = $("ambience").value;
  const sound = soundChoices();
  Object.assign(choice, sound);
  if (selectedRoutine() === "") {
    choice.routineFile = state.ownFile.text;
    choice.routineFileName = state.ownFile.name;
  }
  await submitRender(choice, sound);
}

async function submitRender(choice, sound) {
  hideResult();
  showFailure($("render-failure"), "");
  state.render = { id: null, choice, sound };
  updateRenderButton();
  $("render-status").textContent = "Starting…";
  // The script was shown first, so its phrases are ready and the server answers at once; a minute is plenty.
  const answer = await api("/api/renders", { method: "POST", type: "application/json", body: JSON.stringify(choice), timeout: 60000 });
  if (!answer.ok) {
    state.render = null;
    updateRenderButton();
    $("render-status").textContent = "The session could not be made.";
    const message = failureMessage(answer, "The session could not be made.");
    if (answer.unreachable || answer.status >= 500) {
      showFailure($("render-failure"), message, () => submitRender(choice, sound));
    } else {
      if (!showFieldError(answer.body.field, message)) showFailure($("render-failure"), message);
    }
    return;
  }
  startPolling(answer.body, choice, sound);
}

function startPolling(status, choice, sound) {
  state.render = { id: status.id, choice, sound };
  remember(STORE.render, { id: status.id, choice: { ...choice, routineFile: undefined }, sound });
  $("cancel").hidden = false;
  $("render-progress").hidden = false;
  updateRenderButton();
  showProgress(status);
  poll();
}

/// The bar and the words for where the render stands: waiting, preparing the sounds (no figure to show, so the
/// bar moves on its own), or mixing.
function showProgress(status) {
  const percent = Math.round((status.progress || 0) * 100);
  const bar = $("progress");
  const measured = status.state === "rendering" && status.stage === "mixing";
  if (measured) bar.value = percent; else bar.removeAttribute("value");
  let words;
  if (status.state === "queued") {
    words = status.queuePosition > 0
      ? `Waiting: ${status.queuePosition} ${status.queuePosition === 1 ? "session is" : "sessions are"} being made first.`
      : "Starting…";
  } else if (status.stage === "mixing") {
    words = `Mixing the session: ${percent}%`;
  } else {
    words = "Preparing the sounds…";
  }
  $("render-status").textContent = words;
}

function poll(delay = 400) {
  clearTimeout(state.pollTimer);
  state.pollTimer = setTimeout(async () => {
    const render = state.render;
    if (!render || !render.id) return;
    const answer = await api(`/api/renders/${render.id}`, { timeout: STATUS_TIMEOUT_MS });
    if (state.render !== render) return;
    if (answer.unreachable) {
      clearTimeout(state.pollTimer);
      $("render-progress").hidden = true;
      $("render-status").textContent = "AudioCoach stopped answering while it made the session.";
      showFailure($("render-failure"), NOT_ANSWERING, () => { $("render-progress").hidden = false; $("render-status").textContent = "Asking again…"; poll(0); });
      return;
    }
    const status = answer.body;
    if (!answer.ok) {
      finishRender();
      $("render-status").textContent = "The session was lost.";
      showFailure($("render-failure"), answer.status === 404
        ? "AudioCoach no longer has this session (it was stopped, or the session was made too long ago). Make it again."
        : failureMessage(answer));
      return;
    }
    if (status.state === "done") { const choice = render.choice; finishRender(); showResult(status, choice, render.sound, true); return; }
    if (status.state === "failed") {
      finishRender();
      $("render-status").textContent = "The session could not be made.";
      showFailure($("render-failure"), `Something went wrong while making it: ${status.error || "no reason given"}.`, () => submitRender(render.choice, render.sound));
      return;
    }
    if (status.state === "cancelled") { finishRender(); $("render-status").textContent = "Cancelled."; return; }
    showProgress(status);
    poll();
  }, delay);
}

function finishRender() {
  clearTimeout(state.pollTimer);
  state.render = null;
  remember(STORE.render, null);
  $("cancel").hidden = true;
  $("render-progress").hidden = true;
  updateRenderButton();
}

async function cancel() {
  const render = state.render;
  if (!render || !render.id) return;
  finishRender();
  $("render-status").textContent = "Cancelled; nothing was kept.";
  $("render").focus();
  await api(`/api/renders/${render.id}`, { method: "DELETE", timeout: STATUS_TIMEOUT_MS });
}

/// Picks up a render that was under way, or finished, when the page was reloaded.
async function resumeRender() {
  const saved = recall(STORE.render);
  if (!saved || !saved.id) return;
  const answer = await api(`/api/renders/${saved.id}`, { timeout: STATUS_TIMEOUT_MS });
  if (!answer.ok) { remember(STORE.render, null); return; }
  const status = answer.body;
  if (status.state === "done") {
    showResult(status, saved.choice, saved.sound, false);
  } else if (status.state === "queued" || status.state === "rendering") {
    startPolling(status, saved.choice, saved.sound);
  } else {
    remember(STORE.render, null);
  }
}

// MARK: The player

function hideResult() {
  const player = $("player");
  player.pause();
  $("result").hidden = true;
  state.result = null;
}

/// The finished session: the player, its chapters from the render itself, and the downloads. `focus` moves the
/// keyboard to the play button, as the person just asked for this.
function showResult(status, choice, sound, focus) {
  state.result = status;
  remember(STORE.render, { id: status.id, choice, sound, done: true });
  const player = $("player");
  player.src = status.sound;
  // A plan's day is named as the playlist lists it.
  const name = choice && Number.isInteger(choice.day)
    ? `${dayName(choice.day)}.${status.format}` : `${status.routine}-${Math.round(status.durationSeconds / 60)}min.${status.format}`;
  const download = $("download");
  download.href = status.sound;
  download.setAttribute("download", name);
  download.textContent = `Download the session (${status.format.toUpperCase()}, ${clock(status.durationSeconds)}${soundSummary(sound)})`;
  const captions = $("download-captions");
  captions.href = status.captions;
  captions.setAttribute("download", name.replace(/\.[a-z0-9]+$/, ".vtt"));
  const level = choice && choice.level ? `, ${choice.level}` : "";
  $("result-title").textContent = `${status.title}: ${spokenLength(status.durationSeconds)}${level}.`;
  const chapters = $("chapters");
  chapters.replaceChildren();
  for (const section of status.sections || []) {
    const button = element("button", { type: "button" },
      element("time", { textContent: clock(section.start) }), element("span", { textContent: section.title }));
    button.setAttribute("aria-label", `Play from ${section.title}, at ${clock(section.start)}`);
    button.addEventListener("click", () => { player.currentTime = section.start; player.play().catch(() => {}); });
    chapters.append(element("li", {}, button));
  }
  $("position").max = Math.round(status.durationSeconds);
  updatePlayer();
  setUpMediaSession(status);
  $("result").hidden = false;
  $("render-status").textContent = `Your session is ready: ${spokenLength(status.durationSeconds)}. Listen below or download it.`;
  if (focus) {
    $("play").focus({ preventScroll: true });
    $("result").scrollIntoView({ block: "nearest" });
  }
}

/// The section playing at `seconds` and the one after it.
function sectionsAt(seconds) {
  const sections = (state.result && state.result.sections) || [];
  let index = -1;
  sections.forEach((section, at) => { if (seconds + 0.01 >= section.start) index = at; });
  return { index, now: sections[index], next: sections[index + 1] };
}

function duration() {
  const player = $("player");
  return Number.isFinite(player.duration) && player.duration > 0 ? player.duration : (state.result ? state.result.durationSeconds : 0);
}

function updatePlayer() {
  const player = $("player");
  const time = player.currentTime || 0;
  const total = duration();
  const { index, now, next } = sectionsAt(time);
  $("now-playing").textContent = now ? now.title : "–";
  $("next-playing").textContent = next ? next.title : "the end";
  $("elapsed").textContent = clock(time);
  $("remaining").textContent = `${clock(total - time)} left`;
  const position = $("position");
  if (document.activeElement !== position) position.value = Math.round(time);
  position.setAttribute("aria-valuetext", `${clock(time)} of ${clock(total)}${now ? `, in ${now.title}` : ""}`);
  const playing = !player.paused && !player.ended;
  $("play").setAttribute("aria-label", playing ? "Pause" : "Play");
  $("play-icon").textContent = playing ? "❚❚" : "▶";
  $("chapters").querySelectorAll("button").forEach((button, at) => button.setAttribute("aria-current", at === index ? "true" : "false"));
  if ("mediaSession" in navigator && navigator.mediaSession.setPositionState && total > 0) {
    try { navigator.mediaSession.setPositionState({ duration: total, position: Math.min(time, total), playbackRate: player.playbackRate || 1 }); } catch { /* not supported */ }
  }
}

function skip(seconds) {
  const player = $("player");
  player.currentTime = Math.min(Math.max(0, (player.currentTime || 0) + seconds), duration());
  updatePlayer();
}

function togglePlay() {
  const player = $("player");
  if (player.paused || player.ended) {
    player.play().catch(() => { $("render-status").textContent = "Your browser did not start playing; press Play again, or download the session."; });
  } else {
    player.pause();
  }
}

/// Lock-screen and headphone buttons: play, pause, 15 s back and forward, and the sections as tracks.
function setUpMediaSession(status) {
  if (!("mediaSession" in navigator)) return;
  const session = navigator.mediaSession;
  try {
    session.metadata = new MediaMetadata({ title: status.title, artist: "AudioCoach", album: spokenLength(status.durationSeconds),
      artwork: [{ src: "/favicon.svg", sizes: "any", type: "image/svg+xml" }] });
  } catch { /* MediaMetadata missing */ }
  const player = $("player");
  const handlers = {
    play: () => player.play().catch(() => {}),
    pause: () => player.pause(),
    seekbackward: (details) => skip(-(details.seekOffset || SKIP_SECONDS)),
    seekforward: (details) => skip(details.seekOffset || SKIP_SECONDS),
    seekto: (details) => { player.currentTime = details.seekTime; updatePlayer(); },
    previoustrack: () => {
      const { now, index } = sectionsAt(player.currentTime);
      const sections = (state.result && state.result.sections) || [];
      const target = now && player.currentTime - now.start > 3 ? now : sections[Math.max(0, index - 1)];
      if (target) { player.currentTime = target.start; updatePlayer(); }
    },
    nexttrack: () => { const { next } = sectionsAt(player.currentTime); if (next) { player.currentTime = next.start; updatePlayer(); } },
  };
  for (const [action, handler] of Object.entries(handlers)) {
    try { session.setActionHandler(action, handler); } catch { /* an action this browser does not know */ }
  }
}

// MARK: Voice samples

/// Plays a few seconds of `name`, fetched first so a server that stopped is said plainly.
async function hearVoice(name, title) {
  const status = $("voice-status");
  if (!name) { status.textContent = "Choose a language first."; return; }
  status.textContent = `Loading a sample of ${title}…`;
  const answer = await api(`/api/voices/${encodeURIComponent(name)}/sample.wav`, { timeout: 60000 });
  if (!answer.ok) {
    status.textContent = answer.unreachable ? NOT_ANSWERING : failureMessage(answer, `A sample of ${title} could not be made.`);
    return;
  }
  const sample = $("voice-sample");
  if (sample.dataset.url) URL.revokeObjectURL(sample.dataset.url);
  sample.dataset.url = URL.createObjectURL(await answer.response.blob());
  sample.src = sample.dataset.url;
  sample.onended = () => { status.textContent = ""; };
  try {
    await sample.play();
    status.textContent = `Playing a sample of ${title}…`;
  } catch {
    status.textContent = `Your browser did not play the sample of ${title}; check that sound is on, then press Hear it again.`;
  }
}

// MARK: Wiring

function wire() {
  const range = $("minutes-range");
  const number = $("minutes-number");
  range.addEventListener("input", () => {
    number.value = range.value;
    range.setAttribute("aria-valuetext", minutesWords(range.value));
    choicesChanged();
  });
  number.addEventListener("input", () => {
    if (number.value !== "" && Number(number.value) >= Number(range.min) && Number(number.value) <= Number(range.max)) range.value = number.value;
    range.setAttribute("aria-valuetext", minutesWords(number.value));
    choicesChanged();
  });
  // Enter in a box or on a choice never makes the session (that is the button's): in the length box it asks for
  // the script at once.
  $("choices").addEventListener("keydown", (event) => {
    const target = event.target;
    if (event.key !== "Enter" || target.tagName !== "INPUT" || target.type === "file") return;
    event.preventDefault();
    if (target === number || target.id === "weeks" || target.id === "per-week") previewNow();
  });
  for (const id of ["weeks", "per-week"]) $(id).addEventListener("input", choicesChanged);
  document.addEventListener("change", (event) => {
    const target = event.target;
    if (target.name === "routine") {
      $("own-file").hidden = target.value !== "";
      showFileProblems("", "", null);
      if (target.value === "" && state.ownFile) checkOwnFile(state.ownFile.name, state.ownFile.text, false);
      updateLengthRange();
      choicesChanged();
    } else if (target.name === "kind") {
      applyMode();
      showFieldError(null, "");
      choicesChanged();
    } else if (target.name === "level") {
      updateLengthRange();
      choicesChanged();
    } else if (target.name === "voice") {
      $("voice-more").value = "";
      choicesChanged();
    } else if (target.id === "voice-more") {
      document.querySelectorAll('input[name="voice"]').forEach((input) => { input.checked = target.value === "" && input.value === ""; });
      choicesChanged();
    } else if (target.id === "routine-file") {
      chooseFile();
    } else if (target.id === "format") {
      updateBits();
      updatePlaylistLink();
      saveChoices();
    } else if (target.closest && target.closest("#choices")) {
      saveChoices();
    }
  });
  $("hear-more").addEventListener("click", () => {
    const option = $("voice-more").selectedOptions[0];
    hearVoice($("voice-more").value, option ? option.textContent : "");
  });
  $("choices").addEventListener("submit", render);
  $("cancel").addEventListener("click", cancel);
  const player = $("player");
  for (const name of ["timeupdate", "play", "pause", "ended", "loadedmetadata", "seeked"]) player.addEventListener(name, updatePlayer);
  $("play").addEventListener("click", togglePlay);
  $("back").addEventListener("click", () => skip(-SKIP_SECONDS));
  $("forward").addEventListener("click", () => skip(SKIP_SECONDS));
  $("position").addEventListener("input", () => { player.currentTime = Number($("position").value); updatePlayer(); });
}

let wired = false;

async function start() {
  if (!wired) { wire(); wired = true; }
  updateBits();
  $("preview-status").textContent = "Loading the routines…";
  watchPreparation();
  const [loaded] = await Promise.all([loadRoutines(), loadVoices()]);
  if (!loaded) { $("preview-status").textContent = ""; return; }
  restoreChoices();
  applyMode();
  updateLengthRange();
  updateBits();
  await Promise.all([preview(), resumeRender()]);
  document.body.dataset.ready = "true";
}

start();
