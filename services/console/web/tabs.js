// What the console's tabs in one browser share: the reminders stream, and the news that a session
// has ended.
//
// One reminders stream per browser. Every open event stream holds one of the six HTTP/1.1
// connections a browser allows to one host across all its tabs (live.js), so the tabs elect a
// leader with the Web Lock 'gongkai-notices': the tab holding it opens the one EventSource and
// relays each reminder to the others over BroadcastChannel('gongkai-notices'); the others only
// listen. The lock is held while the leader lives (released when it signs out or closes), and
// the next tab waiting for it takes over at once. Each message names the person it is for: the
// cookie is the browser's, so every tab that is up to date shows the same person, and a tab that
// hears of someone else is behind — it checks its session (and goes to the sign-in view).
// A stream that (re)opens starts at the newest reminder: whatever came while no tab listened is
// read again (`onMissed` in every tab: the badge, the reminders screen's list).
//
// Web Locks need a secure context (HTTPS, or the console on this machine's loopback address).
// Without them — plain HTTP from another machine — each tab opens its own stream, but only while
// it is visible, and reads the reminders again when shown.

import * as api from './api.js';
import {watchNotices} from './live.js';

const NOTICES = 'gongkai-notices';
const SESSION = 'gongkai-session';
const STALE_CHECK_MS = 10000;

const canShare = typeof BroadcastChannel === 'function';
const sessionChannel = canShare ? new BroadcastChannel(SESSION) : null;
let lastStaleCheck = 0;

function staleCheck() {
  if (Date.now() - lastStaleCheck < STALE_CHECK_MS) return;
  lastStaleCheck = Date.now();
  api.sessionStillValid();
}

// Reminders for `userId`: onNotice(notice) for each, onMissed() when some may have been missed.
// Returns the function that stops listening (and hands the stream to another tab).
export function shareNotices(userId, {onNotice, onMissed}) {
  if (!canShare || !navigator.locks || typeof navigator.locks.request !== 'function') {
    return watchNotices(onNotice, {onOpen: onMissed, whileVisible: true});
  }
  const channel = new BroadcastChannel(NOTICES);
  const abort = new AbortController();
  let stopped = false;
  let release = null;
  let stopStream = null;

  channel.addEventListener('message', (e) => {
    const m = e.data || {};
    if (stopped) return;
    if (m.user !== userId) {
      if (m.user) staleCheck();
      return;
    }
    if (m.type === 'notice' && m.notice) onNotice(m.notice);
    else if (m.type === 'missed') onMissed();
  });

  // The callback runs when this tab becomes the leader; the lock is held until its promise
  // settles, which only stopping does (or the tab's end, when the browser releases it).
  navigator.locks.request(NOTICES, {signal: abort.signal}, () => {
    if (stopped) return undefined;
    return new Promise((resolve) => {
      release = resolve;
      stopStream = watchNotices((notice) => {
        if (stopped) return;
        channel.postMessage({type: 'notice', user: userId, notice});
        onNotice(notice);
      }, {
        onOpen() {
          if (stopped) return;
          channel.postMessage({type: 'missed', user: userId});
          onMissed();
        },
      });
    });
  }).catch(() => {
    // AbortError: stopped before this tab's turn came
  });

  return () => {
    stopped = true;
    abort.abort();
    if (stopStream) stopStream();
    if (release) release();
    channel.close();
  };
}

// Tells the other tabs that `userId`'s session has ended (signed out, or found expired): each
// checks its own and, if it is gone, shows the sign-in view at once instead of at its next call.
export function announceSessionEnded(userId) {
  if (sessionChannel) sessionChannel.postMessage({type: 'ended', user: userId || ''});
}

// fn() when another tab announces the end of a session.
export function onSessionEnded(fn) {
  if (!sessionChannel) return;
  sessionChannel.addEventListener('message', (e) => {
    if (e.data && e.data.type === 'ended') fn(e.data.user || '');
  });
}
