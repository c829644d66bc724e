import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { CONSOLE_SOURCE_DIR } from '../../console/build.js';
import { withConnectSources } from '../../lib/console-site.js';
import { settingsForStage } from '../../lib/stage-settings.js';
import { flatten, httpApiResourcesOf, resourcesOf, SYNTH_TIMEOUT_MS, synthesize } from './synth.js';

beforeAll(() => {
  synthesize('dev');
  synthesize('prod');
}, SYNTH_TIMEOUT_MS);

const consoleSite = (stage: string) => {
  const { template } = synthesize(stage);
  const [bucketId, bucket] = Object.entries(resourcesOf(template, 'AWS::S3::Bucket')).find(([id]) =>
    id.startsWith('ConsoleBucket'),
  )!;
  const [distributionId, distribution] = Object.entries(
    resourcesOf(template, 'AWS::CloudFront::Distribution'),
  )[0]!;
  const config = distribution.Properties.DistributionConfig as Record<string, unknown>;
  return { template, bucketId, bucket, distributionId, config };
};

describe.each(['dev', 'prod'])('owner console site (%s)', (stage) => {
  it('keeps the bucket private and encrypted, readable only by this distribution over TLS', () => {
    // Act
    const { template, bucketId, bucket, distributionId } = consoleSite(stage);

    // Assess
    expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(bucket.Properties.BucketEncryption).toBeDefined();
    expect(bucket.Properties.WebsiteConfiguration).toBeUndefined();
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: bucketId },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'cloudfront.amazonaws.com' },
            Action: 's3:GetObject',
            Condition: {
              StringEquals: { 'AWS:SourceArn': Match.anyValue() },
            },
          }),
        ]),
      },
    });
    const policies = Object.values(resourcesOf(template, 'AWS::S3::BucketPolicy'));
    const consolePolicy = policies.find((p) => flatten(p.Properties.Bucket) === `\${${bucketId}}`)!;
    expect(JSON.stringify(consolePolicy.Properties.PolicyDocument)).toContain(distributionId);
  });

  it('serves through origin access control, HTTPS only, index.html at the root', () => {
    // Act
    const { template, config } = consoleSite(stage);
    const [oac] = Object.values(resourcesOf(template, 'AWS::CloudFront::OriginAccessControl'));
    const [origin] = config.Origins as Array<Record<string, unknown>>;
    const behavior = config.DefaultCacheBehavior as Record<string, unknown>;

    // Assess
    expect(oac?.Properties.OriginAccessControlConfig).toMatchObject({
      OriginAccessControlOriginType: 's3',
      SigningBehavior: 'always',
      SigningProtocol: 'sigv4',
    });
    expect(origin?.OriginAccessControlId).toBeDefined();
    expect(resourcesOf(template, 'AWS::CloudFront::CloudFrontOriginAccessIdentity')).toEqual({});
    expect(config.DefaultRootObject).toBe('index.html');
    expect(behavior.ViewerProtocolPolicy).toBe('redirect-to-https');
    expect(behavior.AllowedMethods).toEqual(['GET', 'HEAD']);
    expect(behavior.ResponseHeadersPolicyId).toBeDefined();
  });

  it('sends a strict content security policy and the other security headers', () => {
    // Act
    const { template } = consoleSite(stage);
    const [policy] = Object.values(resourcesOf(template, 'AWS::CloudFront::ResponseHeadersPolicy'));
    const headers = (
      policy!.Properties.ResponseHeadersPolicyConfig as Record<string, Record<string, unknown>>
    ).SecurityHeadersConfig!;

    // Assess
    const csp = flatten(
      (headers.ContentSecurityPolicy as { ContentSecurityPolicy: unknown }).ContentSecurityPolicy,
    );
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("form-action 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(headers.FrameOptions).toEqual({ FrameOption: 'DENY', Override: true });
    expect(headers.ContentTypeOptions).toEqual({ Override: true });
    expect(headers.ReferrerPolicy).toEqual({ ReferrerPolicy: 'no-referrer', Override: true });
    expect(headers.StrictTransportSecurity).toMatchObject({ IncludeSubdomains: true, Override: true });
  });

  it('deploys the built page and its config.json, and invalidates the cache', () => {
    // Act
    const { template, bucketId, distributionId } = consoleSite(stage);
    const [deployment] = Object.values(resourcesOf(template, 'Custom::CDKBucketDeployment'));

    // Assess
    expect(deployment?.Properties.DestinationBucketName).toEqual({ Ref: bucketId });
    expect(deployment?.Properties.DistributionId).toEqual({ Ref: distributionId });
    expect(deployment?.Properties.DistributionPaths).toEqual(['/*']);
    // The built scripts and styles, index.html with its own CSP, widget.js, and config.json.
    expect(deployment?.Properties.SourceObjectKeys).toHaveLength(4);
    // config.json carries the API's endpoint, filled in at deploy time.
    const [apiId] = Object.keys(httpApiResourcesOf(template, 'AWS::ApiGatewayV2::Api'));
    expect(JSON.stringify(deployment?.Properties.SourceMarkers)).toContain(`"${apiId}","ApiEndpoint"`);
    // A stage that keeps its data keeps its console files; others empty the bucket on delete.
    expect(deployment?.Properties.RetainOnDelete).toBe(stage === 'prod');
  });

  it("lets the page connect to the stage's own API and uploads bucket, and nowhere else", () => {
    // Act
    const { template } = consoleSite(stage);
    const [deployment] = Object.values(resourcesOf(template, 'Custom::CDKBucketDeployment'));
    const [apiId] = Object.keys(httpApiResourcesOf(template, 'AWS::ApiGatewayV2::Api'));
    const [uploadsId] = Object.entries(resourcesOf(template, 'AWS::S3::Bucket')).find(
      ([, b]) => b.Properties.CorsConfiguration !== undefined,
    )!;
    const markers = (deployment!.Properties.SourceMarkers as Record<string, unknown>[]).map((source) =>
      Object.values(source).map(flatten),
    );

    // Assess
    // index.html's markers: the exact origins its connect-src names, filled in at deploy time
    // (the region is the user pool's endpoint, https://cognito-idp.<region>.amazonaws.com/).
    expect(markers).toContainEqual([
      `\${${apiId}.ApiEndpoint}`,
      `\${AWS::Region}`,
      `\${${uploadsId}.RegionalDomainName}`,
      `\${${uploadsId}.DomainName}`,
    ]);
  });

  it('lets the API and the uploads bucket accept the console origin', () => {
    // Act
    const { template, distributionId } = consoleSite(stage);
    const [api] = Object.values(httpApiResourcesOf(template, 'AWS::ApiGatewayV2::Api'));
    const cors = api!.Properties.CorsConfiguration as Record<string, unknown[]>;

    // Assess
    expect((cors.AllowOrigins ?? []).map(flatten)).toEqual([`https://\${${distributionId}.DomainName}`]);
    expect(cors.AllowHeaders).toEqual(['authorization', 'content-type']);
    expect(cors.AllowMethods).not.toContain('*');
    const uploads = Object.values(resourcesOf(template, 'AWS::S3::Bucket')).filter(
      (b) => b.Properties.CorsConfiguration !== undefined,
    );
    expect(uploads).toHaveLength(1);
    template.hasOutput('ConsoleUrl', {});
  });

  it(`follows the stage's removal policy`, () => {
    const { bucket } = consoleSite(stage);
    expect(bucket.DeletionPolicy).toBe(stage === 'prod' ? 'Retain' : 'Delete');
  });

  it("versions the page a day and logs every fetch to the stage's access-logs bucket", () => {
    // Act
    const { bucket } = consoleSite(stage);

    // Assess
    expect(bucket.Properties.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(bucket.Properties.LifecycleConfiguration).toEqual({
      Rules: [
        {
          AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
          NoncurrentVersionExpiration: { NoncurrentDays: 1 },
          Status: 'Enabled',
        },
      ],
    });
    expect(bucket.Properties.LoggingConfiguration).toMatchObject({ LogFilePrefix: 'console/' });
  });
});

