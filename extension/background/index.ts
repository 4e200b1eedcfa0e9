// The service worker. Listeners are registered synchronously at the top level so a worker woken
// by an event finds them; no state is kept in worker memory.
import browser from 'webextension-polyfill';
import { relayPageToHost } from './host-relay.ts';

browser.runtime.onConnect.addListener(relayPageToHost);
