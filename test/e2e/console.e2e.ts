import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../local-stack/stack.js';
import { startLocalStack } from '../../local-stack/stack.js';
import { adminClient } from '../support/admin-client.js';
import { graphError, startFakeGraphApi } from '../support/fake-graph-api.js';
import { participant } from '../support/local-stack.js';
import { type Browser, launchBrowser } from './browser.js';

const PLATFORM_KEY = 'e2e-platform-key';
const FAQ = [
  'Bella Vista Pizzeria FAQ',
  '',
  'Opening hours: Tuesday to Sunday from 12:00 to 22:30. We are closed on Mondays.',
  'Delivery costs $3.50 within 5 km of the restaurant; orders over $40 are delivered free.',
  'Our wood-fired Margherita costs $12 and the Diavola costs $14.',
].join('\n');

const WHATSAPP_NUMBER_ID = '106540352242922';
const WABA_TOKEN = 'EAAG-bella-vista-system-user-token';

let stack: LocalStack;
let graph: Awaited<ReturnType<typeof startFakeGraphApi>>;
let browser: Browser;
let apiKey: string;
let code: string;
const OWNER_EMAIL = 'gia@bellavista.example';
const OWNER_PASSWORD = 'Wood-Fired-Oven-12';
const STAFF_EMAIL = 'marco@bellavista.example';
const STAFF_PASSWORD = 'Pizza-Peel-Night-7';

/** The temporary password of the newest invitation to an address, from the local mailbox. */
const temporaryPasswordOf = (email: string) =>
  /temporary password (\S+)/.exec(
    stack.mailbox
      .list()
      .filter((m) => m.to === email)
      .at(-1)?.text ?? '',
  )?.[1] ?? '';

beforeAll(async () => {
  // Meta confirms that the business's token controls its WhatsApp number.
  graph = await startFakeGraphApi();
  graph.answer((request) =>
    request.authorization === `Bearer ${WABA_TOKEN}` && request.path.includes(WHATSAPP_NUMBER_ID)
      ? { status: 200, body: { id: WHATSAPP_NUMBER_ID } }
      : graphError(100),
  );
  stack = await startLocalStack({
    stateDir: ':memory:',
    port: 0,
    env: { PLATFORM_ADMIN_KEY: PLATFORM_KEY, BURST_WINDOW_MS: '0', META_GRAPH_BASE_URL: graph.url },
  });
  const created = await adminClient(stack, PLATFORM_KEY).call('POST', '/v1/tenants', { name: 'Bella Vista' });
  apiKey = created.json.apiKey;
  code = created.json.code;
  // The owner's account: invited once with the business's machine key (as `!account` does by chat).
  await adminClient(stack, apiKey).call('POST', '/v1/users', { email: OWNER_EMAIL, role: 'owner' });
  browser = await launchBrowser();
});
afterEach(async ({ task }) => {
  // What the page showed when a step failed, next to the other screenshots.
  if (task.result?.state === 'fail') await browser.screenshot(`failed-${task.name.replace(/\W+/g, '-')}`);
});
afterAll(async () => {
  await browser?.close();
  await stack?.close();
  await graph?.close();
});

/** Errors the page itself raised; a 404 from a panel whose endpoint is missing is not one. */
const pageErrors = () => browser.errors.filter((e) => !e.startsWith('Failed to load resource'));

