import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  Aws,
  DefaultStackSynthesizer,
  DockerImage,
  Duration,
  RemovalPolicy,
  Stack,
  Token,
  Validations,
} from 'aws-cdk-lib';
import type * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { acknowledgeControl, type ControlId } from './control-tower.js';
import { LAMBDA_OUTSIDE_VPC_REASON } from './house-function.js';
import { StageLogGroup } from './stage-log-group.js';
import type { StageSettings } from './stage-settings.js';

/**
 * A static page the site serves, built at synth time. The page's own code lives outside `lib/`
 * (the console in `console/`); the CDK app's entry point hands it in, so infrastructure never
 * imports application code.
 */
export interface StaticPage {
  /** The page's source folder: the asset's fingerprint, and where `index.html` is read from. */
  readonly sourceDir: string;
  /** Writes the built files into `outDir` (synchronously: CDK's local bundling is). */
  readonly build: (outDir: string) => void;
}

/**
 * The website chat widget's script, handed in by the CDK app's entry point (`widget/build.ts`):
 * served from the console's distribution at `/<fileName>`.
 */
export interface WidgetScript {
  readonly fileName: string;
  /** The built script, with the stage's widget API and WebSocket API written in (tokens resolve at deploy). */
  readonly build: (endpoints: { apiUrl: string; socketUrl: string }) => string;
}

export interface ConsoleSiteProps {
  readonly settings: StageSettings;
  /** The owner console's page, built into the bucket with the stage's `config.json`. */
  readonly page: StaticPage;
  /** The HTTP API the page calls; it gets a CORS rule for the console's origin. */
  readonly api: apigwv2.HttpApi;
  /** Origin of the API, written to the page's `config.json`. */
  readonly apiUrl: string;
  /** The chat widget's script, deployed beside the console. */
  readonly widget: WidgetScript;
  /** The chat widget's API (`/widget/...`), written into `widget.js`. */
  readonly widgetApiUrl: string;
  /** The WebSocket API's URL, where the chat widget listens for replies. */
  readonly socketUrl: string;
  /** Where the console signs people in: the stage's Cognito API and its app client. */
  readonly userPool: { readonly region: string; readonly clientId: string };
  /** The uploads bucket the page POSTs documents to; it gets a CORS rule for the console's origin. */
  readonly uploads: s3.Bucket;
  /** Where the console bucket's server access logs go (prefix `console/`). */
  readonly accessLogs: s3.IBucket;
}

/**
 * The owner console: a private bucket served only through CloudFront (origin access control),
 * HTTPS only, with security headers on every response. The page (from `console/`) is built at
 * synth time and deployed with its `config.json` (the API's origin); the API and the uploads
 * bucket accept requests from the console's origin and no other browser origin.
 *
 * @example
 * const site = new ConsoleSite(this, 'Console', {
 *   settings, page: consolePage, api: http.api, apiUrl: http.url,
 *   uploads: uploads.bucket, accessLogs: uploads.accessLogsBucket,
 * });
 * new CfnOutput(this, 'ConsoleUrl', { value: site.url });
 */
export class ConsoleSite extends Construct {
  readonly bucket: s3.Bucket;
  readonly distribution: cloudfront.Distribution;
  /** The console's origin: `https://<consoleDomain>` when the stage has one, else the distribution's. */
  readonly url: string;

