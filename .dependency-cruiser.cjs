/**
 * The house's layers, checked in `npm test` (`npm run lint:layers`). Imports point one way:
 *
 *   bin/ (entry points)
 *     -> lib/ (CDK infrastructure), local-stack/, tools/, console/ (apps and tooling)
 *       -> functions/<handler>/ (one folder per Lambda: a thin handler)
 *         -> functions/admin/ (the admin API's routes: the HTTP layer of the admin-api handler)
 *         -> functions/composition/ (wires clients, stores and senders; Lambda and local share it)
 *           -> functions/<domain>/ (answer, channels, conversation, knowledge, ingest, ...)
 *             -> functions/store/ (DynamoDB aggregates)
 *               -> functions/platform/ (config, logging, HTTP helpers: imports nothing above)
 *   functions/contracts/ (routes, secret names, queue messages, roles, admin API shapes) is
 *   importable from every layer and imports nothing of ours.
 *
 * See ARCHITECTURE.md for why each layer sits where it does.
 */
const HANDLERS =
  '(admin-api|answer-worker|ingest-worker|meta-webhook|twilio-webhook|health|websocket|web-chat)';
const DOMAIN =
  '(answer|channels|conversation|data-rights|ingest|insights|knowledge|media|people|queue|realtime|web)';

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A cycle means two modules are one; merge them or move what both need below both.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'bin-is-entry-points-only',
      severity: 'error',
      comment: 'bin/ holds entry points; nothing imports them.',
      from: { pathNot: '^bin/' },
      to: { path: '^bin/' },
    },
    {
      name: 'no-test-code-outside-tests',
      severity: 'error',
      from: { pathNot: '^test/' },
      to: { path: '^test/' },
    },
    {
      name: 'infrastructure-imports-no-app-code',
      severity: 'error',
      comment:
        'lib/ (CDK) is handed pages and bundles by bin/; it never imports scripts, the local stack or the console.',
      from: { path: '^lib/' },
      to: { path: '^(local-stack|console|tools|widget)/' },
    },
    {
      name: 'functions-are-self-contained',
      severity: 'error',
      comment: 'What runs in Lambda imports only functions/ and packages.',
      from: { path: '^functions/' },
      to: { path: '^(lib|local-stack|console|tools|widget|bin)/' },
    },
    {
      name: 'platform-is-a-leaf',
      severity: 'error',
      from: { path: '^functions/platform/' },
      to: { path: '^functions/', pathNot: '^functions/(platform|contracts)/' },
    },
    {
      name: 'contracts-import-nothing-of-ours',
      severity: 'error',
      from: { path: '^functions/contracts/' },
      to: { path: '^functions/', pathNot: '^functions/contracts/' },
    },
    {
      name: 'store-sits-below-the-domain',
      severity: 'error',
      from: { path: '^functions/store/' },
      to: { path: '^functions/', pathNot: '^functions/(store|platform|contracts)/' },
    },
    {
      name: 'domain-sits-below-composition',
      severity: 'error',
      from: { path: `^functions/${DOMAIN}/` },
      to: { path: `^functions/(composition|${HANDLERS})/` },
    },
    {
      name: 'admin-routes-serve-the-admin-api-only',
      severity: 'error',
      comment: "The admin routes are the admin API handler's HTTP layer; nothing below it imports them.",
      from: { path: '^functions/', pathNot: '^functions/(admin|admin-api)/' },
      to: { path: '^functions/admin/' },
    },
    {
      name: 'composition-sits-below-handlers',
      severity: 'error',
      from: { path: '^functions/composition/' },
      to: { path: `^functions/${HANDLERS}/` },
    },
    {
      name: 'handlers-do-not-share',
      severity: 'error',
      comment: 'One handler per Lambda; what two share belongs in composition or the domain.',
      from: { path: `^functions/${HANDLERS}/` },
      to: { path: `^functions/${HANDLERS}/`, pathNot: '^functions/$1/' },
    },
    {
      name: 'browser-code-stays-in-the-browser',
      severity: 'error',
      comment: 'The console and the widget run in a browser: they may share only contracts (types).',
      from: { path: '^(console/web|widget)/' },
      to: { path: '^(functions|lib|local-stack|tools|bin)/', pathNot: '^functions/contracts/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)node_modules/' },
    tsPreCompilationDeps: true,
    parser: 'swc',
    combinedDependencies: false,
    reporterOptions: { text: { highlightFocused: true } },
  },
};
