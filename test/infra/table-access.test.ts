import { beforeAll, describe, expect, it } from 'vitest';
import {
  asArray,
  flatten,
  houseFunction,
  houseFunctions,
  resourcesOf,
  SYNTH_TIMEOUT_MS,
  statementsFor,
  synthesize,
} from './synth.js';

beforeAll(() => {
  synthesize('prod');
}, SYNTH_TIMEOUT_MS);

interface TableStatement {
  actions: string[];
  leadingKeys: string[];
  resources: string[];
  condition: unknown;
}

/** The DynamoDB statements of a function's role, actions and leading keys sorted. */
const tableStatements = (name: string): TableStatement[] => {
  const { template } = synthesize('prod');
  return statementsFor(template, houseFunction(template, name))
    .filter((statement) => asArray(statement.Action).some((action) => action.startsWith('dynamodb:')))
    .map((statement) => {
      const condition = (statement as { Condition?: Record<string, Record<string, string[]>> }).Condition;
      return {
        actions: asArray(statement.Action).sort(),
        leadingKeys: [...(condition?.['ForAllValues:StringLike']?.['dynamodb:LeadingKeys'] ?? [])].sort(),
        resources: asArray(statement.Resource).map(flatten),
        condition,
      };
    });
};

/** Action -> leading keys, as the role grants them. */
const grantedAccess = (name: string): Record<string, string[]> => {
  const granted: Record<string, string[]> = {};
  for (const statement of tableStatements(name)) {
    for (const action of statement.actions) {
      granted[action] = [...(granted[action] ?? []), ...statement.leadingKeys].sort();
    }
  }
  return granted;
};

describe('table access per function', () => {
  it('lets the Twilio webhook touch only arrivals, call claims, routes and tenant items it records', () => {
    // Act
    const granted = grantedAccess('twilio-webhook');

    // Assess
    expect(granted).toEqual({
      'dynamodb:GetItem': ['IDEMP#*', 'ROUTE#*', 'TENANT#*'],
      'dynamodb:UpdateItem': ['IDEMP#*', 'TENANT#*'],
      // Arrival notes; call logs and their transcripts (closed at the status callback).
      'dynamodb:PutItem': ['ARRIVAL#*', 'TENANT#*'],
      'dynamodb:Query': ['TENANT#*'],
    });
  });

  it('lets the WebSocket function touch only its connections and tenant items', () => {
    // Act
    const granted = grantedAccess('websocket');

    // Assess
    expect(granted).toEqual({
      'dynamodb:GetItem': ['TENANT#*', 'WSCONN#*'],
      'dynamodb:PutItem': ['TENANT#*', 'WSCONN#*'],
      'dynamodb:UpdateItem': ['TENANT#*', 'WSCONN#*'],
      // A web visitor's connection is listed under the visitor too (TENANT#...#WEB#...).
      'dynamodb:DeleteItem': ['TENANT#*', 'WSCONN#*'],
      'dynamodb:Query': ['TENANT#*'],
      'dynamodb:BatchWriteItem': ['TENANT#*'],
    });
  });

  it("lets the chat widget's function touch one business's items and arrival records, nothing else", () => {
    // Act
    const granted = grantedAccess('web-chat');

    // Assess
    expect(granted).toEqual({
      'dynamodb:GetItem': ['TENANT#*'],
      'dynamodb:PutItem': ['ARRIVAL#*', 'TENANT#*'],
      'dynamodb:UpdateItem': ['TENANT#*'],
      'dynamodb:Query': ['TENANT#*'],
    });
  });

  it('lets the Meta webhook write only arrivals and statuses, read only routes, and never read a tenant item', () => {
    // Act
    const granted = grantedAccess('meta-webhook');

    // Assess
    expect(granted).toEqual({
      'dynamodb:GetItem': ['ROUTE#*'],
      'dynamodb:PutItem': ['ARRIVAL#*'],
      'dynamodb:UpdateItem': ['TENANT#*'],
    });
  });

  it('keeps the ingest worker on tenant items, without puts or deletes of single items', () => {
    // Act
    const granted = grantedAccess('ingest-worker');

    // Assess
    expect(granted).toEqual({
      'dynamodb:GetItem': ['TENANT#*'],
      'dynamodb:UpdateItem': ['TENANT#*'],
      'dynamodb:Query': ['TENANT#*'],
      'dynamodb:BatchWriteItem': ['TENANT#*'],
    });
  });

  it('lets the answer worker only read channel routes, and keeps the admin API off sessions, owners and claims', () => {
    // Act
    const worker = grantedAccess('answer-worker');
    const admin = grantedAccess('admin-api');

    // Assess
    expect(worker['dynamodb:GetItem']).toContain('ROUTE#*');
    for (const action of ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'])
      expect(worker[action]).not.toContain('ROUTE#*');
    expect(worker['dynamodb:DeleteItem']).toEqual(['ALERTCONFIRM#*', 'APIKEY#*', 'SESSION#*', 'TENANT#*']);
    expect(worker['dynamodb:UpdateItem']).toEqual(['ALERTCONFIRM#*', 'IDEMP#*', 'TENANT#*']);
    for (const prefix of ['IDEMP#*', 'ARRIVAL#*']) {
      expect(Object.values(admin).flat()).not.toContain(prefix);
    }
    // Sessions and owner numbers only for data rights: an erase finds and removes a customer's
    // sessions, deleting a business removes its owner numbers; never written otherwise.
    for (const [action, prefixes] of Object.entries(admin))
      for (const prefix of ['SESSION#*', 'OWNER#*'])
        if (prefixes.includes(prefix))
          expect(['dynamodb:GetItem', 'dynamodb:BatchWriteItem']).toContain(action);
    expect(admin['dynamodb:DeleteItem']).toEqual(['ALERTCONFIRM#*', 'APIKEY#*', 'ROUTE#*', 'TENANT#*']);
    expect(admin['dynamodb:UpdateItem']).toEqual(['ALERTCONFIRM#*', 'APIKEY#*', 'TENANT#*']);
  });

  it('gives the health check no table access at all', () => {
    expect(tableStatements('health')).toEqual([]);
  });

  it('never grants Scan or a wildcard action, and conditions every statement on its leading keys', () => {
    // Act
    const { template } = synthesize('prod');
    const [tableId] = Object.keys(resourcesOf(template, 'AWS::DynamoDB::Table'));

    // Assess
    for (const fn of houseFunctions(template)) {
      for (const statement of tableStatements(fn.name)) {
        expect(statement.actions.filter((action) => /Scan|\*|DescribeTable/.test(action))).toEqual([]);
        expect(Object.keys(statement.condition as object)).toEqual(['ForAllValues:StringLike']);
        expect(statement.leadingKeys.length).toBeGreaterThan(0);
        for (const pattern of statement.leadingKeys) expect(pattern).toMatch(/^[A-Z]+#\*$/);
        // Only Query reaches an index, and only gsi1 by name.
        const expected = statement.actions.includes('dynamodb:Query')
          ? [`\${${tableId}.Arn}`, `\${${tableId}.Arn}/index/gsi1`]
          : [`\${${tableId}.Arn}`];
        expect(statement.resources).toEqual(expected);
      }
    }
  });
});
