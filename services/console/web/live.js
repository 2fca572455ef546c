// Live updates from the gateway's Server-Sent Events (the session cookie goes with them); each
// watcher returns a function that closes it, which a screen calls when it is left.
//
// Connections are scarce. The console speaks HTTP/1.1 only, a browser opens at most six
// connections to one host across all its tabs, and an open event stream holds one of them for as
// long as it runs: a few forgotten tabs would leave no connection for the next fetch of any tab.
// So a case stream runs only while its tab is visible (hidden, it is closed; shown again, it is
// reopened after the last version seen, and a change made meanwhile arrives at once), and the
// reminders stream is opened by one tab of the browser for all the others (tabs.js).
//
// Refusals. The gateway refuses a stream it cannot serve (no session, no access, services down)
// with an HTTP error status before streaming — the EventSource is then CLOSED and the browser
// never tries again, nor says why — or, once streaming, with `event: error` carrying
// {"error":{"code","message"}} (after `retry: 30000`, so that the browser's own reconnection
// would wait). Either way the source is closed here; then a session that has ended sends the page
// to the sign-in view (api.sessionStillValid), a refusal that will not change (no access, no such
// case) stops the stream quietly, and anything else is tried again later, waiting longer each
// time. A connection that merely dropped is the browser's to reopen (with Last-Event-ID).

import * as api from './api.js';

const BACKOFF_MS = [5000, 10000, 30000, 60000];
// A stream that ran this long was working: its next failure waits the shortest time again.
const STEADY_MS = 60000;
// Refusals that another attempt would only repeat.
const FINAL_CODES = new Set(['PERMISSION_DENIED', 'NOT_FOUND', 'INVALID_ARGUMENT']);

function errorCodeOf(data) {
  try {
    const body = JSON.parse(data);
    return body && body.error && typeof body.error.code === 'string' ? body.error.code : '';
  } catch (e) {
    return '';
  }
}

// One EventSource on `urlOf()` (asked again at each reopening), with `events` {name: fn(data)}
// for JSON events, `onOpen()` at each successful connection, and, with `whileVisible`, closed
// while the tab is hidden. Returns the function that stops it for good.
function stream(urlOf, {events, onOpen = null, whileVisible = false}) {
  let source = null;
  let stopped = false;
  let timer = 0;        // a reopening after a refusal is due
  let checking = false; // asking whether the session still lives
  let failures = 0;
  let openedAt = 0;

  function open() {
    timer = 0;
    if (stopped || source || checking || (whileVisible && document.hidden)) return;
    const es = new EventSource(urlOf());
    source = es;
    es.addEventListener('open', () => {
      if (es !== source) return;
      openedAt = Date.now();
      if (onOpen) onOpen();
    });
    for (const [name, fn] of Object.entries(events)) {
      es.addEventListener(name, (e) => {
        if (es !== source) return;
        let data;
        try {
          data = JSON.parse(e.data);
        } catch (err) {
          return;  // a malformed event is ignored
        }
        failures = 0;
        fn(data);
      });
    }
    es.addEventListener('error', (e) => {
      if (es !== source) return;
      // The server's `event: error` carries its refusal; the browser's own error event has no
      // data: CLOSED when the answer was an error status, CONNECTING when it reconnects by itself.
      if (typeof e.data === 'string' && e.data) refused(errorCodeOf(e.data));
      else if (es.readyState === EventSource.CLOSED) refused('');
    });
  }

  function shut() {
    if (source) source.close();
    source = null;
  }

  async function refused(code) {
    const ranFor = openedAt ? Date.now() - openedAt : 0;
    shut();
    openedAt = 0;
    if (FINAL_CODES.has(code)) {
      stop();
      return;
    }
    // An error status says nothing of its reason: the session is the one that matters here.
    if (!code || code === 'UNAUTHENTICATED') {
      checking = true;
      const alive = await api.sessionStillValid();
      checking = false;
      if (!alive) {
        stop();
        return;
      }
    }
    if (stopped) return;
    if (ranFor >= STEADY_MS) failures = 0;
    const wait = BACKOFF_MS[Math.min(failures, BACKOFF_MS.length - 1)];
    failures++;
    clearTimeout(timer);
    timer = setTimeout(open, wait);
  }

  function onVisibility() {
    if (document.hidden) {
      shut();
      openedAt = 0;
    } else if (!timer) {
      open();
    }
  }

  function stop() {
    stopped = true;
    clearTimeout(timer);
    timer = 0;
    shut();
    if (whileVisible) document.removeEventListener('visibilitychange', onVisibility);
  }

  if (whileVisible) document.addEventListener('visibilitychange', onVisibility);
  open();
  return stop;
}

// Calls onChange({case_number, version, state}) whenever the case moves past `version`. Runs
// while the tab is visible; reopened, it asks for what came after the last version seen.
// Returns the function that stops it; its `shown(version)` says the page already shows that
// version (the person's own command, acknowledged with it): the stream's news of that version
// or an earlier one is then not news, and onChange is not called for it.
export function watchCase(caseNumber, version, onChange) {
  let after = Number(version) || 0;
  const url = () => `/api/events/case/${encodeURIComponent(caseNumber)}?after_version=${after}`;
  const stop = stream(url, {
    whileVisible: true,
    events: {
      case(data) {
        const v = Number(data.version) || 0;
        if (v > after) {
          after = v;
          onChange(data);
        }
      },
    },
  });
  stop.shown = (v) => {
    const n = Number(v) || 0;
    if (n > after) after = n;
  };
  return stop;
}

// Calls onNotice(notice) for every reminder delivered to the signed-in person, and onOpen() each
// time the stream (re)connects: a new stream starts at the newest reminder, so reminders
// delivered while none was open are not sent and must be read again (ListNotices). With
// `whileVisible` it runs only while the tab is visible (when tabs cannot share one, tabs.js).
export function watchNotices(onNotice, {onOpen = null, whileVisible = false} = {}) {
  return stream(() => '/api/events/notices', {events: {notice: onNotice}, onOpen, whileVisible});
}
