import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../local-stack/stack.js';
import { startLocalStack } from '../../local-stack/stack.js';
import { adminClient, uploadToPresignedPost } from '../support/admin-client.js';
import { type Browser, launchBrowser } from './browser.js';

const PLATFORM_KEY = 'e2e-platform-key';
const FAQ = [
  'Bella Vista Pizzeria FAQ',
  '',
  'Opening hours: Tuesday to Sunday from 12:00 to 22:30. We are closed on Mondays.',
  'Delivery costs $3.50 within 5 km of the restaurant; orders over $40 are delivered free.',
  'Our wood-fired Margherita costs $12 and the Diavola costs $14.',
].join('\n');
const OWNER_EMAIL = 'gia@bellavista.example';
const OWNER_PASSWORD = 'Wood-Fired-Oven-12';
const SCREENSHOTS = path.resolve('test-results/widget');

let stack: LocalStack;
let browser: Browser;
let owner: Page;
let visitor: Page;
let business: string;
/** The visitor page's WebSockets and the frames they received. */
const sockets: string[] = [];
const framesReceived: string[] = [];

/** The widget's shadow root on the visitor's page, for what a locator cannot say. */
const inWidget = (page: Page, expression: string) =>
  page.evaluate(
    `(() => { const root = document.querySelector('[data-frontdesk-chat]').shadowRoot; return ${expression}; })()`,
  );

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });

beforeAll(async () => {
  stack = await startLocalStack({
    stateDir: ':memory:',
    port: 0,
    env: { PLATFORM_ADMIN_KEY: PLATFORM_KEY, BURST_WINDOW_MS: '0' },
  });
  const created = await adminClient(stack, PLATFORM_KEY).call('POST', '/v1/tenants', { name: 'Bella Vista' });
  business = created.json.tenantId;
  const api = adminClient(stack, created.json.apiKey);
  const bytes = new TextEncoder().encode(FAQ);
  const upload = await api.call('POST', '/v1/documents', {
    filename: 'bella-vista-faq.txt',
    size: bytes.byteLength,
  });
  await uploadToPresignedPost(upload.json.upload, bytes, 'bella-vista-faq.txt');
  await api.call('POST', '/v1/users', { email: OWNER_EMAIL, role: 'owner' });
  await stack.idle();
  browser = await launchBrowser();
  owner = browser.page;
  visitor = await browser.context.newPage();
  visitor.on('websocket', (socket) => {
    sockets.push(socket.url());
    socket.on('framereceived', (frame) => framesReceived.push(String(frame.payload)));
  });
});
afterEach(async ({ task }) => {
  if (task.result?.state === 'fail') {
    await shot(owner, `failed-owner-${task.name.replace(/\W+/g, '-')}`).catch(() => undefined);
    await shot(visitor, `failed-visitor-${task.name.replace(/\W+/g, '-')}`).catch(() => undefined);
  }
});
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

