/**
 * The business metrics the functions publish (Powertools, embedded metric format) and the
 * monitoring construct graphs and alarms on: one list, so an alarm can never watch a name no
 * function sends.
 */
export const METRICS_NAMESPACE = 'Frontdesk';

/**
 * The `service` dimension on every business metric. One value for every function, because the
 * alarms sum a metric across functions; each function's logs carry its own name
 * (`POWERTOOLS_SERVICE_NAME`, set by the house function).
 */
export const METRICS_SERVICE = 'frontdesk';

export const METRIC_NAMES = [
  // Webhooks
  'WebhookReceived',
  'WebhookRefused',
  'DuplicateWebhook',
  'DuplicateMessage',
  'StaleMessageRefused',
  'UnroutedMessage',
  'MetaEventsReceived',
  'MalformedMetaEvent',
  'DeliveryStatusReceived',
  // Answers
  'MessagesAnswered',
  'AnswerFailed',
  'AnswerLatency',
  'AnswersNotGrounded',
  'AnsweredByLastResort',
  'Handoffs',
  'Retrievals',
  'RetrievalMisses',
  // Models
  'LlmAnswers',
  'LlmFallbacks',
  'LlmInputTokens',
  'LlmOutputTokens',
  'LlmEstimatedCostMicroUsd',
  'ModelCallFailed',
  'ModelFailedMidAnswer',
  'ModelSkippedOpenCircuit',
  // Sending
  'SendFailed',
  'SendFailedByCode',
  'MessageNotSent',
  // Calls
  'CallsAnswered',
  'CallRelayConnected',
  'CallQuestions',
  'CallMessages',
  'CallInterruptions',
  'CallTransfers',
  'CallAnswerTimedOut',
  'SocketRefused',
  'SocketFrameDropped',
  // Documents
  'DocumentsReady',
  'DocumentsFailed',
  'DocumentsSkipped',
  // Admin
  'AdminRequest',
  'AuditWriteFailed',
] as const;
export type MetricName = (typeof METRIC_NAMES)[number];
