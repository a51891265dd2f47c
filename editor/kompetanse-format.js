// The editor's file format: Markdown with YAML front matter, edited in place.
//
// Decap CMS would write front matter through its own YAML serializer, dropping comments,
// quoting and key order. This format keeps the file's text: `parse` remembers the original
// text beside the data, and `serialize` returns it unchanged when the data is unchanged;
// otherwise it replaces only the top-level keys whose value changed (each as its own block
// of lines) and checks that the result reads back as exactly the data the form holds. When
// that check fails, it refuses to save rather than lose anything.
import * as YAML from "./vendor/yaml/index.js";

/** The key under which an entry carries its file's original text. */
export const ORIGINAL = "__kompetanse_original";

const OPEN = /^---[ \t]*\r?\n/;
const CLOSE = /^(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/gm;

/** The parts of a file with front matter, or null without it. */
export function split(text) {
  const bom = text.startsWith("\uFEFF") ? "\uFEFF" : "";
  const rest = text.slice(bom.length);
  const open = OPEN.exec(rest);
  if (!open) {
    return null;
  }
  CLOSE.lastIndex = open[0].length;
  let close = CLOSE.exec(rest);
  // An empty front matter closes right after the opening line.
  while (close && close.index < open[0].length) {
    close = CLOSE.exec(rest);
  }
  if (!close) {
    return null;
  }
  return {
    bom,
    open: open[0],
    yaml: rest.slice(open[0].length, close.index),
    close: close[0],
    body: rest.slice(close.index + close[0].length),
  };
}

/** A message in the site's language (`texts`, from the editor's configuration). */
function say(texts, key, fallback, error = "") {
  return ((texts && texts[key]) || fallback).split("{error}").join(error);
}

function readYaml(yaml, texts = {}) {
  const doc = YAML.parseDocument(yaml);
  if (doc.errors.length > 0) {
    throw new Error(
      say(
        texts,
        "invalid_yaml",
        "Toppteksten (front matter) er ikke gyldig YAML, så siden kan ikke åpnes i skjemaet: {error}. Rett filen i et tekstprogram, eller kjør `kompetanse check`.",
        doc.errors[0].message
      )
    );
  }
  const data = doc.toJS() ?? {};
  if (typeof data !== "object" || Array.isArray(data)) {
    throw new Error(say(texts, "not_a_map", "Toppteksten (front matter) må være en liste med felt: navn: verdi."));
  }
  return data;
}

/**
 * The shape of the forms' fields, merged over all collections: for each key, whether it is
 * a list and the shape of its items or sub-fields. Built from the generated configuration.
 */
export function shapeOf(collections) {
  const shape = {};
  const add = (into, fields) => {
    for (const field of fields || []) {
      const entry = (into[field.name] ||= { list: false, fields: {} });
      entry.list ||= field.widget === "list" || (field.widget === "select" && field.multiple === true);
      add(entry.fields, field.fields);
      if (field.field) {
        add(entry.fields, [field.field]);
      }
    }
  };
  for (const collection of collections || []) {
    add(shape, collection.fields);
    for (const file of collection.files || []) {
      add(shape, file.fields);
    }
  }
  return shape;
}

/**
 * Lists the model also accepts as one value (`leads: Beredskapsleder`) become one-item
 * lists, as the form's list widget needs; the file keeps its own spelling unless the field
 * is edited.
 */
function normalized(data, shape) {
  if (!shape || !isObject(data)) {
    return data;
  }
  const out = { ...data };
  for (const [key, value] of Object.entries(data)) {
    const field = shape[key];
    if (!field || value === null || value === undefined) {
      continue;
    }
    if (field.list && !Array.isArray(value)) {
      out[key] = [value];
    }
    if (Array.isArray(out[key])) {
      out[key] = out[key].map((item) => normalized(item, field.fields));
    } else if (isObject(value)) {
      out[key] = normalized(value, field.fields);
    }
  }
  return out;
}

/** The entry's data: the front matter's keys, the Markdown as `body`, and the text. */
export function parse(text, { shape = null, texts = {} } = {}) {
  const parts = split(text);
  if (!parts) {
    return { body: text, [ORIGINAL]: text };
  }
  return { ...normalized(readYaml(parts.yaml, texts), shape), body: parts.body, [ORIGINAL]: text };
}

function isObject(value) {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** Values a form leaves behind for a field that was never filled in. */
function isBlank(value) {
  return (
    value === undefined ||
    value === null ||
    value === "" ||
    value === false ||
    (Array.isArray(value) && value.length === 0) ||
    (isObject(value) && Object.values(value).every(isBlank))
  );
}

function sameText(a, b) {
  const norm = (s) => String(s ?? "").replace(/\r\n/g, "\n").trim();
  return norm(a) === norm(b);
}

/** Equal as far as the site is concerned: blank and missing are the same. */
export function same(a, b) {
  if (isBlank(a) && isBlank(b)) {
    return true;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((x, i) => same(x, b[i]));
  }
  if (isObject(a) && isObject(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].every((k) => same(a[k], b[k]));
  }
  if (typeof a === "number" || typeof b === "number") {
    return String(a) === String(b);
  }
  return a === b;
}

/** Plain data: dates as YYYY-MM-DD, no undefined, no original text. */
function clean(value) {
  if (value instanceof Date) {
    return value.toISOString().slice(0, 10);
  }
  if (Array.isArray(value)) {
    return value.map(clean);
  }
  if (isObject(value)) {
    const out = {};
    for (const [k, v] of Object.entries(value)) {
      if (k !== ORIGINAL && v !== undefined) {
        out[k] = clean(v);
      }
    }
    return out;
  }
  return value;
}

/** Blank values dropped, for new keys and new files. */
function pruned(value) {
  if (Array.isArray(value)) {
    // An item added to a list and left empty says nothing.
    return value.filter((item) => !isBlank(item)).map(pruned);
  }
  if (isObject(value)) {
    const out = {};
    for (const [k, v] of Object.entries(value)) {
      if (!isBlank(v) || Array.isArray(v)) {
        out[k] = pruned(v);
      }
    }
    return out;
  }
  return value;
}

const TOP_KEY = /^(?:"[^"]*"|'[^']*'|[^\s#'"\-?:,\[\]{}&*!|>%@`][^:#]*?)[ \t]*:(?:[ \t]|$)/;

function keyOfLine(line) {
  const match = TOP_KEY.exec(line);
  if (!match) {
    return null;
  }
  const raw = match[0].replace(/[ \t]*:[ \t]*$/, "").replace(/:$/, "").trim();
  return raw.replace(/^["']|["']$/g, "");
}

/** Each top-level key's block of lines: [start, end) line indexes. */
function blocks(lines) {
  const starts = [];
  lines.forEach((line, i) => {
    const key = keyOfLine(line);
    if (key !== null) {
      starts.push({ key, start: i });
    }
  });
  return starts.map((s, n) => {
    let end = n + 1 < starts.length ? starts[n + 1].start : lines.length;
    // Comments and blank lines at the left margin before the next key belong to it.
    while (end > s.start + 1 && /^(#.*)?[ \t]*$/.test(lines[end - 1]) && !/^[ \t]/.test(lines[end - 1])) {
      end -= 1;
    }
    return { key: s.key, start: s.start, end };
  });
}

/** `key: value` as YAML; a scalar keeps the quoting it had (`previous`, a yaml node). */
function stringifyKey(key, value, previous) {
  const doc = new YAML.Document({});
  if (YAML.isScalar(previous) && value !== null && typeof value !== "object") {
    const node = doc.createNode(value);
    node.type = previous.type;
    // A comment after the value (`owner: IT # avdeling`) stays on its line.
    node.comment = previous.comment;
    doc.set(key, node);
  } else {
    doc.set(key, value);
  }
  return doc.toString({ lineWidth: 0 });
}

