// The service worker. Listeners are registered synchronously at the top level so a worker woken
// by an event finds them; nothing but the free-cleanup claim queue is kept in worker memory.
import browser from 'webextension-polyfill';
import { handleFreeCleanupMessage } from './free-cleanup-claims.ts';
import { relayPageToHost } from './host-relay.ts';

browser.runtime.onConnect.addListener(relayPageToHost);
browser.runtime.onMessage.addListener(handleFreeCleanupMessage);
