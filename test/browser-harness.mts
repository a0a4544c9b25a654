// Headless Debian Chromium (playwright-core, executablePath) and a signaling server on 127.0.0.1: the page
// and Node exchange descriptions and candidates over HTTP (POST /send, long-poll GET /poll).
import { chromium, type Browser, type BrowserServer, type Page } from 'playwright-core';
import { createServer, type Server } from 'node:http';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { RTCPeerConnection } from 'node-libwebrtc';
import { LOOPBACK } from './helpers.mjs';

const PAGE_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'test', 'browser');
export const CHROMIUM = '/usr/bin/chromium';

export interface Signal {
  description?: RTCSessionDescriptionInit;
  candidate?: RTCIceCandidateInit;
}

/** One browser and its signaling server; a fresh page (and peer) per scenario. */
export class BrowserPeer {
  browser!: Browser;
  browserServer!: BrowserServer;
  page!: Page;
  server!: Server;
  port = 0;
  /** Messages for the page, waiting for its next poll. */
  #toBrowser: Signal[] = [];
  #waiting: ((messages: Signal[]) => void) | null = null;
  onSignal: (message: Signal) => void = () => {};

  async start(): Promise<void> {
    this.server = createServer((request, response) => {
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      if (request.method === 'POST' && url.pathname === '/send') {
        let body = '';
        request.on('data', (chunk) => (body += chunk));
        request.on('end', () => {
          response.end('{}');
          this.onSignal(JSON.parse(body));
        });
      } else if (url.pathname === '/poll') {
        const reply = (messages: Signal[]) => {
          response.setHeader('content-type', 'application/json');
          response.end(JSON.stringify(messages));
        };
        if (this.#toBrowser.length) {
          reply(this.#toBrowser.splice(0));
        } else {
          this.#waiting = reply;
          setTimeout(() => {
            if (this.#waiting === reply) {
              this.#waiting = null;
              reply([]);
            }
          }, 1000);
        }
      } else {
        const file = path.join(PAGE_DIR, url.pathname === '/' ? 'peer.html' : path.basename(url.pathname));
        try {
          response.setHeader('content-type', file.endsWith('.js') ? 'text/javascript' : 'text/html');
          response.end(readFileSync(file));
        } catch {
          response.statusCode = 404;
          response.end();
        }
      }
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as { port: number }).port;
    // launchServer: Playwright's fresh temporary profile, and the process id to kill it by.
    this.browserServer = await chromium.launchServer({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--allow-loopback-in-peer-connection',
        '--disable-features=WebRtcHideLocalIpsWithMdns',
        '--use-fake-device-for-media-stream',
        '--use-fake-ui-for-media-stream',
        '--autoplay-policy=no-user-gesture-required',
      ],
    });
    this.browser = await chromium.connect(this.browserServer.wsEndpoint());
  }

  /** Sends a message to the page. */
  send(message: Signal): void {
    this.#toBrowser.push(message);
    if (this.#waiting) {
      const waiting = this.#waiting;
      this.#waiting = null;
      waiting(this.#toBrowser.splice(0));
    }
  }

  /** A fresh page with a started peer. */
  async newPage(): Promise<void> {
    if (this.page) await this.page.close();
    this.#toBrowser = [];
    // A poll of the previous page may still be open: answer it now, or the next message would go there.
    const stale = this.#waiting;
    this.#waiting = null;
    stale?.([]);
    this.page = await this.browser.newPage();
    this.page.on('pageerror', (error) => console.error('page error:', error));
    await this.page.goto(`http://127.0.0.1:${this.port}/`);
    await this.page.evaluate(() => (window as any).interop.start());
  }

  call<T>(name: string, ...args: unknown[]): Promise<T> {
    return this.page.evaluate(([fn, params]) => (window as any).interop[fn as string](...(params as unknown[])), [name, args] as const) as Promise<T>;
  }

  async stop(): Promise<void> {
    // By process id, whatever state the browser is in.
    const pid = this.browserServer?.process().pid;
    await Promise.race([this.browser?.close().catch(() => {}), new Promise((resolve) => setTimeout(resolve, 5000))]);
    if (pid) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    await this.browserServer?.close().catch(() => {});
    this.server?.closeAllConnections?.();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

/** The Node peer of a scenario, wired to the browser's signaling. */
export function nodePeer(browser: BrowserPeer): RTCPeerConnection {
  const pc = new RTCPeerConnection({ ...LOOPBACK, iceInterfaces: ['127.0.0.1'] });
  pc.onicecandidate = ({ candidate }) => candidate && browser.send({ candidate: candidate.toJSON() });
  browser.onSignal = async (message) => {
    if (pc.signalingState === 'closed') return;
    if (message.description) {
      await pc.setRemoteDescription(message.description);
      if (message.description.type === 'offer') {
        await pc.setLocalDescription();
        browser.send({ description: pc.localDescription!.toJSON() });
      }
    } else if (message.candidate) {
      await pc.addIceCandidate(message.candidate).catch(() => {});
    }
  };
  return pc;
}

export async function nodeOffers(pc: RTCPeerConnection, browser: BrowserPeer): Promise<void> {
  await pc.setLocalDescription();
  browser.send({ description: pc.localDescription!.toJSON() });
}