/** Replaces changed keys line by line; null when the text's layout is beyond it. */
function spliced(yaml, changes, newline) {
  const lines = yaml.split(/\r?\n/);
  const trailing = lines.length > 0 && lines[lines.length - 1] === "";
  if (trailing) {
    lines.pop();
  }
  const found = blocks(lines);
  const parsed = YAML.parseDocument(yaml);
  const byKey = new Map(found.map((b) => [b.key, b]));
  const out = [];
  let at = 0;
  for (const block of found) {
    out.push(...lines.slice(at, block.start));
    at = block.end;
    if (!changes.has(block.key)) {
      out.push(...lines.slice(block.start, block.end));
      continue;
    }
    const change = changes.get(block.key);
    if (change.remove) {
      continue;
    }
    const previous = parsed.get(block.key, true);
    out.push(...stringifyKey(block.key, change.value, previous).replace(/\n$/, "").split("\n"));
  }
  out.push(...lines.slice(at));
  for (const [key, change] of changes) {
    if (!byKey.has(key) && !change.remove) {
      out.push(...stringifyKey(key, change.value).replace(/\n$/, "").split("\n"));
    }
  }
  return out.join(newline) + (trailing || out.length > 0 ? newline : "");
}

/** The same text through the yaml library's document API (keeps comments). */
function throughDocument(yaml, changes, newline) {
  const doc = YAML.parseDocument(yaml);
  for (const [key, change] of changes) {
    if (change.remove) {
      doc.delete(key);
    } else {
      doc.set(key, change.value);
    }
  }
  return doc.toString({ lineWidth: 0 }).replace(/\r?\n/g, newline);
}

