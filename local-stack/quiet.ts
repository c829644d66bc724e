/**
 * Quiet defaults for running the product in one process: EMF metrics are for CloudWatch, JSON
 * logs at INFO drown a console, and the AWS SDK's Node-version notice is known (the lockfile
 * pins SDK releases that support Node 20). Import this before any module that logs.
 */
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
// Every function shares this process, so its log lines carry one service name.
process.env.POWERTOOLS_SERVICE_NAME ??= 'frontdesk-local';
process.env.POWERTOOLS_LOG_LEVEL ??= process.env.LOG_LEVEL ?? 'WARN';
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