  constructor(scope: Construct, id: string, props: ConsoleSiteProps) {
    super(scope, id);
    const { settings } = props;

    this.bucket = new s3.Bucket(this, 'Bucket', {
      removalPolicy: settings.removalPolicy,
      // With versions, the deployment's own cleanup leaves old versions behind and the bucket
      // could not be deleted; a disposable stage empties it of every version instead.
      autoDeleteObjects: settings.autoDeleteObjects,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      // The page of the previous deploy stays a day, enough to put it back by hand.
      versioned: true,
      lifecycleRules: [
        {
          abortIncompleteMultipartUploadAfter: Duration.days(1),
          noncurrentVersionExpiration: Duration.days(1),
        },
      ],
      serverAccessLogsBucket: props.accessLogs,
      serverAccessLogsPrefix: 'console/',
    });
    for (const [control, reason] of CONSOLE_BUCKET_CONTROLS) acknowledgeControl(this.bucket, control, reason);

    const headers = new cloudfront.ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: `Frontdesk ${settings.stage} console: CSP, HSTS, no framing, no sniffing, no referrer`,
      securityHeadersBehavior: {
        contentSecurityPolicy: { contentSecurityPolicy: contentSecurityPolicy(), override: true },
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(730),
          includeSubdomains: true,
          override: true,
        },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.NO_REFERRER, override: true },
      },
    });

    const widgetHeaders = new cloudfront.ResponseHeadersPolicy(this, 'WidgetHeaders', {
      comment: `Frontdesk ${settings.stage} chat widget: loadable from any site, no sniffing, HSTS`,
      corsBehavior: {
        accessControlAllowOrigins: ['*'],
        accessControlAllowMethods: ['GET', 'HEAD'],
        // CloudFront wants at least one; the script is a plain GET that sends none of its own.
        accessControlAllowHeaders: ['Content-Type'],
        accessControlAllowCredentials: false,
        originOverride: true,
      },
      customHeadersBehavior: {
        customHeaders: [{ header: 'Cross-Origin-Resource-Policy', value: 'cross-origin', override: true }],
      },
      securityHeadersBehavior: {
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(730),
          includeSubdomains: true,
          override: true,
        },
        contentTypeOptions: { override: true },
      },
    });

    const siteOrigin = origins.S3BucketOrigin.withOriginAccessControl(this.bucket);
    const domain = settings.consoleDomain;
    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: `Frontdesk ${settings.stage} owner console`,
      ...(domain && {
        domainNames: [domain.domainName],
        certificate: acm.Certificate.fromCertificateArn(this, 'Certificate', domain.certificateArn),
        minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
        sslSupportMethod: cloudfront.SSLMethod.SNI,
      }),
      defaultRootObject: 'index.html',
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
      defaultBehavior: {
        origin: siteOrigin,
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: headers,
        compress: true,
      },
      // The chat widget, loaded by businesses' own sites: the console's CSP and no-framing
      // headers mean nothing to a script; it gets headers for cross-site loading instead.
      additionalBehaviors: {
        [`/${props.widget.fileName}`]: {
          origin: siteOrigin,
          viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
          allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
          cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
          responseHeadersPolicy: widgetHeaders,
          compress: true,
        },
      },
    });
    for (const [rule, reason] of DISTRIBUTION_FINDINGS) {
      if (rule === 'AwsSolutions-CFR4' && domain) continue;
      Validations.of(this.distribution).acknowledge({ id: rule, reason });
    }
    for (const [control, reason] of DISTRIBUTION_CONTROLS) {
      acknowledgeControl(this.distribution, control, reason);
    }
    if (!domain) {
      for (const [control, reason] of DEFAULT_CERTIFICATE_CONTROLS) {
        acknowledgeControl(this.distribution, control, reason);
      }
    }
    this.url = `https://${domain?.domainName ?? this.distribution.distributionDomainName}`;

    // The page's own API and uploads bucket, exactly. The response headers policy cannot name
    // them (their CORS rules name this distribution: a cycle), so index.html carries them in a
    // CSP of its own, deployed after all three exist; browsers enforce both policies.
    const userPoolEndpoint = `https://cognito-idp.${props.userPool.region}.amazonaws.com/`;
    const connectSources = [
      props.apiUrl,
      userPoolEndpoint,
      `https://${props.uploads.bucketRegionalDomainName}`,
      `https://${props.uploads.bucketDomainName}`,
    ];
    new s3deploy.BucketDeployment(this, 'Deploy', {
      sources: [
        s3deploy.Source.asset(props.page.sourceDir, {
          bundling: {
            // esbuild runs in this process; the image is only CDK's fallback and is never pulled.
            image: DockerImage.fromRegistry('public.ecr.aws/docker/library/node:20-alpine'),
            local: {
              tryBundle(outputDir) {
                props.page.build(outputDir);
                // index.html ships below, with the stage's own connect-src.
                rmSync(join(outputDir, INDEX_HTML));
                return true;
              },
            },
          },
        }),
        s3deploy.Source.data(
          INDEX_HTML,
          withConnectSources(readFileSync(join(props.page.sourceDir, INDEX_HTML), 'utf8'), connectSources),
        ),
        // The widget with this stage's API and WebSocket API written in: the snippet needs only
        // data-business (tokens resolve at deploy).
        s3deploy.Source.data(
          props.widget.fileName,
          props.widget.build({ apiUrl: props.widgetApiUrl, socketUrl: props.socketUrl }),
        ),
        s3deploy.Source.jsonData('config.json', {
          apiUrl: props.apiUrl,
          userPool: {
            endpoint: userPoolEndpoint,
            region: props.userPool.region,
            clientId: props.userPool.clientId,
          },
        }),
      ],
      destinationBucket: this.bucket,
      distribution: this.distribution,
      distributionPaths: ['/*'],
      memoryLimit: 256,
      // The copy handler's log group follows the stage like every function's, not CDK's default.
      logGroup: new StageLogGroup(this, 'DeployLogs', { settings }),
      // Where the stage destroys its buckets, the deployment empties this one on its way out.
      retainOnDelete: settings.removalPolicy !== RemovalPolicy.DESTROY,
    });
    acknowledgeDeploymentHandler(Stack.of(this), this.bucket);

    props.uploads.addCorsRule({
      allowedMethods: [s3.HttpMethods.POST],
      allowedOrigins: [this.url],
      exposedHeaders: ['ETag', 'Location'],
      maxAge: 3600,
    });
    const api = props.api.node.defaultChild as apigwv2.CfnApi;
    api.corsConfiguration = {
      allowOrigins: [this.url],
      allowMethods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
      allowHeaders: ['authorization', 'content-type'],
      maxAge: 3600,
    };
  }
}