/**
 * The file's new body for the text `typed`, in the file's own conventions: its line endings,
 * its blank line (or none) after the front matter, and a final line break only if it had one.
 */
function rewrittenBody(parts, original, typed, newline) {
  const text = String(typed ?? "").replace(/\r\n/g, "\n").trim();
  if (text === "") {
    return "";
  }
  const lead = parts.body === "" || /^\r?\n/.test(parts.body) ? newline : "";
  const end = /\n$/.test(original) ? newline : "";
  return lead + text.replace(/\n/g, newline) + end;
}

/**
 * The file text for `data`. `formFields` (a Set) names the keys the forms show: a key missing
 * from the data is removed from the file only if it is one of them (a key the form does not
 * know is always kept). `keepEmpty` names keys whose empty list means something (`[]`, shown
 * as «Ingen»), written even in a new file.
 */
export function serialize(data, { formFields = null, keepEmpty = [], shape = null, texts = {} } = {}) {
  const original = data[ORIGINAL];
  const next = clean(data);
  const parts = typeof original === "string" ? split(original) : null;
  if (typeof original === "string") {
    const before = clean(parse(original, { shape }));
    if (same(next, before) && sameText(next.body, before.body)) {
      return original;
    }
    if (!parts) {
      throw new Error(
        say(texts, "no_front_matter", "Filen har ingen topptekst (front matter) og kan ikke lagres fra skjemaet.")
      );
    }
    const changes = new Map();
    const keys = new Set([...Object.keys(before), ...Object.keys(next)]);
    for (const key of keys) {
      if (key === "body" || same(next[key], before[key])) {
        continue;
      }
      const value = next[key];
      if (value === undefined || value === null || value === "") {
        if (key in before && (!formFields || formFields.has(key))) {
          changes.set(key, { remove: true });
        }
      } else if (!(key in before) && isBlank(value)) {
        continue;
      } else {
        changes.set(key, { value: pruned(value) });
      }
    }
    const expected = { ...before };
    delete expected.body;
    for (const [key, change] of changes) {
      if (change.remove) {
        delete expected[key];
      } else {
        expected[key] = change.value;
      }
    }
    const newline = original.includes("\r\n") ? "\r\n" : "\n";
    let body = parts.body;
    let close = parts.close;
    if (!sameText(next.body, before.body)) {
      body = rewrittenBody(parts, original, next.body, newline);
      if (body !== "" && !/\n$/.test(close)) {
        // `---` ended the file: the new text goes on a line of its own.
        close += newline;
      }
    }
    if (changes.size === 0) {
      return parts.bom + parts.open + parts.yaml + close + body;
    }
    for (const attempt of [spliced, throughDocument]) {
      const yaml = attempt(parts.yaml, changes, newline);
      if (yaml === null) {
        continue;
      }
      let reread;
      try {
        reread = normalized(readYaml(yaml), shape);
      } catch {
        continue;
      }
      if (same(reread, expected) && JSON.stringify(Object.keys(reread).filter((k) => !isBlank(reread[k])).sort()) ===
        JSON.stringify(Object.keys(expected).filter((k) => !isBlank(expected[k])).sort())) {
        return parts.bom + parts.open + yaml + close + body;
      }
    }
    throw new Error(
      say(
        texts,
        "cannot_keep",
        "Endringen kan ikke lagres uten å endre andre deler av toppteksten. Rediger filen i et tekstprogram."
      )
    );
  }
  const fields = {};
  for (const [key, value] of Object.entries(next)) {
    const meaningful = keepEmpty.includes(key) && Array.isArray(value);
    if (key !== "body" && (!isBlank(value) || meaningful)) {
      fields[key] = pruned(value);
    }
  }
  const yaml = Object.keys(fields).length > 0 ? YAML.stringify(fields, { lineWidth: 0 }) : "";
  const text = String(next.body ?? "").replace(/\r\n/g, "\n").trim();
  return "---\n" + yaml + "---\n" + (text === "" ? "" : "\n" + text + "\n");
}
