import type {
  CreateDocumentBody,
  DocumentList,
  DocumentView,
  UploadTicket,
} from '../../../functions/contracts/admin-api.js';
import { api, uploadFile } from './api.js';
import { documentName, problemBeforeUpload } from './document-text.js';
import { announce, fill, formatBytes, formatDate, h } from './dom.js';
import { actionButton, type Panel, showFailure } from './panel.js';

const ACCEPT = '.pdf,.docx,.txt,.md,.markdown,.html,.htm,.csv,.json,.jpg,.jpeg,.png,.heic,.heif';
const POLL_MS = 1500;

/** The latest list, for naming the sources of test-chat answers. */
const known = new Map<string, DocumentView>();
export const documentLabel = (documentId: string) => {
  const document = known.get(documentId);
  return document ? documentName(document) : 'A document';
};
export const refreshDocumentNames = async () => {
  const { documents } = await api<DocumentList>('GET', '/v1/documents');
  for (const document of documents) known.set(document.documentId, document);
  return documents;
};

const STATUS_TEXT: Record<DocumentView['status'], string> = {
  pending: 'Waiting for the file',
  processing: 'Reading',
  ready: 'Ready',
  failed: 'Failed',
};

let pollTimer: number | undefined;

export const documentsPanel: Panel = {
  async show(body) {
    const input = h('input', {
      id: 'file-input',
      type: 'file',
      accept: ACCEPT,
      multiple: true,
      class: 'visually-hidden',
    });
    const drop = h(
      'div',
      { class: 'drop', id: 'drop-zone' },
      h('p', { class: 'drop-title' }, 'Drop PDF, Word, text, Markdown, HTML, CSV or JSON files here'),
      h('label', { for: 'file-input', class: 'button secondary' }, 'Choose files'),
      input,
    );
    const uploads = h('ul', { class: 'uploads', 'aria-label': 'Uploads in progress' });
    const list = h('div', { 'aria-live': 'polite' });
    fill(body, drop, uploads, h('h3', {}, 'Your knowledge'), list);

    const start = (files: FileList | null) => {
      for (const file of Array.from(files ?? [])) void uploadOne(file, uploads, () => render(list));
    };
    input.addEventListener('change', () => {
      start(input.files);
      input.value = '';
    });
    drop.addEventListener('dragover', (event) => {
      event.preventDefault();
      drop.classList.add('over');
    });
    drop.addEventListener('dragleave', () => drop.classList.remove('over'));
    drop.addEventListener('drop', (event) => {
      event.preventDefault();
      drop.classList.remove('over');
      start(event.dataTransfer?.files ?? null);
    });
    await render(list);
  },
  hide() {
    window.clearTimeout(pollTimer);
  },
};

/** Lists the documents, and polls while any is still on its way to `ready` or `failed`. */
const render = async (list: HTMLElement) => {
  window.clearTimeout(pollTimer);
  let documents: DocumentView[];
  try {
    documents = await refreshDocumentNames();
  } catch (error) {
    return showFailure(list, error, 'The document list');
  }
  if (documents.length === 0) {
    fill(list, h('p', { class: 'empty' }, 'No documents yet. Upload your menu, price list or FAQ to start.'));
  } else {
    fill(
      list,
      h(
        'table',
        { class: 'table' },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            h('th', { scope: 'col' }, 'Document'),
            h('th', { scope: 'col' }, 'Status'),
            h('th', { scope: 'col' }, 'Updated'),
            h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Actions')),
          ),
        ),
        h('tbody', {}, ...documents.map((d) => row(d, list))),
      ),
    );
  }
  if (documents.some((d) => d.status === 'pending' || d.status === 'processing')) {
    pollTimer = window.setTimeout(() => void render(list), POLL_MS);
  }
};

const row = (d: DocumentView, list: HTMLElement) => {
  const name = documentLabel(d.documentId);
  const passages = d.chunks ? `${d.chunks} ${d.chunks === 1 ? 'passage' : 'passages'}` : '';
  const detail = [d.kind === 'file' ? formatBytes(d.size) : '', passages].filter(Boolean).join(' · ');
  return h(
    'tr',
    { 'data-document': d.documentId, 'data-status': d.status },
    h(
      'td',
      {},
      h('span', { class: 'doc-name' }, name),
      detail && h('span', { class: 'muted' }, ` ${detail}`),
    ),
    h(
      'td',
      {},
      h('span', { class: `badge ${d.status}` }, STATUS_TEXT[d.status]),
      d.status === 'failed' && d.reason ? h('span', { class: 'reason' }, d.reason) : null,
    ),
    h('td', { class: 'muted' }, formatDate(d.updatedAt)),
    h(
      'td',
      {},
      h(
        'div',
        { class: 'actions' },
        (d.canReindex ?? (d.kind === 'file' && d.status !== 'pending'))
          ? actionButton(
              'Reindex',
              async () => {
                await act(() => api('POST', `/v1/documents/${d.documentId}/reindex`), `Reindexing ${name}.`);
                await render(list);
              },
              { class: 'secondary compact', 'aria-label': `Reindex ${name}` },
            )
          : null,
        actionButton(
          'Delete',
          async () => {
            if (!window.confirm(`Delete ${name}? The assistant will stop using it.`)) return;
            await act(() => api('DELETE', `/v1/documents/${d.documentId}`), `${name} deleted.`);
            await render(list);
          },
          { class: 'danger compact', 'aria-label': `Delete ${name}` },
        ),
      ),
    ),
  );
};

const act = async (call: () => Promise<unknown>, done: string) => {
  try {
    await call();
    announce(done);
  } catch (error) {
    announce((error as Error).message, 'error');
  }
};

const uploadOne = async (file: File, uploads: HTMLElement, refresh: () => Promise<void>) => {
  const bar = h('progress', { max: 1, value: 0, 'aria-label': `Uploading ${file.name}` });
  const state = h('span', { class: 'muted' }, 'Starting…');
  const item = h('li', {}, h('span', { class: 'doc-name' }, file.name), bar, state);
  uploads.append(item);
  const problem = problemBeforeUpload(file);
  if (problem) return showRejected(item, bar, state, file, problem);
  try {
    const ticket = await api<UploadTicket>('POST', '/v1/documents', {
      filename: file.name,
      size: file.size,
      ...(file.type ? { contentType: file.type } : {}),
    } satisfies CreateDocumentBody);
    await uploadFile(ticket.upload, file, (fraction) => {
      bar.value = fraction;
      state.textContent = `${Math.round(fraction * 100)}%`;
    });
    bar.value = 1;
    state.textContent = 'Uploaded; reading it now';
    announce(`${file.name} uploaded. Its status updates below.`);
    // The list below takes over: it shows the document's status from here on.
    await refresh();
    item.remove();
    return;
  } catch (error) {
    showRejected(item, bar, state, file, (error as Error).message);
  }
  await refresh();
};

/** A file that was not taken says why, and stays until the owner dismisses it. */
const showRejected = (item: HTMLElement, bar: HTMLElement, state: HTMLElement, file: File, why: string) => {
  bar.remove();
  state.textContent = why;
  state.className = 'reason';
  item.classList.add('rejected');
  const dismiss = h(
    'button',
    { type: 'button', class: 'secondary compact', 'aria-label': `Dismiss ${file.name}` },
    'Dismiss',
  );
  dismiss.addEventListener('click', () => {
    item.remove();
    announce(`${file.name} dismissed.`);
  });
  item.append(dismiss);
  announce(`${file.name}: ${why}`, 'error');
};