describe('owner console with its own domain', () => {
  const consoleDomain = {
    domainName: 'console.example.com',
    certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/0f4e8c1a-5b6d-4e7f-8a9b-0c1d2e3f4a5b',
  };

  it(
    'serves the domain with its certificate over SNI, TLS 1.2 at least, and accepts that origin only',
    () => {
      // Act
      const { template } = synthesize('prod', { consoleDomain });
      const [distribution] = Object.values(resourcesOf(template, 'AWS::CloudFront::Distribution'));
      const config = distribution!.Properties.DistributionConfig as Record<string, unknown>;
      const [api] = Object.values(httpApiResourcesOf(template, 'AWS::ApiGatewayV2::Api'));

      // Assess
      expect(config.Aliases).toEqual(['console.example.com']);
      expect(config.ViewerCertificate).toEqual({
        AcmCertificateArn: consoleDomain.certificateArn,
        MinimumProtocolVersion: 'TLSv1.2_2021',
        SslSupportMethod: 'sni-only',
      });
      expect((api!.Properties.CorsConfiguration as { AllowOrigins: unknown[] }).AllowOrigins).toEqual([
        'https://console.example.com',
      ]);
      template.hasOutput('ConsoleUrl', { Value: 'https://console.example.com' });
      template.hasOutput('ConsoleDistributionDomain', {});
    },
    SYNTH_TIMEOUT_MS,
  );

  it.each([
    [{ ...consoleDomain, domainName: 'Console Example' }, /Invalid console domain/],
    [
      { ...consoleDomain, certificateArn: consoleDomain.certificateArn.replace('us-east-1', 'eu-west-1') },
      /us-east-1/,
    ],
  ])('refuses a domain CloudFront could not serve (%o)', (domain, message) => {
    expect(() => settingsForStage('prod', { consoleDomain: domain })).toThrow(message);
  });
});

describe('the console page CSP', () => {
  const html = readFileSync(join(CONSOLE_SOURCE_DIR, 'index.html'), 'utf8');
  const api = 'https://abc123.execute-api.eu-west-1.amazonaws.com';
  const bucket = 'https://uploads-x1.s3.eu-west-1.amazonaws.com';

  it('names only the page itself, the API and the bucket in connect-src, before any script loads', () => {
    // Act
    const page = withConnectSources(html, [api, bucket]);

    // Assess
    const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(page);
    expect(meta?.[1]).toBe(`connect-src 'self' ${api} ${bucket}`);
    expect(meta?.[1]).not.toContain('*');
    expect(page.indexOf(meta![0])).toBeLessThan(page.indexOf('<script'));
    expect(page.indexOf(meta![0])).toBeLessThan(page.indexOf('<link rel="stylesheet"'));
    expect(page.replace(`${meta![0]}\n`, '')).toBe(html);
  });

  it('refuses a page with no head rather than ship it without its CSP', () => {
    expect(() => withConnectSources('<p>hi</p>', [api])).toThrow(/no <head>/);
  });
});
