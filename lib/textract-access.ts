import { Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { HouseFunction } from './house-function.js';

/**
 * The three Textract actions the ingest worker's OCR calls, and nothing else: `DetectDocumentText`
 * for a photo, `StartDocumentTextDetection` and `GetDocumentTextDetection` for a scanned PDF.
 * Textract reads the object from the uploads bucket with the worker's own read grant (no
 * Textract service role, no SNS topic: the worker polls).
 */
export const TEXTRACT_ACTIONS = [
  'textract:DetectDocumentText',
  'textract:StartDocumentTextDetection',
  'textract:GetDocumentTextDetection',
] as const;

export const grantTextractOcr = (fn: HouseFunction): void => {
  fn.function.addToRolePolicy(new iam.PolicyStatement({ actions: [...TEXTRACT_ACTIONS], resources: ['*'] }));
  fn.setEnvironment({ OCR_ENGINE: 'textract' });
  Validations.of(fn).acknowledge({
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason:
      'Textract text detection has no resource-level permissions (its actions take no resource ARN), so the resource must be *; the statement is limited to the three text-detection actions OCR uses.',
  });
};