const INDEX_HTML = 'index.html';

/**
 * The page with a `<meta>` CSP allowing connections to `connectSources` only, placed before any
 * script or stylesheet loads. A meta CSP cannot set frame-ancestors; the header policy does.
 *
 * @example
 * withConnectSources(html, ['https://abc123.execute-api.eu-west-1.amazonaws.com'])
 */
export const withConnectSources = (html: string, connectSources: readonly string[]): string => {
  const meta = `<meta http-equiv="Content-Security-Policy" content="connect-src 'self' ${connectSources.join(' ')}">`;
  if (!/<head>\n?/.test(html)) throw new Error('The console index.html has no <head> to put its CSP in.');
  return html.replace(/<head>\n?/, (head) => `${head}${meta}\n`);
};

/**
 * The page's own scripts and styles only; API calls to API Gateway and uploads to S3 in this
 * region. Wildcards rather than the exact hosts: naming the API or the uploads bucket here would
 * make a dependency cycle (their CORS rules name this distribution). index.html narrows
 * connect-src to the exact origins with a CSP of its own (`withConnectSources`).
 */
const contentSecurityPolicy = () =>
  [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    `connect-src 'self' https://*.execute-api.${Aws.REGION}.amazonaws.com https://*.s3.${Aws.REGION}.amazonaws.com https://*.s3.amazonaws.com`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');

const DISTRIBUTION_FINDINGS: ReadonlyArray<[string, string]> = [
  [
    'AwsSolutions-CFR1',
    'Owners sign in from wherever their business is; the page is public static code and every API call needs a tenant key.',
  ],
  [
    'AwsSolutions-CFR2',
    'The distribution serves three static files; the API it calls is throttled per stage, and a WAF web ACL would cost more than the page.',
  ],
  [
    'AwsSolutions-CFR3',
    'The console is public static code with no tenant data; every API call it makes is logged by the API access logs.',
  ],
  [
    'AwsSolutions-CFR4',
    'The default *.cloudfront.net certificate cannot pin a minimum TLS version; a stage with its own domain and certificate sets TLSv1.2_2021.',
  ],
];

const DISTRIBUTION_CONTROLS: ReadonlyArray<[ControlId, string]> = [
  [
    'CT.CLOUDFRONT.PR.4',
    'One origin in one region serves three static files; a failover origin would need a second, replicated bucket, and the API the page calls has no failover either.',
  ],
  [
    'CT.CLOUDFRONT.PR.5',
    'The console is three public static files with no tenant data; the console bucket logs what CloudFront fetches and the API access logs record every call the page makes. CloudFront standard logs would need a bucket with ACLs enabled.',
  ],
];

const DEFAULT_CERTIFICATE_WHY =
  'The stage has no consoleDomain, so CloudFront serves its default *.cloudfront.net certificate, which admits no custom certificate, SNI setting or TLS floor; set -c consoleDomain and -c consoleCertificateArn and the distribution serves TLSv1.2_2021 over SNI.';

const DEFAULT_CERTIFICATE_CONTROLS: ReadonlyArray<[ControlId, string]> = [
  ['CT.CLOUDFRONT.PR.6', DEFAULT_CERTIFICATE_WHY],
  ['CT.CLOUDFRONT.PR.7', DEFAULT_CERTIFICATE_WHY],
  ['CT.CLOUDFRONT.PR.9', DEFAULT_CERTIFICATE_WHY],
];

const CONSOLE_BUCKET_CONTROLS: ReadonlyArray<[ControlId, string]> = [
  [
    'CT.S3.PR.4',
    'Nothing reacts to the console files: every deploy replaces them whole from the repository.',
  ],
  [
    'CT.S3.PR.9',
    'Every deploy replaces the console files whole; there is nothing to keep immutable, and Object Lock would stop the deployment from removing the old page.',
  ],
  [
    'CT.S3.PR.10',
    'Holds three public static files and no tenant data; SSE-S3 encrypts them, and SSE-KMS would add a key policy for CloudFront and a KMS request per cache miss.',
  ],
];

/**
 * BucketDeployment copies the page with CDK's singleton Lambda (it runs only during deploys), whose
 * runtime and role CDK fixes.
 */
const acknowledgeDeploymentHandler = (stack: Stack, bucket: s3.Bucket): void => {
  const bucketId = stack.getLogicalId(bucket.node.defaultChild as s3.CfnBucket);
  // Findings name ARNs as cdk-nag prints them: tokens without an environment, literals with one.
  const shown = (value: string, pseudo: string) => (Token.isUnresolved(value) ? `<AWS::${pseudo}>` : value);
  const assets = `arn:${shown(stack.partition, 'Partition')}:s3:::cdk-${DefaultStackSynthesizer.DEFAULT_QUALIFIER}-assets-${shown(stack.account, 'AccountId')}-${shown(stack.region, 'Region')}/*`;
  const findings: Array<[string, string]> = [
    [
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      "CDK's bucket-deployment handler (runs only during deployment) has a fixed role with AWSLambdaBasicExecutionRole.",
    ],
    ...['s3:GetBucket*', 's3:GetObject*', 's3:List*', 's3:Abort*', 's3:DeleteObject*'].map(
      (action): [string, string] => [
        `AwsSolutions-IAM5[Action::${action}]`,
        `CDK's bucket-deployment handler groups its S3 actions as ${action}, on the staged asset and the console bucket only.`,
      ],
    ),
    [
      `AwsSolutions-IAM5[Resource::${assets}]`,
      "CDK's bucket-deployment handler reads the console's staged asset from the CDK assets bucket.",
    ],
    [
      `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/*]`,
      "CDK's bucket-deployment handler replaces every object of the console bucket on each deploy.",
    ],
    [
      'AwsSolutions-IAM5[Resource::*]',
      "CDK's bucket-deployment handler invalidates the distribution; cloudfront:CreateInvalidation takes no resource-level permission in CDK's policy.",
    ],
    [
      'AwsSolutions-L1',
      "CDK pins the bucket-deployment handler's Python runtime (not the newest); it runs only during deployment.",
    ],
  ];
  for (const child of stack.node.children) {
    if (!child.node.id.startsWith('Custom::CDKBucketDeployment')) continue;
    for (const [id, reason] of findings) Validations.of(child).acknowledge({ id, reason });
    acknowledgeControl(
      child,
      'CT.LAMBDA.PR.3',
      `CDK's bucket-deployment handler runs only during deploys. ${LAMBDA_OUTSIDE_VPC_REASON}`,
    );
  }
};