describe('owner console in Chromium', () => {
  it("signs the owner in by e-mail and the invitation's password, which is replaced; no token reaches a URL", async () => {
    const { page } = browser;
    await page.goto(`${stack.url}/console/`);
    await browser.screenshot('01-sign-in');
    expect(await page.getByLabel('API key').count()).toBe(0);

    await page.getByLabel('E-mail').fill(OWNER_EMAIL);
    await page.getByLabel('Password').fill(temporaryPasswordOf(OWNER_EMAIL));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByLabel('New password').fill(OWNER_PASSWORD);
    await page.getByRole('button', { name: 'Save password' }).click();

    await expect.poll(() => page.locator('#business-name').textContent()).toBe('Bella Vista');
    expect(await page.locator('#who').textContent()).toContain('owner');
    // Page code runs in the browser; the test's TypeScript has no DOM types, hence expressions as text.
    const saved = JSON.parse(String(await page.evaluate("sessionStorage.getItem('frontdesk.session')")));
    expect(saved.email).toBe(OWNER_EMAIL);
    expect(page.url()).not.toContain(saved.idToken);
  });

  it('uploads a dropped document straight to S3 and shows it become ready', async () => {
    const { page } = browser;
    await page.goto(`${stack.url}/console/#documents`);
    const dataTransfer = await page.evaluateHandle(`(() => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([${JSON.stringify(FAQ)}], 'bella-vista-faq.txt', { type: 'text/plain' }));
      return transfer;
    })()`);

    await page.dispatchEvent('#drop-zone', 'drop', { dataTransfer });

    const row = page.locator('tr', { hasText: 'bella-vista-faq.txt' });
    await expect.poll(() => row.getAttribute('data-status'), { timeout: 20_000 }).toBe('ready');
    await expect.poll(() => row.locator('.badge').textContent()).toBe('Ready');
    await browser.screenshot('02-documents');
  });

  it('shows why a document failed, and deletes it', async () => {
    const { page } = browser;
    const dataTransfer = await page.evaluateHandle(`(() => {
      const transfer = new DataTransfer();
      transfer.items.add(new File(['this is not a PDF'], 'broken.pdf', { type: 'application/pdf' }));
      return transfer;
    })()`);

    await page.dispatchEvent('#drop-zone', 'drop', { dataTransfer });

    const row = page.locator('tr', { hasText: 'broken.pdf' });
    await expect.poll(() => row.getAttribute('data-status'), { timeout: 20_000 }).toBe('failed');
    expect((await row.locator('.reason').textContent())?.length).toBeGreaterThan(10);
    await browser.screenshot('02b-document-failed');
    page.once('dialog', (dialog) => void dialog.accept());
    await row.getByRole('button', { name: 'Delete broken.pdf' }).click();
    await expect.poll(() => row.count()).toBe(0);
  });

  it('answers in the test chat with the cited source', async () => {
    const { page } = browser;
    await page.getByRole('link', { name: 'Test chat' }).click();

    await page.getByLabel('Ask the assistant as a customer would').fill('How much does delivery cost?');
    await page.getByRole('button', { name: 'Ask' }).click();

    const answer = page.locator('.bubble.assistant').last();
    await expect.poll(() => answer.locator('.answer').textContent()).toContain('$3.50');
    expect(await answer.locator('.source .doc-name').first().textContent()).toBe('bella-vista-faq.txt');
    expect(await answer.locator('.source blockquote').first().textContent()).toContain('Delivery costs');
    await browser.screenshot('03-test-chat');
  });

  it('shows a conversation that needs a person, and the owner replies and hands back', async () => {
    // Prepare: a customer asks what the documents do not say, and accepts a person.
    const customer = participant(stack, 'whatsapp:+15557770001');
    expect(await customer.ask(`!business ${code} Is there bicycle parking nearby?`)).toMatch(/Reply YES/);
    await customer.ask('yes');
    await stack.idle();
    const { page } = browser;

    // Act
    await page.getByRole('link', { name: /Conversations/ }).click();
    await page.getByLabel('Show only conversations that need a person').check();
    await page.locator('button.conversation', { hasText: '+15557770001' }).click();
    await expect.poll(() => page.locator('#conversation-detail .badge').textContent()).toBe('Needs a person');
    await page.getByLabel('Reply to +15557770001').fill('Yes, there is a bike rack right by our door.');
    await page.getByRole('button', { name: 'Send reply' }).click();

    // Assess: the reply reaches the customer on their channel, and shows in the conversation.
    await expect
      .poll(() => customer.received().at(-1)?.text)
      .toBe('Yes, there is a bike rack right by our door.');
    await expect
      .poll(() => page.locator('#conversation-detail .bubble.owner:not(.pending)').last().textContent())
      .toContain('bike rack');
    await browser.screenshot('04-conversation');

    await page.getByRole('button', { name: 'Hand back to the assistant' }).click();
    await expect
      .poll(() => page.locator('#conversation-detail .badge').textContent())
      .toBe('Assistant answering');
  });

  it('charts insights and answers a knowledge gap in one step', async () => {
    const { page } = browser;
    await page.getByRole('link', { name: 'Insights' }).click();
    const gap = page.locator('.gap', { hasText: 'bicycle parking' });
    await expect.poll(() => gap.count()).toBe(1);
    expect(await page.locator('svg.chart').count()).toBe(2);
    await browser.screenshot('05-insights');

    await gap.getByRole('textbox').fill('Yes, there is a free bicycle rack right next to our door.');
    await gap.getByRole('button', { name: 'Add to knowledge' }).click();

    await expect.poll(() => page.locator('.gap').count()).toBe(0);
    const tried = await adminClient(stack, apiKey).call('POST', '/v1/assistant/try', {
      question: 'Is there bicycle parking nearby?',
    });
    expect(tried.json.grounded).toBe(true);
  });

  it('edits the profile and connects a channel', async () => {
    const { page } = browser;
    await page.getByRole('link', { name: 'Profile' }).click();
    await page.getByLabel('Persona and tone').fill('Gia: warm, brief, uses first names');
    await page.getByLabel('Opening hours').fill('Tue–Sun 12:00–22:30');
    await page.getByRole('button', { name: 'Save profile' }).click();
    await expect.poll(() => page.locator('#status').textContent()).toBe('Profile saved.');
    await browser.screenshot('06-profile');
    const { json: profile } = await adminClient(stack, apiKey).call('GET', '/v1/tenant/profile');
    expect(profile.tone).toBe('Gia: warm, brief, uses first names');

    await page.getByRole('link', { name: 'Channels' }).click();
    await page.getByLabel('Channel', { exact: true }).selectOption('whatsapp');
    await page.getByLabel('Address').fill(WHATSAPP_NUMBER_ID);
    await page.getByLabel('Access token').fill(WABA_TOKEN);
    await page.getByRole('button', { name: 'Connect' }).click();
    await expect.poll(() => page.locator('.channel-list').textContent()).toContain(WHATSAPP_NUMBER_ID);
    expect(
      graph.requests.some(
        (r) => r.path.includes(WHATSAPP_NUMBER_ID) && r.authorization === `Bearer ${WABA_TOKEN}`,
      ),
    ).toBe(true);
    await browser.screenshot('07-channels');
  });

  it('shows usage, or says plainly what is not available yet', async () => {
    const { page } = browser;
    await page.getByRole('link', { name: 'Usage' }).click();
    await expect.poll(() => page.locator('.stats').count()).toBe(1);
    await browser.screenshot('08-usage');
    expect(pageErrors()).toEqual([]);
  });

  it('creates a key shown once with a copy button, revokes one after a confirm, and rotates one', async () => {
    const { page } = browser;
    await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: stack.url });
    await page.getByRole('link', { name: 'Keys' }).click();
    await page.getByLabel('Label (optional)').fill('upload script');
    await page.getByRole('button', { name: 'Create key' }).click();
    const shown = page.locator('#new-key-value');
    await expect.poll(() => shown.inputValue()).toMatch(/^fd_/);
    const created = await shown.inputValue();
    await page.getByRole('button', { name: 'Copy' }).click();
    await expect.poll(() => page.evaluate('navigator.clipboard.readText()')).toBe(created);
    await browser.screenshot('10-keys-new');
    await page.getByRole('button', { name: 'Done, I stored it' }).click();
    // Shown once: gone from the page, and the list shows only its hint.
    expect(await page.content()).not.toContain(created);
    await expect.poll(() => page.locator('table.keys').textContent()).toContain(created.slice(0, 7));
    expect((await adminClient(stack, created).call('GET', '/v1/tenant')).status).toBe(200);

    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Revoke upload script' }).click();
    await expect
      .poll(async () => (await adminClient(stack, created).call('GET', '/v1/tenant')).status)
      .toBe(401);
    await expect.poll(() => page.locator('table.keys tbody tr').count()).toBe(1);

    // Rotating the business's machine key: the old one dies at once, the new one works; the
    // console, signed in as a person, goes on.
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Rotate issued with the business' }).click();
    await expect.poll(() => page.locator('#new-key-title').textContent()).toMatch(/new key/);
    const rotated = await shown.inputValue();
    expect((await adminClient(stack, apiKey).call('GET', '/v1/tenant')).status).toBe(401);
    expect((await adminClient(stack, rotated).call('GET', '/v1/tenant')).status).toBe(200);
    apiKey = rotated;
    await page.getByRole('button', { name: 'Done, I stored it' }).click();
    await expect.poll(() => page.locator('table.keys tbody tr').count()).toBe(1);
    await browser.screenshot('11-keys-list');
    await page.setViewportSize({ width: 390, height: 844 });
    const overflow = await page.evaluate('document.documentElement.scrollWidth - window.innerWidth');
    await browser.screenshot('12-keys-phone', { fullPage: false });
    await page.setViewportSize({ width: 1280, height: 860 });
    expect(overflow).toBeLessThanOrEqual(0);
    expect(pageErrors()).toEqual([]);
  });

  it('the owner invites a staff member in Team, who signs in and sees no Team, Channels or Keys', async () => {
    const { page } = browser;
    await page.getByRole('link', { name: 'Team' }).click();
    await page.getByLabel('E-mail').fill(STAFF_EMAIL);
    await page.getByLabel('Role', { exact: true }).selectOption('staff');
    await page.getByRole('button', { name: 'Send invitation' }).click();
    await expect.poll(() => page.locator('#team-table').textContent()).toContain(STAFF_EMAIL);
    await browser.screenshot('13-team');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('E-mail').fill(STAFF_EMAIL);
    await page.getByLabel('Password').fill(temporaryPasswordOf(STAFF_EMAIL));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByLabel('New password').fill(STAFF_PASSWORD);
    await page.getByRole('button', { name: 'Save password' }).click();
    await expect.poll(() => page.locator('#who').textContent()).toContain('staff');

    for (const name of ['Team', 'Channels', 'Keys', 'Activity', 'Data', 'Profile'])
      expect(await page.getByRole('link', { name, exact: true }).count(), name).toBe(0);
    // Typing the address of an owner's panel shows a panel staff may use instead.
    await page.goto(`${stack.url}/console/#keys`);
    await expect.poll(() => page.locator('section#documents').isVisible()).toBe(true);
    expect(await page.locator('section#keys').isVisible()).toBe(false);
    await browser.screenshot('14-staff');
  });

  it('staff reply to a conversation that needs a person', async () => {
    const customer = participant(stack, 'whatsapp:+15557770002');
    expect(await customer.ask(`!business ${code} Do you cater weddings?`)).toMatch(/Reply YES/);
    await customer.ask('yes');
    await stack.idle();
    const { page } = browser;
    await page.getByRole('link', { name: /Conversations/ }).click();
    await page.getByLabel('Show only conversations that need a person').check();
    await page.locator('button.conversation', { hasText: '+15557770002' }).click();
    await page.getByLabel('Reply to +15557770002').fill('We do! Marco will call you about the menu.');
    await page.getByRole('button', { name: 'Send reply' }).click();
    await expect
      .poll(() => customer.received().at(-1)?.text)
      .toBe('We do! Marco will call you about the menu.');
    await browser.screenshot('15-staff-reply');
  });

  it('Activity shows what the owner and the staff member did; the owner exports and erases a customer', async () => {
    const { page } = browser;
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('E-mail').fill(OWNER_EMAIL);
    await page.getByLabel('Password').fill(OWNER_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.locator('#who').textContent()).toContain('owner');

    await page.getByRole('link', { name: 'Activity' }).click();
    const activity = page.locator('#activity-table');
    await expect.poll(() => activity.textContent()).toContain(`${STAFF_EMAIL} (staff)replied to a customer`);
    expect(await activity.textContent()).toContain(`${OWNER_EMAIL} (owner)invited someone`);
    await browser.screenshot('16-activity');

    await page.getByRole('link', { name: 'Data' }).click();
    await page.getByRole('button', { name: 'Export all data' }).click();
    const link = page.locator('#export-link');
    await expect.poll(() => link.count()).toBe(1);
    const archive = await fetch(String(await link.getAttribute('href')));
    expect(archive.status).toBe(200);
    expect(archive.headers.get('content-disposition')).toContain('.zip');

    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByLabel('Customer number or address').fill('+15557770002');
    await page.getByRole('button', { name: 'Erase customer' }).click();
    await expect.poll(() => page.locator('#status').textContent()).toMatch(/Customer erased/);
    await browser.screenshot('17-data');
    const conversations = await adminClient(stack, apiKey).call('GET', '/v1/conversations');
    expect(JSON.stringify(conversations.json)).not.toContain('15557770002');
    await page.getByRole('link', { name: 'Activity' }).click();
    await expect.poll(() => activity.textContent()).toContain('erased a customer');
    expect(await activity.textContent()).not.toContain('weddings');
    expect(pageErrors()).toEqual([]);
  });

  it('fits a phone screen', async () => {
    const { page } = browser;
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole('link', { name: /Conversations/ }).click();
    await page.getByLabel('Show only conversations that need a person').uncheck();
    await page.locator('button.conversation').first().click();
    const overflow = await page.evaluate('document.documentElement.scrollWidth - window.innerWidth');
    await browser.screenshot('09-phone-conversation', { fullPage: false });
    expect(overflow).toBeLessThanOrEqual(0);
  });
});
