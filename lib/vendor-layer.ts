import { DockerImage } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { REPO_ROOT } from './house-function.js';
import { buildVendorLayer, VENDOR_LAYER_DIR } from './layer-bundling.js';

/**
 * The vendor layer: heavy, rarely used packages (`LAYER_MODULES`) that functions require on first
 * use instead of bundling. Built locally with esbuild at synth time, like the functions.
 */
export class VendorLayer extends Construct {
  readonly layer: lambda.LayerVersion;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.layer = new lambda.LayerVersion(this, 'Layer', {
      description: 'Frontdesk vendor modules loaded on first use (twilio, cl100k tokenizer, Pinecone)',
      compatibleRuntimes: [lambda.Runtime.NODEJS_24_X],
      compatibleArchitectures: [lambda.Architecture.ARM_64],
      code: lambda.Code.fromAsset(`${REPO_ROOT}${VENDOR_LAYER_DIR}`, {
        bundling: {
          // Never used: local bundling always succeeds where the functions' esbuild runs.
          image: DockerImage.fromRegistry('public.ecr.aws/sam/build-nodejs24.x'),
          local: {
            tryBundle: (outputDir) => {
              buildVendorLayer(REPO_ROOT, outputDir);
              return true;
            },
          },
        },
      }),
    });
  }
}