describe('website chat widget in Chromium', () => {
  it('lets the owner list the site, shows the snippet and a live preview', async () => {
    // Prepare: the owner signs in with the invitation's temporary password.
    const temporary = /temporary password (\S+)/.exec(
      stack.mailbox
        .list()
        .filter((m) => m.to === OWNER_EMAIL)
        .at(-1)?.text ?? '',
    )?.[1];
    await owner.goto(`${stack.url}/console/`);
    await owner.getByLabel('E-mail').fill(OWNER_EMAIL);
    await owner.getByLabel('Password').fill(temporary ?? '');
    await owner.getByRole('button', { name: 'Sign in' }).click();
    await owner.getByLabel('New password').fill(OWNER_PASSWORD);
    await owner.getByRole('button', { name: 'Save password' }).click();
    await expect.poll(() => owner.locator('#business-name').textContent()).toBe('Bella Vista');

    // Act
    await owner.getByRole('link', { name: 'Website' }).click();
    await owner.getByLabel('Allowed sites').fill(stack.url);
    await owner.getByLabel('Greeting').fill('Ciao! Ask us about pizza.');
    await owner.getByRole('button', { name: 'Save website chat' }).click();

    // Assess
    await expect.poll(() => owner.locator('#status').textContent()).toBe('Website chat saved.');
    expect(await owner.getByLabel('Snippet to paste').inputValue()).toBe(
      `<script src="${stack.url}/widget.js" data-business="${business}" async></script>`,
    );
    expect(await owner.locator('.widget-preview .msg.assistant').first().textContent()).toBe(
      'Ciao! Ask us about pizza.',
    );
    await shot(owner, '01-website-panel');
  });

  it("answers a visitor with the cited answer on the business's page, and keeps it across a reload", async () => {
    // Act
    await visitor.goto(`${stack.url}/demo-site/?business=${business}`);
    await visitor.getByRole('button', { name: 'Open chat' }).click();
    const dialog = visitor.getByRole('dialog');
    await expect
      .poll(() => dialog.locator('.msg.assistant').first().textContent())
      .toBe('Ciao! Ask us about pizza.');
    await visitor.getByLabel('Write a message…').fill('How much does delivery cost?');
    await visitor.keyboard.press('Enter');
    const answer = dialog.locator('.msg.assistant').nth(1);
    await expect.poll(() => answer.textContent(), { timeout: 15_000 }).toContain('$3.50');
    await shot(visitor, '02-visitor-answer');
    await visitor.reload();

    // Assess: the answer quotes the business; after the reload the conversation is still there.
    await visitor.getByRole('button', { name: 'Open chat' }).click();
    await expect
      .poll(() => visitor.locator('.msg.visitor').allTextContents())
      .toEqual(['You: How much does delivery cost?']);
    const kept = await visitor.locator('.msg.assistant').allTextContents();
    expect(kept[1]).toMatch(/According to Bella Vista.*\$3\.50/);
  });

  it('is a keyboard dialog: focus stays inside while open, Escape closes it and returns to the bubble', async () => {
    // Act
    for (let n = 0; n < 6; n++) await visitor.keyboard.press('Tab');
    const insideAfterTabs = await inWidget(
      visitor,
      "root.activeElement !== null && root.querySelector('.panel').contains(root.activeElement)",
    );
    await visitor.keyboard.press('Escape');

    // Assess
    expect(insideAfterTabs).toBe(true);
    expect(await visitor.getByRole('dialog').count()).toBe(0);
    expect(await inWidget(visitor, "root.activeElement?.getAttribute('aria-label')")).toBe('Open chat');
    expect(await visitor.getByRole('button', { name: 'Open chat' }).getAttribute('aria-expanded')).toBe(
      'false',
    );
  });

  it('shows HTML a visitor typed as text, and fits a 360 px phone', async () => {
    // Act
    await visitor.setViewportSize({ width: 360, height: 740 });
    await visitor.getByRole('button', { name: 'Open chat' }).click();
    await visitor
      .getByLabel('Write a message…')
      .fill('<img src=x onerror="document.title=\'owned\'"><b>bold?</b>');
    await visitor.keyboard.press('Enter');
    await expect.poll(() => visitor.locator('.msg.visitor').count()).toBe(2);
    const box = await visitor.getByRole('dialog').boundingBox();
    await shot(visitor, '03-visitor-phone');

    // Assess
    expect(await inWidget(visitor, "root.querySelectorAll('.log img, .log b').length")).toBe(0);
    expect(await visitor.locator('.msg.visitor').last().textContent()).toContain('<img src=x');
    expect(await visitor.title()).toBe('Bella Vista Pizzeria');
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width).toBeLessThanOrEqual(360);
    await visitor.setViewportSize({ width: 1280, height: 860 });
  });

  it("passes a visitor who asks for a person to the owner, whose console reply appears on the visitor's page", async () => {
    // Act: the visitor asks for a person.
    await visitor.getByLabel('Write a message…').fill('Can I talk to a person please?');
    await visitor.keyboard.press('Enter');
    await expect
      .poll(() => visitor.locator('.msg.assistant').last().textContent(), { timeout: 15_000 })
      .toMatch(/a person/);

    // The visitor leaves an e-mail for a follow-up.
    await visitor.getByText('Leave your name or e-mail for a reply').click();
    await visitor.getByLabel('E-mail').fill('luca@example.com');
    await visitor.getByRole('button', { name: 'Save' }).click();
    await expect
      .poll(() => visitor.getByRole('status').textContent())
      .toBe('Thanks, we will get back to you.');

    // The owner finds the web conversation, sees the page it started on, and replies.
    await owner.getByRole('link', { name: /Conversations/ }).click();
    const row = owner.locator('button.conversation', { hasText: 'website' });
    await row.click();
    await expect
      .poll(() => owner.locator('#conversation-detail [data-page]').textContent())
      .toBe(`Started on ${stack.url}/demo-site/`);
    await expect
      .poll(() => owner.locator('#conversation-detail [data-visitor]').textContent())
      .toBe('Left for a follow-up: luca@example.com');
    await owner.locator('#reply-text').fill('Hi, Gia here! Yes, call us or ask me right here.');
    await owner.getByRole('button', { name: 'Send reply' }).click();

    // Assess: the reply reaches the open page over its WebSocket, from a person.
    await expect
      .poll(() => visitor.locator('.msg.person').last().textContent(), { timeout: 15_000 })
      .toBe('Team: Hi, Gia here! Yes, call us or ask me right here.');
    expect(sockets.at(-1)).toMatch(/\/live\?kind=web&business=/);
    expect(framesReceived.some((frame) => frame.includes('Hi, Gia here!'))).toBe(true);
    await shot(visitor, '04-visitor-owner-reply');
    await shot(owner, '05-owner-conversation');
  });

  it('gives a page on a site the business did not list no session', async () => {
    // Act: the same page and snippet, served from another origin (127.0.0.1 is not listed).
    const unlisted = stack.url.replace('localhost', '127.0.0.1');
    // Refused without a CORS header, the response never reaches the page: count the attempts.
    let asked = 0;
    visitor.on('request', (request) => {
      if (request.url().endsWith('/widget/sessions')) asked++;
    });
    await visitor.goto(`${unlisted}/demo-site/?business=${business}`);
    await visitor.getByRole('button', { name: 'Open chat' }).click();

    // Assess
    await expect
      .poll(() => visitor.getByRole('status').textContent())
      .toBe('Chat is not available on this site.');
    // It asked once and was refused (the server answers 403 with no CORS header: the security suite).
    expect(asked).toBe(1);
    expect(await visitor.evaluate(`localStorage.getItem('frontdesk-chat:${business}')`)).toBeNull();
    expect(await visitor.getByLabel('Write a message…').isDisabled()).toBe(true);
  });
});
