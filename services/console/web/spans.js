// Spans of a draft's text. The services count characters as Unicode code points (a character
// outside the Basic Multilingual Plane, such as 𠀋, is one character), while a textarea's
// selectionStart/End count UTF-16 units (that character is two): every offset crosses here.

import {h} from './dom.js';

// UTF-16 offset in `text` → code point offset.
export function toCodePoints(text, utf16Offset) {
  let points = 0;
  let i = 0;
  while (i < utf16Offset && i < text.length) {
    const c = text.charCodeAt(i);
    i += (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) ? 2 : 1;
    points++;
  }
  return points;
}

export function codePoints(text) {
  return Array.from(text || '');
}

// The text of a code-point span.
export function sliceByPoints(text, begin, end) {
  return codePoints(text).slice(begin, end).join('');
}

// The text split at every span boundary: [{text, marks: [span, ...]}] in order, each piece with
// the spans covering it. Spans are {begin, end, ...} in code points; overlapping spans both mark
// the piece they share.
export function segments(text, spans) {
  const chars = codePoints(text);
  const cuts = new Set([0, chars.length]);
  for (const s of spans) {
    cuts.add(Math.max(0, Math.min(chars.length, s.begin)));
    cuts.add(Math.max(0, Math.min(chars.length, s.end)));
  }
  const points = [...cuts].sort((a, b) => a - b);
  const out = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const from = points[i];
    const to = points[i + 1];
    if (to <= from) continue;
    out.push({
      begin: from,
      end: to,
      text: chars.slice(from, to).join(''),
      marks: spans.filter((s) => s.begin <= from && to <= s.end),
    });
  }
  return out;
}

// A text with its spans marked: each covered piece in a <mark> whose classes and title come
// from `describe(marks)` → {cls, title, label}; `label` (a finding's number) is shown before the
// first piece of a span.
export function markedText(text, spans, describe, attrs) {
  const root = h('div', Object.assign({class: 'marked-text'}, attrs || {}));
  const started = new Set();
  for (const piece of segments(text, spans)) {
    if (piece.marks.length === 0) {
      root.appendChild(document.createTextNode(piece.text));
      continue;
    }
    const {cls, title} = describe(piece.marks);
    for (const m of piece.marks) {
      if (!started.has(m) && m.label) {
        root.appendChild(h('span', {class: 'span-label', 'aria-hidden': 'true'}, m.label));
      }
      started.add(m);
    }
    root.appendChild(h('mark', {class: cls, title}, piece.text));
  }
  return root;
}

// Keeps spans on the same words after an edit of the text: the edit is the changed middle
// between the longest common prefix and suffix. Spans before it stay, spans after it shift,
// a span with the edit inside it stretches; a span the edit cuts through is dropped and
// returned in `dropped`.
export function adjustSpans(oldText, newText, spans) {
  const a = codePoints(oldText);
  const b = codePoints(newText);
  let prefix = 0;
  while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++;
  let suffix = 0;
  while (suffix < a.length - prefix && suffix < b.length - prefix &&
         a[a.length - 1 - suffix] === b[b.length - 1 - suffix]) suffix++;
  const oldEnd = a.length - suffix;
  const delta = b.length - a.length;
  const kept = [];
  const dropped = [];
  for (const s of spans) {
    if (s.end <= prefix) {
      kept.push(s);
    } else if (s.begin >= oldEnd) {
      kept.push(Object.assign({}, s, {begin: s.begin + delta, end: s.end + delta}));
    } else if (s.begin <= prefix && oldEnd <= s.end && s.begin < prefix) {
      const end = s.end + delta;
      if (end > s.begin) kept.push(Object.assign({}, s, {end}));
      else dropped.push(s);
    } else {
      dropped.push(s);
    }
  }
  return {spans: kept, dropped};
}

// The text with each span replaced (the released text of a partial disclosure).
export function replaceSpans(text, spans, replacement) {
  const chars = codePoints(text);
  const sorted = spans.slice().sort((x, y) => x.begin - y.begin);
  let out = '';
  let at = 0;
  for (const s of sorted) {
    const begin = Math.max(at, Math.min(chars.length, s.begin));
    const end = Math.min(chars.length, s.end);
    if (end <= at) continue;
    out += chars.slice(at, begin).join('');
    if (begin >= at) out += replacement(s);
    at = end;
  }
  return out + chars.slice(at).join('');
}
